import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { pinHooksPath } from "../src/hooks-path.js";

const STOCK = '#!/usr/bin/env sh\n. "$(dirname "$0")/h"';

async function huskyRepo() {
  const repo = await gitRepo({ "a.txt": "a\n" });
  repo.write(".husky/_/h", "#!/usr/bin/env sh\n");
  for (const hook of ["pre-commit", "commit-msg", "pre-push", "post-merge"]) repo.write(`.husky/_/${hook}`, STOCK);
  await repo.git(["config", "core.hooksPath", ".husky/_"]);
  return repo;
}

describe("pinHooksPath", () => {
  it("keeps core.hooksPath relative and announces HUSKY=0 in rampart's wrappers", async () => {
    const repo = await huskyRepo();
    const commonDir = repo.path(".git");
    expect(await pinHooksPath({ cwd: repo.dir, env: repo.env, commonDir })).toBeUndefined();
    expect(await repo.git(["config", "core.hooksPath"])).toBe(".husky/_");
    expect(readFileSync(repo.path(".husky/_/pre-commit"), "utf8")).toContain(
      "HUSKY=0 is set: pre-commit checks SKIPPED",
    );
    expect(readFileSync(repo.path(".husky/_/post-merge"), "utf8")).toBe(STOCK);
    // Pinned already: nothing to change, whether the config is read or asked for.
    expect(await pinHooksPath({ cwd: repo.dir, env: repo.env, commonDir })).toBeUndefined();
    expect(await pinHooksPath({ cwd: repo.dir, env: repo.env })).toBeUndefined();
  });

  it("turns an absolute pin (this repository's, or a moved copy's) back into the relative path", async () => {
    const repo = await huskyRepo();
    await repo.git(["config", "core.hooksPath", repo.path(".husky/_")]);
    expect(await pinHooksPath({ cwd: repo.dir, env: repo.env })).toBe(".husky/_");
    expect(await repo.git(["config", "core.hooksPath"])).toBe(".husky/_");
    await repo.git(["config", "core.hooksPath", "/old/home/project/.husky/_"]);
    expect(await pinHooksPath({ cwd: repo.dir, env: repo.env, commonDir: repo.path(".git") })).toBe(".husky/_");
    expect(await repo.git(["config", "core.hooksPath"])).toBe(".husky/_");
  });

  it("gives a linked worktree husky's folder (git-ignored, so a new worktree lacks it)", async () => {
    const repo = await huskyRepo();
    repo.write(".husky/pre-commit", "echo hi\n");
    repo.write(".gitignore", ".husky/_\n");
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "husky"]);
    const wt = `${repo.dir}-wt`;
    await repo.git(["worktree", "add", "-q", "-b", "wt", wt]);
    expect(existsSync(join(wt, ".husky/_/h"))).toBe(false);
    await pinHooksPath({ cwd: repo.dir, env: repo.env });
    expect(readFileSync(join(wt, ".husky/_/h"), "utf8")).toBe("#!/usr/bin/env sh\n");
    expect(readFileSync(join(wt, ".husky/_/pre-commit"), "utf8")).toContain("HUSKY=0 is set");
    expect(await repo.git(["config", "core.hooksPath"])).toBe(".husky/_");
    rmSync(wt, { recursive: true, force: true });
  });

  it("leaves another hooks path, and a husky folder without its wrappers, alone", async () => {
    const repo = await huskyRepo();
    await repo.git(["config", "core.hooksPath", ".githooks"]);
    expect(await pinHooksPath({ cwd: repo.dir, env: repo.env })).toBeUndefined();
    expect(await repo.git(["config", "core.hooksPath"])).toBe(".githooks");
    const bare = await gitRepo({ "a.txt": "a\n" });
    await bare.git(["config", "core.hooksPath", ".husky/_"]);
    expect(await pinHooksPath({ cwd: bare.dir, env: bare.env })).toBeUndefined();
  });
});
