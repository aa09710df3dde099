import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { CatFileBatch } from "../src/cat-file.js";
import {
  assertFullHistory,
  getGitDir,
  getHeadCommit,
  getRepoRoot,
  git,
  gitBuffer,
  isShallowRepo,
  splitNul,
} from "../src/git.js";

const awkwardNames = [
  "plain.txt",
  "with space.txt",
  "new\nline.txt",
  "ünï cödé/日本.md",
  "tab\there.txt",
  'quote".txt',
];

describe("git and -z parsing", () => {
  it("lists awkward file names exactly through -z", async () => {
    const repo = await gitRepo(Object.fromEntries(awkwardNames.map((n) => [n, `content of ${n}`])));
    const r = await gitBuffer(["ls-files", "-z"], { cwd: repo.dir, env: repo.env });
    expect(splitNul(r.stdout).sort()).toEqual([...awkwardNames].sort());
    const diff = await git(["diff-tree", "-r", "-z", "--name-only", "--root", "HEAD"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(splitNul(diff.stdout).slice(1).sort()).toEqual([...awkwardNames].sort());
  });

  it("splitNul drops only the trailing terminator", () => {
    expect(splitNul("")).toEqual([]);
    expect(splitNul("a\0b\0")).toEqual(["a", "b"]);
    expect(splitNul("a\0\0b")).toEqual(["a", "", "b"]);
    expect(splitNul(Buffer.from("x\ny\0"))).toEqual(["x\ny"]);
  });

  it("treats okExitCodes as answers and other failures as GIT_FAILED", async () => {
    const repo = await gitRepo({ "a.txt": "1" });
    repo.write("a.txt", "2");
    const diff = await git(["diff", "--quiet"], { cwd: repo.dir, env: repo.env, okExitCodes: [1] });
    expect(diff.exitCode).toBe(1);
    await expect(git(["diff", "--quiet"], { cwd: repo.dir, env: repo.env })).rejects.toMatchObject({
      code: "GIT_FAILED",
    });
    await expect(
      git(["rev-parse", "--verify", "no-such-branch"], { cwd: repo.dir, env: repo.env }),
    ).rejects.toMatchObject({
      code: "GIT_FAILED",
      message: expect.stringContaining("git rev-parse failed (exit 128)"),
    });
  });

  it("finds the root and the git dir from a subdirectory", async () => {
    const repo = await gitRepo({ "a/b/c.txt": "x" });
    const options = { cwd: join(repo.dir, "a/b"), env: repo.env };
    expect(await getRepoRoot(options)).toBe(repo.dir);
    expect(await getGitDir(options)).toEqual({ gitDir: join(repo.dir, ".git"), commonDir: join(repo.dir, ".git") });
  });

  it("passes input on stdin", async () => {
    const repo = await gitRepo({ "a.txt": "1" });
    const r = await git(["hash-object", "--stdin"], { cwd: repo.dir, env: repo.env, input: "hello\n" });
    expect(r.stdout.trim()).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  });
});

describe("clear errors", () => {
  it("NOT_A_GIT_REPO outside a repository", async () => {
    const dir = await gitRepo({ "f.txt": "x" }, { init: false });
    await expect(getRepoRoot({ cwd: dir.dir, env: dir.env })).rejects.toMatchObject({
      code: "NOT_A_GIT_REPO",
      hint: expect.stringContaining("--cwd"),
    });
  });

  it("GIT_NOT_FOUND when git is not on PATH", async () => {
    const repo = await gitRepo({ "a.txt": "1" });
    const env = { ...repo.env, PATH: join(repo.home, "no-bin") };
    await expect(getRepoRoot({ cwd: repo.dir, env })).rejects.toMatchObject({ code: "GIT_NOT_FOUND" });
    const batch = new CatFileBatch({ cwd: repo.dir, env });
    await expect(batch.read("HEAD")).rejects.toMatchObject({ code: "GIT_NOT_FOUND" });
    batch.close();
  });

  it("a working directory that does not exist is not blamed on git", async () => {
    const repo = await gitRepo({ "a.txt": "1" });
    await expect(getRepoRoot({ cwd: join(repo.dir, "gone"), env: repo.env })).rejects.toMatchObject({
      code: "GIT_FAILED",
      message: expect.stringContaining("does not exist"),
    });
  });

  it("an empty repository: unborn HEAD", async () => {
    const repo = await gitRepo();
    const options = { cwd: repo.dir, env: repo.env };
    expect(await getHeadCommit(options)).toBeNull();
    await expect(git(["log"], options)).rejects.toMatchObject({ code: "GIT_UNBORN_HEAD" });
    await expect(git(["rev-parse", "HEAD"], options)).rejects.toMatchObject({ code: "GIT_UNBORN_HEAD" });
    const first = await repo.commit("first", { allowEmpty: true });
    expect(await getHeadCommit(options)).toBe(first);
  });

  it("a bad revision in a repo with history is not mistaken for an unborn HEAD", async () => {
    const repo = await gitRepo({ "a.txt": "1" });
    await expect(git(["log", "HEAD~5"], { cwd: repo.dir, env: repo.env })).rejects.toMatchObject({
      code: "GIT_FAILED",
    });
    await expect(git(["log", "nope..HEAD"], { cwd: repo.dir, env: repo.env })).rejects.toMatchObject({
      code: "GIT_FAILED",
    });
  });

  it("a shallow clone: detected, and assertFullHistory says how to fix it", async () => {
    const origin = await gitRepo({ "a.txt": "1" });
    origin.write("a.txt", "2");
    await origin.commit("second");
    const clonePath = join(origin.home, "clone");
    await origin.git(["clone", "-q", "--depth", "1", `file://${origin.dir}`, clonePath]);
    const shallow = { cwd: clonePath, env: origin.env };
    expect(await isShallowRepo(shallow)).toBe(true);
    await expect(assertFullHistory(shallow, "the signature check")).rejects.toMatchObject({
      code: "GIT_SHALLOW_CLONE",
      message: expect.stringContaining("the signature check"),
      hint: expect.stringContaining("git fetch --unshallow"),
    });
    const full = { cwd: origin.dir, env: origin.env };
    expect(await isShallowRepo(full)).toBe(false);
    await expect(assertFullHistory(full, "x")).resolves.toBeUndefined();
  });
});

describe("CatFileBatch", () => {
  it("reads binary blobs byte for byte, including ones that look like headers", async () => {
    const binary = Buffer.concat([Buffer.from([0, 10, 13, 255, 0]), randomBytes(70_000), Buffer.from("\nmissing\n")]);
    const fake = Buffer.from("0123456789012345678901234567890123456789 blob 3\nabc\n");
    const repo = await gitRepo({ "bin.dat": binary, "fake.txt": fake, empty: "" });
    const batch = new CatFileBatch({ cwd: repo.dir, env: repo.env });
    try {
      const [a, b, c] = await Promise.all([
        batch.read("HEAD:bin.dat"),
        batch.read("HEAD:fake.txt"),
        batch.read("HEAD:empty"),
      ]);
      expect(a?.type).toBe("blob");
      expect(a?.size).toBe(binary.length);
      expect(a?.content.equals(binary)).toBe(true);
      expect(b?.content.equals(fake)).toBe(true);
      expect(c?.content.length).toBe(0);
      const commit = await batch.read("HEAD");
      expect(commit?.type).toBe("commit");
      expect(commit?.content.toString()).toContain("initial commit");
    } finally {
      batch.close();
    }
  });

  it("pipelines many requests in order and answers missing objects with null", async () => {
    const files = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`f/${i}.txt`, `file ${i}\n`.repeat(i % 7)]),
    );
    const repo = await gitRepo({ ...files, "with space.txt": "s" });
    const batch = new CatFileBatch({ cwd: repo.dir, env: repo.env });
    try {
      const names = Object.keys(files);
      const results = await Promise.all(names.map((n) => batch.read(`HEAD:${n}`)));
      results.forEach((r, i) => {
        expect(r?.content.toString()).toBe(files[names[i]!]);
      });
      expect(await batch.read("HEAD:no/such/file")).toBeNull();
      expect(await batch.read("0000000000000000000000000000000000000001")).toBeNull();
      expect((await batch.read("HEAD:with space.txt"))?.content.toString()).toBe("s");
      await expect(batch.read("HEAD:new\nline")).rejects.toMatchObject({ code: "GIT_FAILED" });
    } finally {
      batch.close();
    }
    await expect(batch.read("HEAD")).rejects.toThrow(/after close/);
  });

  it("refuses a name ending in a carriage return, which git would answer with the name without it", async () => {
    const repo = await gitRepo({ "y\r": "with a CR\n", y: "without\n" });
    const batch = new CatFileBatch({ cwd: repo.dir, env: repo.env });
    try {
      await expect(batch.read("HEAD:y\r")).rejects.toMatchObject({ code: "GIT_FAILED" });
      expect((await batch.read("HEAD:y"))?.content.toString()).toBe("without\n");
    } finally {
      batch.close();
    }
    await expect(batch.read("HEAD")).rejects.toThrow(/after close/);
  });

  it("reads a large blob that arrives in many chunks", async () => {
    const big = randomBytes(8 * 1024 * 1024);
    const repo = await gitRepo({ "big.bin": big });
    const batch = new CatFileBatch({ cwd: repo.dir, env: repo.env });
    try {
      const [obj, after] = await Promise.all([batch.read("HEAD:big.bin"), batch.read("HEAD:big.bin")]);
      expect(obj?.content.equals(big)).toBe(true);
      expect(after?.size).toBe(big.length);
    } finally {
      batch.close();
    }
  });

  it("rejects pending reads outside a repository", async () => {
    const dir = await gitRepo({ "f.txt": "x" }, { init: false });
    const batch = new CatFileBatch({ cwd: dir.dir, env: dir.env });
    await expect(batch.read("HEAD")).rejects.toMatchObject({ code: "NOT_A_GIT_REPO" });
    batch.close();
  });
});
