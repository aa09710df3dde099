import { spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { tempDir } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { RampartError } from "../src/errors.js";
import {
  isPlainRelativePath,
  mkdirSafe,
  readFileSafe,
  removeSafe,
  writeFileSafe,
  writeOutputFile,
} from "../src/fs/safe-write.js";

function sandbox() {
  const { dir } = tempDir();
  const root = join(dir, "repo");
  const outside = join(dir, "outside");
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, "victim"), "precious\n");
  return { root, outside };
}

function refusal(fn: () => unknown): RampartError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RampartError);
    return error as RampartError;
  }
  throw new Error("expected a refusal");
}

describe("writeFileSafe", () => {
  it("writes a new file, and replaces an existing one keeping its mode, with no temp file left", () => {
    const { root } = sandbox();
    writeFileSafe("a.txt", "one\n", { root, mode: 0o755 });
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("one\n");
    chmodSync(join(root, "a.txt"), 0o640);
    writeFileSafe(join(root, "a.txt"), Buffer.from("two\n"), { root, mode: 0o777 });
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("two\n");
    expect(statSync(join(root, "a.txt")).mode & 0o777).toBe(0o640);
    expect(readdirSync(root)).toEqual(["a.txt"]);
  });

  it("refuses a target that is a symlink, and leaves what it points at alone", () => {
    const { root, outside } = sandbox();
    symlinkSync(join(outside, "victim"), join(root, "a.txt"));
    const e = refusal(() => writeFileSafe("a.txt", "x", { root }));
    expect(e.code).toBe("FS_SYMLINK_REFUSED");
    expect(e.file).toBe("a.txt");
    expect(e.hint).toMatch(/symlink/);
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");
  });

  it("refuses a symlinked folder anywhere between the root and the target", () => {
    const { root, outside } = sandbox();
    mkdirSync(join(root, "a"));
    symlinkSync(outside, join(root, "a", "b"));
    for (const path of ["a/b/victim", "a/b/new/x"]) {
      const e = refusal(() => writeFileSafe(path, "x", { root, createParents: true }));
      expect(e.code).toBe("FS_SYMLINK_REFUSED");
      expect(e.message).toContain("a/b is a symlink");
    }
    expect(readdirSync(outside)).toEqual(["victim"]);
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");
  });

  it("refuses paths outside the root (.., absolute, the root itself)", () => {
    const { root, outside } = sandbox();
    for (const path of ["../outside/victim", join(outside, "victim"), ".", "a/../../outside/victim"]) {
      const e = refusal(() => writeFileSafe(path, "x", { root, createParents: true }));
      expect(e.code).toBe("FS_OUTSIDE_ROOT");
    }
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");
  });

  it("refuses a path into a .git folder below the root (git's config and hooks run code)", () => {
    const { root } = sandbox();
    mkdirSync(join(root, ".git", "hooks"), { recursive: true });
    for (const path of [".git/config", ".git/hooks/pre-commit", "sub/.GIT/config", ".Git/x"]) {
      expect(refusal(() => writeFileSafe(path, "x", { root, createParents: true })).code, path).toBe(
        "FS_GIT_DIR_REFUSED",
      );
      expect(refusal(() => removeSafe(path, { root })).code, path).toBe("FS_GIT_DIR_REFUSED");
    }
    expect(existsSync(join(root, ".git", "config"))).toBe(false);
    // rampart's own caches name the git dir as their root
    writeFileSafe("rampart/cache.json", "{}", { root: join(root, ".git"), createParents: true });
    expect(readFileSync(join(root, ".git", "rampart", "cache.json"), "utf8")).toBe("{}");
  });

  it("creates missing folders only when asked", () => {
    const { root } = sandbox();
    const e = refusal(() => writeFileSafe("x/y/z.txt", "z", { root }));
    expect(e.code).toBe("FS_NO_PARENT");
    expect(existsSync(join(root, "x"))).toBe(false);
    writeFileSafe("x/y/z.txt", "z", { root, createParents: true });
    expect(readFileSync(join(root, "x/y/z.txt"), "utf8")).toBe("z");
  });

  it("a file or folder in the way is one clear error", () => {
    const { root } = sandbox();
    writeFileSync(join(root, "file"), "");
    mkdirSync(join(root, "dir"));
    expect(refusal(() => writeFileSafe("file/x", "", { root, createParents: true })).code).toBe("FS_NOT_A_DIRECTORY");
    expect(refusal(() => writeFileSafe("dir", "", { root })).code).toBe("FS_NOT_A_FILE");
  });

  it.skipIf(process.getuid?.() === 0)("a failed write leaves the old file and no temp file (read-only folder)", () => {
    const { root } = sandbox();
    mkdirSync(join(root, "ro"));
    writeFileSync(join(root, "ro", "a"), "old");
    chmodSync(join(root, "ro"), 0o555);
    try {
      const e = refusal(() => writeFileSafe("ro/a", "new", { root }));
      expect(e.code).toBe("FS_WRITE_FAILED");
      expect(e.message).toContain("EACCES");
      expect(readFileSync(join(root, "ro", "a"), "utf8")).toBe("old");
      expect(readdirSync(join(root, "ro"))).toEqual(["a"]);
    } finally {
      chmodSync(join(root, "ro"), 0o755);
    }
  });

  it("a write that fails is one error naming the file, and the old file stays (name too long for the temp file)", () => {
    const { root } = sandbox();
    const name = "n".repeat(250);
    writeFileSync(join(root, name), "old");
    const e = refusal(() => writeFileSafe(name, "new", { root }));
    expect(e.code).toBe("FS_WRITE_FAILED");
    expect(e.message).toContain("ENAMETOOLONG");
    expect(readFileSync(join(root, name), "utf8")).toBe("old");
    expect(readdirSync(root)).toEqual([name]);
  });
});

describe("writeFileSafe with git's lock protocol (gitLock)", () => {
  it("writes through <file>.lock, sets the time asked for, and leaves no lock behind", () => {
    const { root } = sandbox();
    writeFileSync(join(root, "index"), "old");
    const when = new Date(Date.UTC(2020, 0, 2, 3, 4, 5));
    writeFileSafe("index", "new", { root, gitLock: { waitMs: 0 }, mtime: when });
    expect(readFileSync(join(root, "index"), "utf8")).toBe("new");
    expect(statSync(join(root, "index")).mtimeMs).toBe(when.getTime());
    expect(readdirSync(root)).toEqual(["index"]);
  });

  it("another holder's lock (a file, or a symlink planted there) is never written through nor removed", () => {
    const { root, outside } = sandbox();
    writeFileSync(join(root, "index"), "old");
    writeFileSync(join(root, "index.lock"), "theirs");
    const held = refusal(() => writeFileSafe("index", "new", { root, gitLock: { waitMs: 100 } }));
    expect(held.code).toBe("FS_WRITE_FAILED");
    expect(held.message).toContain("EEXIST");
    expect(held.hint).toContain(".lock");
    expect(readFileSync(join(root, "index.lock"), "utf8")).toBe("theirs");
    expect(readFileSync(join(root, "index"), "utf8")).toBe("old");
    rmSync(join(root, "index.lock"));
    symlinkSync(join(outside, "victim"), join(root, "index.lock"));
    refusal(() => writeFileSafe("index", "new", { root, gitLock: { waitMs: 0 } }));
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");
    expect(lstatSync(join(root, "index.lock")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, "index"), "utf8")).toBe("old");
  });

  it("waits for a lock its holder lets go of within waitMs", () => {
    const { root } = sandbox();
    writeFileSync(join(root, "index"), "old");
    writeFileSync(join(root, "index.lock"), "theirs");
    // Another process lets go of the lock a moment later (this one is blocked while it waits).
    const child = spawn("sh", ["-c", `sleep 0.3; rm -f '${join(root, "index.lock")}'`], { stdio: "ignore" });
    try {
      writeFileSafe("index", "new", { root, gitLock: { waitMs: 10_000 } });
    } finally {
      child.kill();
    }
    expect(readFileSync(join(root, "index"), "utf8")).toBe("new");
    expect(existsSync(join(root, "index.lock"))).toBe(false);
  });
});

describe("readFileSafe, removeSafe, mkdirSafe", () => {
  it("read: null when absent, refuses a symlink", () => {
    const { root, outside } = sandbox();
    expect(readFileSafe("nope/x", { root })).toBeNull();
    symlinkSync(outside, join(root, "link"));
    expect(refusal(() => readFileSafe("link/victim", { root })).code).toBe("FS_SYMLINK_REFUSED");
    writeFileSync(join(root, "f"), "hi");
    expect(readFileSafe("f", { root })).toBe("hi");
  });

  it("remove: refuses to delete through a symlinked folder or outside the root", () => {
    const { root, outside } = sandbox();
    symlinkSync(outside, join(root, "link"));
    expect(refusal(() => removeSafe("link/victim", { root })).code).toBe("FS_SYMLINK_REFUSED");
    expect(refusal(() => removeSafe("link", { root, recursive: true })).code).toBe("FS_SYMLINK_REFUSED");
    expect(refusal(() => removeSafe("../outside/victim", { root })).code).toBe("FS_OUTSIDE_ROOT");
    expect(existsSync(join(outside, "victim"))).toBe(true);
    expect(removeSafe("absent/x", { root })).toBe(false);
    mkdirSync(join(root, "d"));
    writeFileSync(join(root, "d", "f"), "");
    expect(refusal(() => removeSafe("d", { root })).code).toBe("FS_NOT_A_FILE");
    expect(removeSafe("d", { root, recursive: true })).toBe(true);
    expect(existsSync(join(root, "d"))).toBe(false);
  });

  it("mkdir: creates, refuses a symlink on the way", () => {
    const { root, outside } = sandbox();
    mkdirSafe("a/b/c", { root });
    expect(statSync(join(root, "a/b/c")).isDirectory()).toBe(true);
    symlinkSync(outside, join(root, "link"));
    expect(refusal(() => mkdirSafe("link/x", { root })).code).toBe("FS_SYMLINK_REFUSED");
    expect(refusal(() => mkdirSafe("link", { root })).code).toBe("FS_SYMLINK_REFUSED");
    expect(readdirSync(outside)).toEqual(["victim"]);
  });
});

describe("isPlainRelativePath", () => {
  it("accepts plain relative paths only", () => {
    for (const ok of [".husky/pre-commit", "a", "packages/app/package.json", ".rampart/x.json"])
      expect(isPlainRelativePath(ok), ok).toBe(true);
    for (const bad of ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/.", "C:/x", "a\\b", "a\0b", "a\nb"])
      expect(isPlainRelativePath(bad), JSON.stringify(bad)).toBe(false);
  });
});

describe("writeOutputFile (a path the user named)", () => {
  it("creates missing folders, inside the root and outside it", () => {
    const { root, outside } = sandbox();
    writeOutputFile("out/deep/sbom.json", "{}", { root });
    expect(readFileSync(join(root, "out/deep/sbom.json"), "utf8")).toBe("{}");
    writeOutputFile(join(outside, "new", "sbom.json"), "{}", { root });
    expect(readFileSync(join(outside, "new", "sbom.json"), "utf8")).toBe("{}");
    writeOutputFile("../outside/b.json", "{}", { root });
    expect(readFileSync(join(outside, "b.json"), "utf8")).toBe("{}");
  });

  it("inside the root, a symlinked folder on the way is refused; the target is never a symlink", () => {
    const { root, outside } = sandbox();
    symlinkSync(outside, join(root, "out"));
    const e = refusal(() => writeOutputFile("out/sbom.json", "{}", { root }));
    expect(e.code).toBe("FS_SYMLINK_REFUSED");
    expect(e.file).toBe("out/sbom.json");
    symlinkSync(join(outside, "victim"), join(root, "sbom.json"));
    expect(refusal(() => writeOutputFile("sbom.json", "{}", { root })).code).toBe("FS_SYMLINK_REFUSED");
    symlinkSync(join(outside, "victim"), join(outside, "link"));
    expect(refusal(() => writeOutputFile(join(outside, "link"), "{}", { root })).code).toBe("FS_SYMLINK_REFUSED");
    expect(readFileSync(join(outside, "victim"), "utf8")).toBe("precious\n");
  });

  it("a file where a folder should be is one error naming the path as given", () => {
    const { root } = sandbox();
    writeFileSync(join(root, "f"), "");
    const e = refusal(() => writeOutputFile("f/sbom.json", "{}", { root }));
    expect(e.code).toBe("FS_NOT_A_DIRECTORY");
    expect(e.file).toBe("f/sbom.json");
  });
});
