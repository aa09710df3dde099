import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { gitRepo, tempDir } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { loadSbomConfig } from "../src/sbom/config.js";

// loadSbomConfig asks git once for the root and the common dir; both must be the right ones.

describe("the sbom section of the policy", () => {
  it("in a linked worktree: the worktree's policy, remembered in the repository's common dir", async () => {
    const repo = await gitRepo({
      "package-lock.json": "{}",
      ".rampart/config.yaml": "version: 1\nsbom:\n  format: spdx-json\n  lockfile: sub/package-lock.json\n",
    });
    const linked = join(tempDir().dir, "linked");
    await repo.git(["worktree", "add", "-q", linked]);
    const config = await loadSbomConfig({ cwd: join(linked, ".rampart"), env: repo.env });
    expect(config.root).toBe(realpathSync(linked));
    expect(config.format).toBe("spdx-json");
    expect(config.lockfile).toBe(join(realpathSync(linked), "sub/package-lock.json"));
    // The parsed policy is kept in git's common dir (the main repository's .git), not in the
    // worktree's own git dir nor in the working tree.
    expect(existsSync(repo.path(".git/rampart/policy-cache.json"))).toBe(true);
    expect(existsSync(repo.path(".git/worktrees/linked/rampart"))).toBe(false);
    expect(existsSync(join(linked, "rampart"))).toBe(false);
  });

  it("outside a repository: no policy, the defaults", async () => {
    const dir = tempDir().dir;
    expect(await loadSbomConfig({ cwd: dir })).toEqual({});
  });
});
