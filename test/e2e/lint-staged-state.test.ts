import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { type GitRepo, repoRoot, runCli } from "../helpers/src/index.js";
import { fakeAwsKey, initRepo } from "./linked.js";

// What a commit through rampart's pre-commit leaves behind when the project's lint-staged tasks
// run, on both of its paths: rampart's own backup (nothing in the working tree differs from the
// index: lint-staged runs without its stash and rampart puts the index back when a task fails)
// and lint-staged's defaults (its backup stash), taken whenever a tracked file has an unstaged
// change (here: `other.txt`, or the partially staged file itself). The contract is the same:
// a failed task leaves the index and every tracked file as they were before the commit; what a
// task changes is staged; a partially staged file keeps its unstaged hunks; and whatever the
// tasks stage is judged by the secret guard and the workflow and lockfile checks.

/** A task: a script (committed as task.cjs, which no pattern matches), then an exit code. */
const task = (code: string, exit = 0) => ({ code: `const fs = require("fs");\n${code};\nprocess.exit(${exit});\n` });

async function project({ code }: { code: string }): Promise<GitRepo> {
  const repo = await initRepo("recommended", {
    "a.js": "a;\n",
    "b.js": "b;\n",
    "keep.js": "keep;\n",
    "gone.js": "gone;\n",
    "other.txt": "other\n",
    "task.cjs": code,
  });
  const nm = repo.path("node_modules");
  symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
  symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
  repo.write("lint-staged.config.mjs", 'export default { "*.js": "node task.cjs" };\n');
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
  return repo;
}

/** Everything a commit attempt could change: the index (modes, ids, stages) and every file's bytes. */
async function state(repo: GitRepo): Promise<{ index: string; status: string; files: Record<string, string> }> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      if (entry.name === ".git" || entry.name === "node_modules") continue;
      if (entry.isDirectory()) walk(abs);
      else files[relative(repo.dir, abs)] = readFileSync(abs, "utf8");
    }
  };
  walk(repo.dir);
  return {
    index: await repo.git(["ls-files", "--stage"]),
    status: await repo.git(["status", "--porcelain", "--untracked-files=all"]),
    files,
  };
}

const OWN = "Preparing lint-staged"; // lint-staged without its stash: rampart keeps the backup
const STASH = "Backing up original state"; // lint-staged's own backup stash

/** Each test runs on both paths: `dirty` leaves an unstaged change in an unrelated tracked file. */
const paths = [
  { name: "rampart's backup (nothing unstaged)", dirty: false, marker: OWN },
  { name: "lint-staged's stash (an unstaged change elsewhere)", dirty: true, marker: STASH },
] as const;

async function commit(repo: GitRepo, message = "feat: change") {
  const r = await repo.gitResult(["commit", "-m", message]);
  return { exitCode: r.exitCode, out: `${r.stdout}${r.stderr}` };
}

describe.each(paths)("lint-staged through the pre-commit hook: $name", ({ dirty, marker }) => {
  const prepare = async (repo: GitRepo) => {
    if (dirty) repo.write("other.txt", "other, edited and not staged\n");
  };

  it("a failed task leaves the index and working tree as they were: modified, deleted, renamed, new files", async () => {
    const repo = await project(
      task(
        "fs.appendFileSync('a.js','// task\\n');fs.appendFileSync('keep.js','// task\\n');fs.writeFileSync('moved.js','rewritten\\n');fs.unlinkSync('c.js')",
        3,
      ),
    );
    repo.write("a.js", "a, staged;\n");
    repo.write("c.js", "c, new;\n");
    await repo.git(["rm", "-q", "gone.js"]);
    await repo.git(["mv", "b.js", "moved.js"]);
    repo.write("moved.js", "b, moved;\n");
    await repo.git(["add", "a.js", "c.js", "moved.js"]);
    await prepare(repo);
    const before = await state(repo);
    const r = await commit(repo);
    expect(r.exitCode, r.out).not.toBe(0);
    expect(r.out).toContain(marker);
    expect(r.out).toContain("lint-staged (your own pre-commit tasks) failed");
    expect(await state(repo)).toEqual(before);
  });

  it("a failed task that creates and stages a file: the index as it was; the file stays on rampart's path", async () => {
    const repo = await project(
      task("fs.writeFileSync('made.txt','made\\n');require('child_process').execSync('git add made.txt')", 3),
    );
    repo.write("a.js", "a, staged;\n");
    await repo.git(["add", "a.js"]);
    await prepare(repo);
    const before = await state(repo);
    const r = await commit(repo);
    expect(r.exitCode, r.out).not.toBe(0);
    const after = await state(repo);
    // lint-staged's revert (`reset --hard`) deletes it; rampart's leaves it, untracked: it never
    // deletes a file it cannot tell from one that was there before the commit.
    expect(after.files["made.txt"]).toBe(dirty ? undefined : "made\n");
    delete after.files["made.txt"];
    expect({ ...after, status: after.status.replace(/^\?\? made\.txt\n?/m, "").trim() }).toEqual({
      ...before,
      status: before.status.trim(),
    });
  });

  it("what a task changes is staged and committed; a file the task creates and stages is committed", async () => {
    const repo = await project(
      task(
        "fs.appendFileSync('a.js','// formatted\\n');fs.writeFileSync('made.txt','made\\n');require('child_process').execSync('git add made.txt')",
      ),
    );
    repo.write("a.js", "a, staged;\n");
    await repo.git(["add", "a.js"]);
    await prepare(repo);
    const r = await commit(repo);
    expect(r.exitCode, r.out).toBe(0);
    expect(r.out).toContain(marker);
    expect(await repo.git(["show", "HEAD:a.js"])).toBe("a, staged;\n// formatted");
    expect(await repo.git(["show", "HEAD:made.txt"])).toBe("made");
    expect((await repo.git(["status", "--porcelain"])).trim()).toBe(dirty ? "M other.txt" : "");
  });

  it("a staged deletion and rename stay staged through a successful run", async () => {
    const repo = await project(task("fs.appendFileSync('.ran','x')"));
    repo.write(".gitignore", "node_modules\n.ran\n");
    await repo.git(["add", ".gitignore"]);
    await repo.git(["rm", "-q", "gone.js"]);
    await repo.git(["mv", "b.js", "moved.js"]);
    await prepare(repo);
    const r = await commit(repo);
    expect(r.exitCode, r.out).toBe(0);
    expect(existsSync(repo.path(".ran"))).toBe(true);
    const changed = await repo.git(["diff", "--name-status", "--no-renames", "HEAD~1", "HEAD"]);
    expect(changed.split("\n").sort()).toEqual(["A\tmoved.js", "D\tb.js", "D\tgone.js", "M\t.gitignore"]);
  });

  it("a key a task writes into a new file it stages is refused, and nothing is printed whole", async () => {
    const line = `aws_access_key_id = ${fakeAwsKey()}`;
    const repo = await project(
      task(
        `fs.writeFileSync('deploy.ini',${JSON.stringify(`${line}\n`)});require('child_process').execSync('git add deploy.ini')`,
      ),
    );
    repo.write("a.js", "a, staged;\n");
    await repo.git(["add", "a.js"]);
    await prepare(repo);
    const head = await repo.git(["rev-parse", "HEAD"]);
    const r = await commit(repo);
    expect(r.exitCode, r.out).not.toBe(0);
    expect(r.out).toContain("aws-access-key-id");
    expect(r.out).toContain("deploy.ini");
    expect(r.out).not.toContain(fakeAwsKey());
    expect(await repo.git(["rev-parse", "HEAD"])).toBe(head);
  });

  it("a workflow file a task stages is audited as staged", async () => {
    const workflow =
      "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -fsSL https://example.com/install.sh | sh\n";
    const repo = await project(
      task(
        `fs.mkdirSync('.github/workflows',{recursive:true});fs.writeFileSync('.github/workflows/build.yml',${JSON.stringify(workflow)});require('child_process').execSync('git add .github/workflows/build.yml')`,
      ),
    );
    repo.write("a.js", "a, staged;\n");
    await repo.git(["add", "a.js"]);
    await prepare(repo);
    const r = await commit(repo);
    expect(r.exitCode, r.out).not.toBe(0);
    expect(r.out).toContain("curl-pipe-shell");
    expect(r.out).toContain(".github/workflows/build.yml");
  });
});

describe("lint-staged through the pre-commit hook: a partially staged file", () => {
  it("keeps its unstaged hunks through a successful run and a failed one (lint-staged's stash)", async () => {
    for (const exit of [0, 3]) {
      const repo = await project(task("fs.appendFileSync('.ran','x')", exit));
      repo.write(".gitignore", "node_modules\n.ran\n");
      await repo.git(["add", ".gitignore"]);
      repo.write("a.js", "a, staged;\n");
      await repo.git(["add", "a.js"]);
      repo.write("a.js", "a, staged;\nunstaged;\n");
      const before = await state(repo);
      const r = await commit(repo);
      expect(r.out).toContain(STASH);
      if (exit === 0) {
        expect(r.exitCode, r.out).toBe(0);
        expect(await repo.git(["show", "HEAD:a.js"])).toBe("a, staged;");
        expect(readFileSync(repo.path("a.js"), "utf8")).toBe("a, staged;\nunstaged;\n");
      } else {
        expect(r.exitCode, r.out).not.toBe(0);
        const after = await state(repo);
        delete after.files[".ran"];
        expect(after).toEqual(before);
      }
    }
  });
});

/** The `rampart hook pre-commit` process above `pid` (Linux /proc): what the test kills. */
function hookProcessAbove(pid: number): number {
  for (let p = pid; p > 1; ) {
    const cmdline = readFileSync(`/proc/${p}/cmdline`, "utf8");
    if (cmdline.includes("\0hook\0pre-commit")) return p;
    p = Number(readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
  }
  throw new Error(`no rampart hook process above ${pid}`);
}

/**
 * A commit whose task edits and stages a.js (as lint-staged's own staging would), says where it
 * runs, and waits to be killed: the hook is killed between the staging and any restore. Returns
 * the state from before the commit and the commit's output.
 */
async function killedWhileTasksRun(): Promise<{
  repo: GitRepo;
  before: Awaited<ReturnType<typeof state>>;
  out: string;
}> {
  const repo = await project(
    task(
      "fs.appendFileSync('a.js','// task\\n');require('child_process').execSync('git add a.js');fs.writeFileSync('.git/task-pid',String(process.pid));Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,120000)",
      3,
    ),
  );
  repo.write("a.js", "a, staged;\n");
  repo.write("c.js", "c, new;\n");
  await repo.git(["add", "a.js", "c.js"]);
  const before = await state(repo);
  // Without the startup snapshot: the snapshot's line is tested in hook-snapshot.test.ts.
  const env = { ...repo.env, RAMPART_SNAPSHOT: "0" };
  const committing = spawn("git", ["commit", "-m", "feat: change"], { cwd: repo.dir, env });
  let out = "";
  committing.stdout.on("data", (d: Buffer) => (out += d));
  committing.stderr.on("data", (d: Buffer) => (out += d));
  const exited = new Promise<number | null>((done) => committing.on("close", done));
  const pidFile = repo.path(".git/task-pid");
  for (let i = 0; i < 600 && !existsSync(pidFile); i++) await sleep(100);
  expect(existsSync(pidFile), out).toBe(true);
  const taskPid = Number(readFileSync(pidFile, "utf8"));
  process.kill(hookProcessAbove(taskPid), "SIGKILL");
  process.kill(taskPid, "SIGKILL");
  expect(await exited, out).not.toBe(0);
  expect(out).toContain(OWN);
  // The task's staging is in the index: without the saved copy, what was staged would be gone.
  expect((await state(repo)).index).not.toBe(before.index);
  return { repo, before, out };
}

describe.runIf(process.platform === "linux")("rampart's backup survives a hook killed while the tasks run", () => {
  it("SIGKILL after a task staged its edit: the saved index is kept, reported, and put back without losing a later edit", async () => {
    const { repo, before } = await killedWhileTasksRun();
    const saved = repo.path(".git/rampart/pre-commit-index");
    expect(existsSync(saved)).toBe(true);
    expect(statSync(saved).mode & 0o777).toBe(0o600);

    const status = await runCli(["hooks", "status"], { cwd: repo.dir, env: repo.env });
    expect(status.exitCode).toBe(1);
    expect(status.stdout).toMatch(/FAIL interrupted pre-commit: .*\.git\/rampart\/pre-commit-index/);

    // The next commit says so, and leaves the save alone (lint-staged keeps its own backup then).
    const savedBytes = readFileSync(saved);
    repo.write("task.cjs", "process.exit(3);\n");
    const next = await commit(repo);
    expect(next.exitCode, next.out).not.toBe(0);
    expect(next.out).toContain("a pre-commit hook was stopped (killed)");
    expect(next.out).toContain(STASH);
    expect(readFileSync(saved).equals(savedBytes)).toBe(true);

    // What the user writes after the kill is theirs: restore-index puts the index back and keeps
    // every tracked file that differs from it (the task's edit too: git cannot tell them apart).
    repo.write("b.js", "b, written after the kill;\n");
    rmSync(repo.path("c.js")); // missing: checked out again (nothing is lost by writing it)
    const restored = await runCli(["hooks", "restore-index"], { cwd: repo.dir, env: repo.env });
    expect(restored.exitCode, restored.stderr).toBe(0);
    const after = await state(repo);
    expect(after.index).toBe(before.index);
    expect(after.files["b.js"]).toBe("b, written after the kill;\n");
    expect(after.files["a.js"]).toBe("a, staged;\n// task\n");
    expect(after.files["c.js"]).toBe("c, new;\n");
    expect(restored.stdout).toContain("kept a.js");
    expect(restored.stdout).toContain("kept b.js");
    expect(restored.stdout).toContain("kept task.cjs"); // edited above, for the next commit
    expect(restored.stdout).not.toContain("kept c.js");
    expect(restored.stderr).toContain("3 tracked file(s) changed since were kept");
    expect(existsSync(saved)).toBe(false);
    const again = await runCli(["hooks", "status"], { cwd: repo.dir, env: repo.env });
    expect(again.stdout).toContain("ok   interrupted pre-commit: none");
    const nothing = await runCli(["hooks", "restore-index"], { cwd: repo.dir, env: repo.env });
    expect(nothing.exitCode).toBe(0);
    expect(nothing.stderr).toContain("nothing to restore");
  });

  it("content staged after the kill that is in no file: restore-index refuses (nothing written); --force puts everything back", async () => {
    const { repo, before } = await killedWhileTasksRun();
    const saved = repo.path(".git/rampart/pre-commit-index");
    repo.write("b.js", "b, staged after the kill;\n");
    await repo.git(["add", "b.js"]);
    repo.write("b.js", "b, staged after the kill;\nand edited again;\n");
    const during = await state(repo);
    const savedBytes = readFileSync(saved);
    const refused = await runCli(["hooks", "restore-index"], { cwd: repo.dir, env: repo.env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(
      "would drop what was staged since the pre-commit was stopped, which is in no file: b.js",
    );
    expect(refused.stderr).toContain("--force");
    expect(await state(repo)).toEqual(during);
    expect(readFileSync(saved).equals(savedBytes)).toBe(true);

    const forced = await runCli(["hooks", "restore-index", "--force"], { cwd: repo.dir, env: repo.env });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(await state(repo)).toEqual(before);
    expect(existsSync(saved)).toBe(false);
  });
});

describe("rampart's backup cannot be saved: lint-staged keeps its own", () => {
  it("with .git/rampart a symlink, a failed task is put back by lint-staged's stash", async () => {
    const repo = await project(task("fs.appendFileSync('a.js','// task\\n')", 3));
    const elsewhere = repo.path("node_modules/elsewhere");
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, repo.path(".git/rampart"));
    repo.write("a.js", "a, staged;\n");
    await repo.git(["add", "a.js"]);
    const before = await state(repo);
    const r = await commit(repo);
    expect(r.exitCode, r.out).not.toBe(0);
    expect(r.out).toContain(STASH);
    expect(r.out).not.toContain(OWN);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(await state(repo)).toEqual(before);
  });
});
