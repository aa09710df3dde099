import { mkdirSync, rmSync } from "node:fs";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { headFromFiles } from "../src/head.js";

// headFromFiles reads HEAD's commit id from .git's files (no git process) and must agree with git
// wherever it answers, through real git: loose and packed branches (loose first, as git looks
// them up), a detached HEAD; and it must not answer where it could be wrong.

describe("headFromFiles", () => {
  it("agrees with git rev-parse HEAD: loose, packed, loose again over packed, detached", async () => {
    const repo = await gitRepo({ "a.txt": "1\n" });
    const gitDir = repo.path(".git");
    const head = () => repo.git(["rev-parse", "HEAD"]);
    expect(headFromFiles(gitDir)).toBe(await head());
    await repo.git(["pack-refs", "--all"]);
    expect(await repo.gitResult(["show-ref", "--verify", "-q", "refs/heads/main"])).toMatchObject({ exitCode: 0 });
    expect(headFromFiles(gitDir)).toBe(await head());
    // A new commit writes the branch loose again, newer than the packed line (which stays).
    const packed = await head();
    repo.write("a.txt", "2\n");
    await repo.git(["commit", "-qam", "two"]);
    expect(await head()).not.toBe(packed);
    expect(headFromFiles(gitDir)).toBe(await head());
    await repo.git(["checkout", "-q", "--detach", packed]);
    expect(headFromFiles(gitDir)).toBe(packed);
  });

  it("does not answer for an unborn branch, a symbolic branch, or reftable storage", async () => {
    const repo = await gitRepo({ "a.txt": "1\n" });
    const gitDir = repo.path(".git");
    await repo.git(["symbolic-ref", "refs/heads/alias", "refs/heads/main"]);
    await repo.git(["symbolic-ref", "HEAD", "refs/heads/alias"]);
    expect(await repo.git(["rev-parse", "HEAD"])).toMatch(/^[0-9a-f]{40}$/);
    expect(headFromFiles(gitDir)).toBeUndefined();
    await repo.git(["symbolic-ref", "HEAD", "refs/heads/none-yet"]);
    expect(headFromFiles(gitDir)).toBeUndefined();
    await repo.git(["symbolic-ref", "HEAD", "refs/heads/main"]);
    expect(headFromFiles(gitDir)).toBe(await repo.git(["rev-parse", "HEAD"]));
    mkdirSync(repo.path(".git/reftable"));
    expect(headFromFiles(gitDir)).toBeUndefined();
    rmSync(repo.path(".git/reftable"), { recursive: true });
    const reftable = await gitRepo({});
    const made = await reftable.gitResult(["init", "-q", "--ref-format=reftable", "rt"]);
    if (made.exitCode === 0) {
      const rt = { git: (args: string[]) => reftable.git(["-C", "rt", ...args]) };
      await rt.git(["commit", "-q", "--allow-empty", "-m", "one"]);
      expect(await rt.git(["rev-parse", "HEAD"])).toMatch(/^[0-9a-f]{40}$/);
      expect(headFromFiles(reftable.path("rt/.git"))).toBeUndefined();
    }
  });
});
