import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gitRepo, repoRoot, tempDir } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { inProcessLintStaged, runLintStagedInProcess } from "../src/hook/lint-staged.js";

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
});
