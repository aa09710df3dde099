import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliBin, gitRepo, repoRoot, runCommand } from "../helpers/src/index.js";
import { fakeAwsKey, linkTools, PACKAGE_JSON } from "./linked.js";

// rampart on rampart: this repository's own hooks and policy (.husky/, .rampart/, as committed),
// activated the way `pnpm install` does it (the root `prepare` script runs husky), in a throwaway
// repository with the built CLI linked as node_modules/.bin/rampart.
const tracked = execFileSync("git", ["ls-files", "-z", ".husky", ".rampart"], { cwd: repoRoot, encoding: "utf8" })
  .split("\0")
  .filter((f) => f !== "");

async function ownHooksRepo() {
  const files: Record<string, string> = { "package.json": PACKAGE_JSON, ".gitignore": "node_modules\n" };
  for (const f of tracked) files[f] = readFileSync(join(repoRoot, f), "utf8");
  const repo = await gitRepo(files);
  linkTools(repo.dir);
  const husky = await runCommand(process.execPath, [join(repo.dir, "node_modules/husky/bin.js")], {
    cwd: repo.dir,
    env: repo.env,
  });
  expect(husky.exitCode, husky.stderr).toBe(0);
  expect((await repo.git(["config", "core.hooksPath"])).trim()).toBe(".husky/_");
  return repo;
}

describe("the repository's own hooks", () => {
  it("are the three rampart hooks under the strict policy", () => {
    expect(tracked).toEqual(
      expect.arrayContaining([".husky/pre-commit", ".husky/commit-msg", ".husky/pre-push", ".rampart/config.yaml"]),
    );
    const root = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    expect(root.scripts.prepare).toBe("husky");
    // The hooks run this checkout's own build, never a registry package named rampart.
    expect(root.devDependencies.rampart).toBe("workspace:*");
    expect(JSON.parse(readFileSync(join(repoRoot, ".rampart/hooks.lock.json"), "utf8")).profile).toBe("strict");
  });

  it("are the current template's blocks (what `rampart hooks install` of this build writes): the startup snapshot line included", async () => {
    const repo = await ownHooksRepo();
    try {
      // The install command the blocks name follows the package manager: this repository's.
      const { packageManager } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
      repo.write("package.json", `${JSON.stringify({ ...JSON.parse(PACKAGE_JSON), packageManager }, null, 2)}\n`);
      const r = await runCommand(process.execPath, [cliBin, "hooks", "install"], { cwd: repo.dir, env: repo.env });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(await repo.git(["diff", "--", ".husky"])).toBe("");
      expect(readFileSync(repo.path(".husky/pre-commit"), "utf8")).toContain("--snapshot-blob .git/rampart/hook.blob");
    } finally {
      repo.cleanup();
    }
  });

  it("refuse a commit that adds a secret, without printing it, and let a clean commit through", async () => {
    const repo = await ownHooksRepo();
    try {
      const before = (await repo.git(["rev-parse", "HEAD"])).trim(); // gitRepo committed the files
      repo.write("deploy.ini", `aws_access_key_id = ${fakeAwsKey()}\n`);
      await repo.git(["add", "deploy.ini"]);
      const refused = await repo.gitResult(["commit", "-m", "deploy: add the settings"]);
      expect(refused.exitCode).not.toBe(0);
      expect(`${refused.stdout}${refused.stderr}`).toContain("aws-access-key-id");
      expect(`${refused.stdout}${refused.stderr}`).not.toContain(fakeAwsKey());
      expect((await repo.git(["rev-parse", "HEAD"])).trim()).toBe(before);
      const leakyMessage = await repo.gitResult(["commit", "--allow-empty", "-m", `key ${fakeAwsKey()}`]);
      expect(leakyMessage.exitCode).not.toBe(0);
      expect(leakyMessage.stderr).toContain("aws-access-key-id");
      await repo.git(["rm", "-q", "--cached", "deploy.ini"]);
      repo.write("index.js", "1;\n");
      await repo.git(["add", "index.js"]);
      // No Conventional Commits header needed here (commitlint is off in this repository's policy).
      const clean = await repo.gitResult(["commit", "-m", "index: a clean change"]);
      expect(clean.exitCode, clean.stderr).toBe(0);
    } finally {
      repo.cleanup();
    }
  });
});
