import { readFileSync } from "node:fs";
import { ExitCode } from "@rampart/core";
import { gitRepo, runCli } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { signedRepo, signerLine } from "./fixtures.js";

// Runs the built bin (build first: npm run build). The signatures cache names the code that judged
// (cache.ts codeId); `signatures verify`, `signatures pre-push` and the pre-push hook run the same
// code, so they name it alike and read one cache: none of them throws the others' verdicts away.
test("verify, signatures pre-push and the pre-push hook share one cache", async () => {
  const s = await signedRepo(
    ["alice"],
    (k) => signerLine("alice@example.org", k.alice!),
    "hooks:\n  prePush:\n    secrets: false\n",
  );
  const { repo } = s;
  const remote = await gitRepo({}, { bare: true });
  await repo.git(["remote", "add", "origin", remote.dir]);
  await repo.git(["push", "-q", "origin", "main"]);
  await repo.git(["checkout", "-q", "-b", "feature"]);
  await s.commit("one", s.keys.alice);
  const tip = await s.commit("two", s.keys.alice);
  const file = repo.path(".git/rampart/signatures-cache.json");
  const code = () => (JSON.parse(readFileSync(file, "utf8")) as { code: string }).code;
  const verify = await runCli(["signatures", "verify"], { cwd: repo.dir, env: repo.env });
  expect(verify.exitCode, verify.stderr).toBe(ExitCode.Clean);
  const judged = code();
  const input = `refs/heads/feature ${tip} refs/heads/feature ${"0".repeat(40)}\n`;
  const hook = await runCli(["hook", "pre-push", "origin", remote.dir], { cwd: repo.dir, env: repo.env, input });
  expect(hook.exitCode, hook.stderr).toBe(ExitCode.Clean);
  expect(code()).toBe(judged);
  const command = await runCli(["signatures", "pre-push", "origin", remote.dir], {
    cwd: repo.dir,
    env: repo.env,
    input,
  });
  expect(command.exitCode, command.stderr).toBe(ExitCode.Clean);
  expect(code()).toBe(judged);
  // And the next verify finds every verdict there.
  const again = await runCli(["signatures", "verify", "--format", "json"], { cwd: repo.dir, env: repo.env });
  const stats = JSON.parse(again.stdout).stats as { commits: number; cached: number };
  expect(stats.cached).toBe(stats.commits);
});
