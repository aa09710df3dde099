import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { type GitRepo, gitRepo, repoRoot, tempDir } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import {
  type IndexBackup,
  inProcessLintStaged,
  type LintStagedApi,
  OWN_BACKUP,
  ownBackupIndex,
  restoreIndex,
  runLintStagedInProcess,
  saveIndex,
} from "../src/hook/lint-staged.js";

// lint-staged runs inside the hook's process only when that is what its bin would do; then it
// runs the project's real tasks against the real index, and what it changes in the process (the
// git variables it unsets, its Ctrl-C listener) is put back for the checks that follow it.

const bench = join(repoRoot, "bench", "node_modules");
const restore: Array<() => void> = [];
afterEach(() => {
  for (const undo of restore.splice(0).reverse()) undo();
});

/** The hook's situation: this process in the package folder, with the sandbox's environment. */
function enter(dir: string, env: NodeJS.ProcessEnv): void {
  const cwd = process.cwd();
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith("GIT_")) delete process.env[key];
  Object.assign(process.env, env);
  process.chdir(dir);
  restore.push(() => {
    process.chdir(cwd);
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });
}

async function project(tasks: Record<string, string>) {
  const repo = await gitRepo({ "index.js": "1;\n", ".gitignore": "node_modules\n.ran\n" });
  mkdirSync(repo.path("node_modules/.bin"), { recursive: true });
  symlinkSync(join(bench, "lint-staged"), repo.path("node_modules/lint-staged"));
  symlinkSync(join(bench, ".bin", "lint-staged"), repo.path("node_modules/.bin/lint-staged"));
  repo.write("lint-staged.config.mjs", `export default ${JSON.stringify(tasks)};\n`);
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-qm", "chore: one"]);
  return repo;
}

describe("lint-staged in the hook's process", () => {
  it("is used only for lint-staged 17, in this process's folder and environment", async () => {
    const repo = await project({ "*.js": "true" });
    const bin = repo.path("node_modules/.bin/lint-staged");
    enter(repo.dir, repo.env);
    expect(typeof (await inProcessLintStaged(repo.dir, bin, process.env))).toBe("function");
    expect(typeof (await inProcessLintStaged(repo.dir, bin, undefined))).toBe("function");
    // Another environment than the process's own: lint-staged would not see it.
    expect(await inProcessLintStaged(repo.dir, bin, { ...process.env })).toBeUndefined();
    // A package below the folder the hook runs in: lint-staged's explicit cwd groups configs otherwise.
    mkdirSync(repo.path("app"));
    expect(await inProcessLintStaged(repo.path("app"), bin, undefined)).toBeUndefined();

    // Another major version: its bin sets options of its own, so the bin runs.
    const other = tempDir();
    restore.push(other.cleanup);
    const copy = join(other.dir, "node_modules", "lint-staged");
    cpSync(join(bench, "lint-staged"), copy, { recursive: true, dereference: true });
    const manifest = JSON.parse(readFileSync(join(copy, "package.json"), "utf8")) as { version: string };
    writeFileSync(join(copy, "package.json"), JSON.stringify({ ...manifest, version: "16.4.0" }));
    mkdirSync(join(other.dir, "node_modules", ".bin"));
    writeFileSync(join(other.dir, "node_modules", ".bin", "lint-staged"), "");
    writeFileSync(join(other.dir, "package.json"), "{}");
    process.chdir(other.dir);
    expect(await inProcessLintStaged(other.dir, join(other.dir, "node_modules/.bin/lint-staged"), undefined)).toBe(
      undefined,
    );
  });

  it("runs the tasks on the staged files and gives back the git variables and signal listeners", async () => {
    const repo = await project({ "*.js": `node -e "require('fs').appendFileSync('.ran', 'x')"` });
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    enter(repo.dir, { ...repo.env, GIT_DIR: repo.path(".git"), GIT_WORK_TREE: repo.dir });
    const api = await inProcessLintStaged(repo.dir, repo.path("node_modules/.bin/lint-staged"), undefined);
    if (api === undefined) throw new Error("lint-staged 17 from bench/node_modules was expected");
    const sigint = process.listenerCount("SIGINT");
    let out = "";
    expect(await runLintStagedInProcess(api, (t) => (out += t))).toBe(true);
    expect(existsSync(repo.path(".ran"))).toBe(true);
    expect(out).toContain("Running tasks for staged files");
    expect(process.env.GIT_DIR).toBe(repo.path(".git"));
    expect(process.env.GIT_WORK_TREE).toBe(repo.dir);
    expect(process.listenerCount("SIGINT")).toBe(sigint);

    // A failing task: false, and lint-staged's own report of it reached the log.
    // (a JSON config: this process holds the first config's module already)
    rmSync(repo.path("lint-staged.config.mjs"));
    repo.write(".lintstagedrc.json", '{ "*.js": "node -e process.exit(3)" }\n');
    repo.write("index.js", "3;\n");
    await repo.git(["add", "index.js"]);
    out = "";
    expect(await runLintStagedInProcess(api, (t) => (out += t))).toBe(false);
    expect(out).toContain("process.exit(3)");
    expect(process.env.GIT_DIR).toBe(repo.path(".git"));
  });

  it("fails when a SIGINT comes while it runs, even after the last task passed", async () => {
    // lint-staged's Ctrl-C listener stops only the tasks still running; a task that has passed
    // when the signal comes would let the commit through. (emit: a real signal to the test worker
    // could outlive the listeners; the hook e2e sends real ones.)
    const repo = await gitRepo({ "index.js": "1;\n", ".gitignore": "node_modules\n" });
    mkdirSync(repo.path("node_modules/.bin"), { recursive: true });
    symlinkSync(join(bench, "lint-staged"), repo.path("node_modules/lint-staged"));
    symlinkSync(join(bench, ".bin", "lint-staged"), repo.path("node_modules/.bin/lint-staged"));
    repo.write(
      "lint-staged.config.mjs",
      `export default { "*.js": { title: "interrupted", task: async () => { process.emit("SIGINT", "SIGINT"); } } };\n`,
    );
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: one"]);
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    enter(repo.dir, repo.env);
    const api = await inProcessLintStaged(repo.dir, repo.path("node_modules/.bin/lint-staged"), undefined);
    if (api === undefined) throw new Error("lint-staged 17 from bench/node_modules was expected");
    const sigint = process.listenerCount("SIGINT");
    let out = "";
    expect(await runLintStagedInProcess(api, (t) => (out += t))).toBe(false);
    expect(out).toContain("interrupted (SIGINT)");
    expect(out).not.toContain("✖ interrupted");
    expect(process.listenerCount("SIGINT")).toBe(sigint);
  });
});

describe("rampart's backup instead of lint-staged's stash", () => {
  it("is taken only in a plain commit's index with nothing unstaged, no merge, the main worktree", async () => {
    const repo = await project({ "*.js": "true" });
    const index = repo.path(".git/index");
    const own = (env: NodeJS.ProcessEnv = repo.env) => ownBackupIndex(repo.dir, repo.path(".git"), env);
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    expect(await own()).toBe(index);
    expect(await own({ ...repo.env, GIT_INDEX_FILE: ".git/index" })).toBe(index);
    // `git commit -a` (index.lock) or `git commit PATH` (a temporary index): another index file.
    expect(await own({ ...repo.env, GIT_INDEX_FILE: repo.path(".git/index.lock") })).toBeUndefined();
    expect(await own({ ...repo.env, GIT_DIR: repo.path(".git") })).toBeUndefined();
    // A partially staged file, or an unstaged change anywhere: lint-staged's stash keeps it.
    repo.write("index.js", "3;\n");
    expect(await own()).toBeUndefined();
    await repo.git(["add", "index.js"]);
    repo.write("lint-staged.config.mjs", "export default {};\n");
    expect(await own()).toBeUndefined();
    await repo.git(["checkout", "--", "lint-staged.config.mjs"]);
    expect(await own()).toBe(index);
    // A merge in progress: lint-staged's revert keeps its state files.
    repo.write(".git/MERGE_HEAD", `${await repo.git(["rev-parse", "HEAD"])}\n`);
    expect(await own()).toBeUndefined();
    rmSync(repo.path(".git/MERGE_HEAD"));
    // A save a killed hook left (the only copy of what was staged then) is never overwritten.
    const saved = saveIndex(index);
    expect(readFileSync(repo.path(".git/rampart/pre-commit-index")).equals(saved.bytes)).toBe(true);
    expect(statSync(repo.path(".git/rampart/pre-commit-index")).mode & 0o777).toBe(0o600);
    expect(await own()).toBeUndefined();
    expect(() => saveIndex(index)).toThrow(/pre-commit-index/);
    rmSync(repo.path(".git/rampart/pre-commit-index"));
    expect(await own()).toBe(index);
    // A linked worktree: its index is elsewhere.
    const linked = tempDir();
    restore.push(linked.cleanup);
    await repo.git(["worktree", "add", "-q", join(linked.dir, "wt")]);
    expect(await ownBackupIndex(join(linked.dir, "wt"), repo.path(".git"), repo.env)).toBeUndefined();
  });

  it("puts back the index and every tracked file after a failed run, and hides only the two warnings", async () => {
    const task = `node -e "const fs=require('fs');fs.appendFileSync('index.js','// task');fs.rmSync('gone.js');process.exit(3)"`;
    const repo = await project({ "*.js": task });
    repo.write("gone.js", "gone;\n");
    await repo.git(["add", "gone.js"]);
    await repo.git(["commit", "-qm", "chore: two"]);
    repo.write("index.js", "2;\n");
    repo.write("new.js", "new;\n");
    await repo.git(["add", "index.js", "new.js"]);
    const before = [await repo.git(["ls-files", "--stage"]), await repo.git(["status", "--porcelain"])];
    const { api, backup } = await ownBackupRun(repo);
    let out = "";
    expect(await runLintStagedInProcess(api, (t) => (out += t), OWN_BACKUP)).toBe(false);
    expect(out).toContain("Preparing lint-staged");
    expect(out).not.toContain("Skipping backup");
    expect(out).not.toContain("Skipping hiding unstaged changes");
    expect(out).not.toContain("Backing up original state");
    // Without its stash, lint-staged staged what the failed task changed: rampart takes it back.
    expect(await repo.git(["status", "--porcelain"])).not.toBe(before[1]);
    await restoreIndex(backup, repo.dir, process.env);
    expect([await repo.git(["ls-files", "--stage"]), await repo.git(["status", "--porcelain"])]).toEqual(before);
    expect(readFileSync(repo.path("index.js"), "utf8")).toBe("2;\n");
    expect(readFileSync(repo.path("gone.js"), "utf8")).toBe("gone;\n");
  });
});

describe("rampart's restore after a failed run: git's racily clean entries", () => {
  it("a same-size rewrite with the entry's own time is put back (git compares content by the index's time)", async () => {
    // Stat data alone cannot tell the rewrite: same size, inode and time, ctime not trusted. Git
    // compares content only because the entry is not older than the index file.
    const when = new Date(Date.now() - 3_600_000);
    const task = `node -e "const fs=require('fs');fs.writeFileSync('index.js','9;\\n');fs.utimesSync('index.js',new Date(${when.getTime()}),new Date(${when.getTime()}));process.exit(3)"`;
    const repo = await project({ "*.js": task });
    await repo.git(["config", "core.trustctime", "false"]);
    repo.write("index.js", "2;\n");
    utimesSync(repo.path("index.js"), when, when);
    await repo.git(["add", "index.js"]);
    utimesSync(repo.path(".git/index"), when, when);
    const { api, backup } = await ownBackupRun(repo);
    expect(await runLintStagedInProcess(api, () => {}, OWN_BACKUP)).toBe(false);
    expect(readFileSync(repo.path("index.js"), "utf8")).toBe("9;\n");
    await restoreIndex(backup, repo.dir, process.env);
    expect(readFileSync(repo.path("index.js"), "utf8")).toBe("2;\n");
    expect(await repo.git(["status", "--porcelain"])).toBe("M  index.js");
  });
});

/** In the hook's situation in `repo`, lint-staged's API and rampart's backup of the index (expected to be taken). */
async function ownBackupRun(repo: GitRepo): Promise<{ api: LintStagedApi; backup: IndexBackup }> {
  enter(repo.dir, repo.env);
  const api = await inProcessLintStaged(repo.dir, repo.path("node_modules/.bin/lint-staged"), undefined);
  if (api === undefined) throw new Error("lint-staged 17 from bench/node_modules was expected");
  const path = await ownBackupIndex(repo.dir, repo.path(".git"), process.env);
  if (path === undefined) throw new Error("nothing is unstaged: rampart's backup was expected");
  return { api, backup: saveIndex(path) };
}
