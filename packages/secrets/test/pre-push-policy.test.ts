import { ExitCode } from "@rampart/core";
import { gitRepo, runCli } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { githubToken, tokenLine } from "./synthetic.js";

// Runs the built bin (packages/cli/dist): build first with `pnpm exec tsc -b packages/cli`.
// pre-push reads the secrets policy the remote already has: a pushed commit that adds a secret
// and an ignorePaths entry for it is still refused.
test("rampart hook pre-push: the pushed commits cannot switch the secret scan off for themselves", async () => {
  const repo = await gitRepo({
    "README.md": "hello\n",
    ".rampart/config.yaml": "version: 1\nsecrets: {}\nhooks:\n  prePush:\n    signatures: false\n",
  });
  const remote = await gitRepo({}, { bare: true });
  await repo.git(["remote", "add", "origin", remote.dir]);
  await repo.git(["push", "-q", "origin", "main"]);
  const tip = await repo.git(["rev-parse", "HEAD"]);
  repo.write("src/leak.js", tokenLine(githubToken(9)));
  repo.write(
    ".rampart/config.yaml",
    "version: 1\nsecrets:\n  ignorePaths: ['src/**']\nhooks:\n  prePush:\n    signatures: false\n",
  );
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "--no-verify", "-m", "leak"]);
  const head = await repo.git(["rev-parse", "HEAD"]);
  const input = `refs/heads/main ${head} refs/heads/main ${tip}\n`;
  const r = await runCli(["hook", "pre-push", "origin", remote.dir], { cwd: repo.dir, env: repo.env, input });
  expect(r.stdout + r.stderr).toContain("src/leak.js");
  expect(r.exitCode).toBe(ExitCode.Findings);
});

test("a renamed policy (.rampart/config.yml) makes the hook and a CI scan refuse with exit 2 naming it", async () => {
  const repo = await gitRepo({
    "README.md": "hello\n",
    ".rampart/config.yml": "version: 1\nsecrets:\n  disableRules: []\n",
  });
  repo.write("a.txt", "x\n");
  await repo.git(["add", "a.txt"]);
  const hook = await runCli(["hook", "pre-commit"], { cwd: repo.dir, env: repo.env });
  expect(hook.exitCode).toBe(ExitCode.Error);
  expect(hook.stderr).toContain(".rampart/config.yml");
  const ci = await runCli(["secrets", "scan", "--staged"], { cwd: repo.dir, env: { ...repo.env, CI: "true" } });
  expect(ci.exitCode).toBe(ExitCode.Error);
  expect(ci.stderr).toMatch(/\.rampart\/config\.yml.*\n.*rename/s);
  expect(ci.stderr).not.toMatch(/\n\s+at /);
});
