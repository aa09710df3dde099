import { chmodSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { gitRepo, repoRoot } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { writeChanges } from "../src/apply.js";
import { hooksStatus } from "../src/doctor.js";
import { planInit } from "../src/plan.js";

const templatesDir = resolve(repoRoot, "packages/hooks/templates");

async function installed() {
  const repo = await gitRepo({ "package.json": '{ "name": "x" }\n' });
  const plan = await planInit({
    cwd: repo.dir,
    env: repo.env,
    templatesDir,
    profile: "minimal",
    rampartVersion: "0.1.0",
  });
  writeChanges(plan.project.gitRoot, plan.changes);
  return repo;
}
const byName = async (repo: Awaited<ReturnType<typeof installed>>) =>
  Object.fromEntries((await hooksStatus({ cwd: repo.dir, env: repo.env })).checks.map((c) => [c.name, c]));

describe("hooksStatus", () => {
  it("says rampart is not installed where init never ran", async () => {
    const repo = await gitRepo({ "a.txt": "a\n" });
    const { checks } = await hooksStatus({ cwd: repo.dir, env: repo.env });
    expect(checks).toEqual([
      expect.objectContaining({ name: "installed", ok: false, fix: "npx --no-install rampart init" }),
    ]);
  });

  it("finds an edited block and a missing hook, and hooksPath not pointing at husky", async () => {
    const repo = await installed();
    const before = await byName(repo);
    expect(before["hook .husky/pre-push"]?.ok).toBe(true);
    expect(before["core.hooksPath"]).toMatchObject({ ok: false, detail: expect.stringContaining("not set") });
    const text = readFileSync(repo.path(".husky/commit-msg"), "utf8");
    repo.write(".husky/commit-msg", text.replace("hook commit-msg", "hook commit-msg --quiet"));
    rmSync(repo.path(".husky/pre-push"));
    const after = await byName(repo);
    expect(after["hook .husky/commit-msg"]).toMatchObject({ ok: false, detail: expect.stringContaining("modified") });
    expect(after["hook .husky/pre-push"]).toMatchObject({ ok: false, detail: "missing" });
    expect(after.config?.ok).toBe(true);
    expect(after.signing).toMatchObject({ ok: false, warning: true });
  });

  it("says whether the hooks' startup snapshot is built, and why a build failed (a warning)", async () => {
    const repo = await installed();
    expect((await byName(repo))["hook snapshot"]).toMatchObject({
      ok: true,
      detail: expect.stringContaining("none yet"),
    });
    repo.write(".git/rampart/hook.blob.failed", "v24.0.0 linux-x64 1 2\nError: no space left on device\n");
    expect((await byName(repo))["hook snapshot"]).toMatchObject({
      ok: false,
      warning: true,
      detail: expect.stringContaining("Error: no space left on device"),
    });
  });

  it("says a blob without its builder's mark is not used (an older rampart's, or one written since its build)", async () => {
    const repo = await installed();
    mkdirSync(repo.path(".git/rampart"), { mode: 0o700, recursive: true });
    chmodSync(repo.path(".git/rampart"), 0o700);
    repo.write(".git/rampart/hook.blob", "blob");
    repo.write(".git/rampart/hook.blob.json", "{}");
    chmodSync(repo.path(".git/rampart/hook.blob"), 0o4600);
    expect((await byName(repo))["hook snapshot"]?.detail).toContain("used while current");
    for (const mode of [0o600, 0o4660, 0o664]) {
      chmodSync(repo.path(".git/rampart/hook.blob"), mode);
      expect((await byName(repo))["hook snapshot"]?.detail, mode.toString(8)).toContain("not used");
    }
    chmodSync(repo.path(".git/rampart/hook.blob"), 0o4600);
    chmodSync(repo.path(".git/rampart"), 0o775);
    expect((await byName(repo))["hook snapshot"]?.detail).toContain("not used");
  });

  it("says the startup snapshot is not used in a linked worktree (where no commit builds one)", async () => {
    const repo = await installed();
    await repo.commit("chore: adopt rampart");
    const linked = `${repo.dir}-linked`;
    await repo.git(["worktree", "add", "-q", linked]);
    const checks = (await hooksStatus({ cwd: linked, env: repo.env })).checks;
    expect(checks.find((c) => c.name === "hook snapshot")).toMatchObject({
      ok: true,
      detail: expect.stringContaining("not used here"),
    });
    expect((await byName(repo))["hook snapshot"]?.detail).toContain("none yet");
    rmSync(linked, { recursive: true, force: true });
  });

  it("reports `exit 0` placed before rampart's block", async () => {
    const repo = await installed();
    const text = readFileSync(repo.path(".husky/pre-commit"), "utf8");
    repo.write(".husky/pre-commit", `exit 0\n${text}`);
    expect((await byName(repo))["hook .husky/pre-commit"]).toMatchObject({
      ok: false,
      detail: expect.stringContaining("`exit 0` before"),
    });
  });

  it("reports an invalid policy with its message", async () => {
    const repo = await installed();
    repo.write(".rampart/config.yaml", "hooks:\n  preCommit:\n    secret: true\n");
    expect((await byName(repo)).config).toMatchObject({
      ok: false,
      detail: expect.stringContaining("hooks.preCommit.secret"),
    });
  });

  it("says when CI's pinned rampart and the installed one differ, and when CI runs the checkout's copy", async () => {
    const repo = await installed();
    const ci = ".github/workflows/rampart.yml";
    repo.write("node_modules/rampart/package.json", '{ "name": "rampart", "version": "0.1.0" }\n');
    expect((await byName(repo))[`CI ${ci}`]).toMatchObject({
      ok: true,
      detail: expect.stringContaining("rampart@0.1.0"),
    });
    repo.write("node_modules/rampart/package.json", '{ "name": "rampart", "version": "0.2.0" }\n');
    expect((await byName(repo))[`CI ${ci}`]).toMatchObject({
      ok: false,
      warning: true,
      fix: expect.stringContaining(`set rampart@0.2.0 in ${ci}`),
    });
    // A workflow from an older init, running the checkout's node_modules/.bin/rampart.
    const text = readFileSync(repo.path(ci), "utf8");
    repo.write(ci, text.replace(/rampart@0\.1\.0/g, "").replaceAll("$RUNNER_TEMP/rampart/", ""));
    expect((await byName(repo))[`CI ${ci}`]).toMatchObject({
      ok: false,
      detail: expect.stringContaining("the change under review can replace"),
    });
  });
});
