import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv, runCli, tempDir } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES } from "../src/registry.js";

// Through the real bin: main() is what sets the process's exit code.
describe("bin/rampart.js", () => {
  it("--help lists every command and exits 0", async () => {
    const r = await runCli(["--help"]);
    expect(r.exitCode).toBe(0);
    for (const name of COMMAND_NAMES) expect(r.stdout).toMatch(new RegExp(`^ {2}${name} `, "m"));
    expect(r.stderr).toBe("");
  });

  it("--version prints the package version", async () => {
    const r = await runCli(["--version"]);
    expect(r).toMatchObject({ exitCode: 0, stdout: "0.1.0\n" });
  });

  it("exits 2 on an unknown command with a suggestion", async () => {
    const r = await runCli(["secret"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("did you mean `secrets`?");
  });
});

// V8's code cache holds code the CLI runs: only in folders of the user's that no one else may write.
describe("bin/rampart.js compile cache", () => {
  const cacheEntries = (dir: string) =>
    existsSync(dir) ? readdirSync(dir).flatMap((v) => readdirSync(join(dir, v))) : [];

  it("is kept under XDG_CACHE_HOME/rampart/compile-cache, private to the user", async () => {
    const { dir, cleanup } = tempDir("rampart-cache-");
    try {
      const env = { ...cleanEnv(), XDG_CACHE_HOME: join(dir, "cache") };
      const cwd = join(dir, "work"); // not a folder that holds the cache
      mkdirSync(cwd);
      const r = await runCli(["--version"], { env, cwd });
      expect(r).toMatchObject({ exitCode: 0, stdout: "0.1.0\n" });
      const cache = join(dir, "cache", "rampart", "compile-cache");
      expect(cacheEntries(cache).length).toBeGreaterThan(0);
      if (process.platform !== "win32") expect(statSync(cache).mode & 0o077).toBe(0);
    } finally {
      cleanup();
    }
  });

  it("is not used from a folder others may write, through a symlink, or inside the directory rampart runs in", async () => {
    const { dir, cleanup } = tempDir("rampart-cache-");
    try {
      // Group-writable: another user could replace the compiled code.
      const open = join(dir, "open");
      mkdirSync(join(open, "rampart", "compile-cache"), { recursive: true });
      chmodSync(join(open, "rampart"), 0o777);
      // A symlinked folder (its target could be anyone's).
      const linked = join(dir, "linked");
      mkdirSync(join(linked, "rampart"), { recursive: true });
      mkdirSync(join(dir, "elsewhere"));
      symlinkSync(join(dir, "elsewhere"), join(linked, "rampart", "compile-cache"));
      // Inside the repository rampart is run in (the cwd).
      const repo = join(dir, "repo");
      mkdirSync(repo);
      const work = join(dir, "work");
      mkdirSync(work);
      const cases: Array<[string, string, string]> = [
        [open, work, join(open, "rampart", "compile-cache")],
        [linked, work, join(dir, "elsewhere")],
        [join(repo, ".cache"), repo, join(repo, ".cache", "rampart", "compile-cache")],
      ];
      for (const [xdg, cwd, where] of cases) {
        const r = await runCli(["--version"], { env: { ...cleanEnv(), XDG_CACHE_HOME: xdg }, cwd });
        expect(r).toMatchObject({ exitCode: 0, stdout: "0.1.0\n" });
        expect(cacheEntries(where)).toEqual([]);
      }
      // The control: the same run with a private folder does write a cache.
      const ok = join(dir, "ok");
      await runCli(["--version"], { env: { ...cleanEnv(), XDG_CACHE_HOME: ok }, cwd: work });
      expect(cacheEntries(join(ok, "rampart", "compile-cache")).length).toBeGreaterThan(0);
    } finally {
      cleanup();
    }
  });
});
