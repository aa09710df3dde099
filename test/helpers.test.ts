import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gitRepo, runCli, tempDir } from "./helpers/src/index.js";

describe("gitRepo", () => {
  it("makes a committed repo on main with an isolated config", async () => {
    const repo = await gitRepo({ "a.txt": "hello\n", "dir/b name.txt": "x" });
    expect(repo.dir).toMatch(/rampart-test-/);
    expect(await repo.git(["branch", "--show-current"])).toBe("main");
    expect(await repo.git(["ls-files"])).toBe("a.txt\ndir/b name.txt");
    expect(await repo.git(["config", "--local", "commit.gpgsign"])).toBe("false");
    expect(await repo.git(["config", "--local", "gc.auto"])).toBe("0");
    expect(await repo.git(["config", "--local", "maintenance.auto"])).toBe("false");
    expect(await repo.git(["config", "--show-origin", "user.email"])).toMatch(/^file:\.git\/config/);
    expect(repo.env.GIT_CONFIG_GLOBAL?.startsWith(repo.home)).toBe(true);
    expect(repo.env.GIT_CONFIG_NOSYSTEM).toBe("1");
    expect(repo.env.GIT_DIR).toBeUndefined();
  });

  it("writes and commits more files and returns the commit id", async () => {
    const repo = await gitRepo();
    expect(await repo.gitResult(["rev-parse", "--verify", "HEAD"])).toMatchObject({ exitCode: 128 });
    repo.write("x/y.txt", "1");
    const oid = await repo.commit("add y");
    expect(oid).toMatch(/^[0-9a-f]{40}$/);
    expect(readFileSync(repo.path("x/y.txt"), "utf8")).toBe("1");
  });

  it("makes bare repos and plain directories", async () => {
    const remote = await gitRepo({}, { bare: true });
    expect(await remote.git(["rev-parse", "--is-bare-repository"])).toBe("true");
    expect(await remote.git(["config", "--local", "user.email"])).toBe("test@rampart.invalid");
    const plain = await gitRepo({ "f.txt": "x" }, { init: false });
    expect(existsSync(plain.path(".git"))).toBe(false);
  });

  it("removes the sandbox on cleanup", async () => {
    const repo = await gitRepo({ "a.txt": "1" });
    repo.cleanup();
    expect(existsSync(repo.dir)).toBe(false);
    const t = tempDir();
    t.cleanup();
    expect(existsSync(t.dir)).toBe(false);
  });
});

describe("runCli", () => {
  it("runs the built bin and returns its exit code and output", async () => {
    const r = await runCli(["--version"]);
    expect(r).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    const bad = await runCli(["no-such-command"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/no-such-command/);
  });
});
