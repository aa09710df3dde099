import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join, sep } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliBin, type GitRepo, gitRepo, repoRoot, tempDir } from "../helpers/src/index.js";
import { allowTarballs } from "./adoption.js";
import { fakeAwsKey, initRepo, JUDGED_ALL, judgedAll, stageBrokenBesideFindings } from "./linked.js";
import { fileSpecs, installEnv, must, packOnce } from "./tarballs.js";

// The hooks' V8 startup snapshot (packages/cli/src/hook-snapshot*.ts) with real git, real husky
// and the built CLI: a blob is built where the hook lines look for it, a commit starts from it,
// and whatever is wrong with it (stale, edited, truncated, another Node, a symlink, CI) makes the
// hook line run the normal path, which still refuses a key. The test helpers' environment turns
// the snapshot off (RAMPART_SNAPSHOT=0); these tests turn it on.

const TRACE = "rampart: hook started from its snapshot";
const builder = join(cliBin, "..", "..", "dist", "hook-snapshot-build.js");

function on(repo: GitRepo, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...repo.env, RAMPART_SNAPSHOT: "1", RAMPART_SNAPSHOT_TRACE: "1", ...extra };
}

const blobOf = (repo: GitRepo) => repo.path(".git/rampart/hook.blob");

/** Stages a file holding an AWS key and commits: the pre-commit hook must refuse it. */
async function commitKey(repo: GitRepo, env: NodeJS.ProcessEnv) {
  repo.write("deploy.ini", `aws_access_key_id = ${fakeAwsKey()}\n`);
  await repo.git(["add", "deploy.ini"]);
  const r = await repo.gitResult(["commit", "-m", "feat: deploy"], { env });
  await repo.git(["rm", "-q", "--cached", "deploy.ini"]);
  return { exitCode: r.exitCode, out: `${r.stdout}${r.stderr}` };
}

async function until(done: () => boolean, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  const ok = () => {
    try {
      return done();
    } catch {
      return false; // between the builder's steps
    }
  };
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The blob once no build runs or is about to: no lock and the same record over a second of polls.
 * Each hook that ran without the blob starts a builder, and one a hook started just after the
 * first build ended replaces the blob again: a hook starting meanwhile runs the normal path.
 */
async function settled(repo: GitRepo): Promise<void> {
  let last = "";
  let same = 0;
  await until(() => {
    const now = existsSync(`${blobOf(repo)}.lock`) ? "" : readFileSync(`${blobOf(repo)}.json`, "utf8");
    same = now !== "" && now === last ? same + 1 : 0;
    last = now;
    return same >= 5;
  }, "a settled blob");
}

/** A repository set up by init with a copy of `from`'s blob and record (the same rampart and Node). */
async function withBlobOf(from: GitRepo): Promise<GitRepo> {
  const repo = await initRepo();
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "--no-verify", "-m", "chore: adopt rampart"]);
  // As the builder leaves them: the folder 0700, the blob 04600 (a copy's writes clear the mark
  // unless they are root's: it is set again after).
  mkdirSync(repo.path(".git/rampart"), { recursive: true });
  chmodSync(repo.path(".git/rampart"), 0o700);
  for (const f of ["hook.blob", "hook.blob.json"])
    copyFileSync(from.path(`.git/rampart/${f}`), repo.path(`.git/rampart/${f}`));
  chmodSync(blobOf(repo), 0o4600);
  // As a copy that kept its time (the record's, to the nanosecond a Date would lose).
  const record = JSON.parse(readFileSync(`${blobOf(repo)}.json`, "utf8")) as { mtimeMs: number };
  writeFileSync(`${blobOf(repo)}.json`, JSON.stringify({ ...record, mtimeMs: statSync(blobOf(repo)).mtimeMs }), {
    mode: 0o600,
  });
  return repo;
}

describe("the hooks' startup snapshot", () => {
  let built: GitRepo;

  beforeAll(async () => {
    // The first commit has no blob: its hooks run the normal path and start the builder.
    built = await initRepo();
    await built.git(["add", "-A"]);
    const first = await built.gitResult(["commit", "-m", "chore: adopt rampart"], { env: on(built) });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).not.toContain(TRACE);
    await until(() => existsSync(`${blobOf(built)}.json`) && !existsSync(`${blobOf(built)}.lock`), "the blob");
    const failed = `${blobOf(built)}.failed`;
    expect(existsSync(failed) ? readFileSync(failed, "utf8") : "no failed build").toBe("no failed build");
  }, 180_000);

  it("starts the hooks from the blob, and they refuse a key and a bad message as before", async () => {
    const refused = await commitKey(built, on(built));
    expect(refused.exitCode).not.toBe(0);
    expect(refused.out).toContain(TRACE);
    expect(refused.out).toContain("aws-access-key-id");
    expect(refused.out).not.toContain(fakeAwsKey());
    const bad = await built.gitResult(["commit", "--allow-empty", "-m", "stuff"], { env: on(built) });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain("commitlint/type-empty");
    built.write("index.js", "2;\n");
    await built.git(["add", "index.js"]);
    const clean = await built.gitResult(["commit", "-m", "feat: two"], { env: on(built) });
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stderr.split(TRACE).length - 1, clean.stderr).toBe(2); // pre-commit and commit-msg
    expect(clean.stderr).not.toContain("ExperimentalWarning");
  }, 120_000);

  it("from the blob too, an unparsable staged lockfile or workflow never hides the other files' findings", async () => {
    await stageBrokenBesideFindings(built);
    const r = await built.gitResult(["commit", "-m", "feat: left-pad"], { env: on(built) });
    await built.git(["reset", "-q", "--hard", "HEAD"]);
    await built.git(["clean", "-qfd", "--", "a", "b", ".github/workflows/broken.yml", ".github/workflows/fetch.yml"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(TRACE);
    expect(judgedAll(`${r.stdout}${r.stderr}`)).toEqual(JUDGED_ALL);
  }, 120_000);

  it("from the blob too, a first policy's lockfile section does not apply to the commit adopting it", async () => {
    const repo = await withBlobOf(built);
    // HEAD without a policy: the commit that (re)adopts one is judged by the defaults.
    await repo.git(["rm", "-q", "--cached", ".rampart/config.yaml"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: no policy"]);
    repo.write(
      ".rampart/config.yaml",
      "version: 1\nsignatures:\n  required: false\nlockfile:\n  allowedHosts: [npm.evil.example]\n",
    );
    const entry = {
      version: "1.0.0",
      resolved: "https://npm.evil.example/left-pad/-/left-pad-1.0.0.tgz",
      integrity: `sha512-${"A".repeat(86)}==`,
    };
    const lock = {
      name: "app",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": { name: "app", version: "1.0.0", dependencies: { "left-pad": "1.0.0" } },
        "node_modules/left-pad": entry,
      },
    };
    repo.write(
      "app/package.json",
      `${JSON.stringify({ name: "app", version: "1.0.0", dependencies: { "left-pad": "1.0.0" } })}\n`,
    );
    repo.write("app/package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
    await repo.git(["add", "-A"]);
    const r = await repo.gitResult(["commit", "-m", "chore: adopt rampart"], { env: on(repo) });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(TRACE);
    expect(r.stdout + r.stderr).toContain("lockfile/disallowed-host");
  }, 120_000);

  it("runs the normal path when the blob was replaced, edited in place, truncated or is a symlink", async () => {
    const cases: Array<[string, (repo: GitRepo) => void]> = [
      [
        "another build's record",
        (repo) => {
          const record = JSON.parse(readFileSync(`${blobOf(repo)}.json`, "utf8")) as { nonce: string };
          repo.write(".git/rampart/hook.blob.json", JSON.stringify({ ...record, nonce: "another-build" }));
        },
      ],
      ["edited in place", (repo) => utimesSync(blobOf(repo), new Date(), new Date())],
      [
        "truncated",
        (repo) => {
          const st = statSync(blobOf(repo));
          spawnSync("truncate", ["-s", String(Math.floor(st.size / 3)), blobOf(repo)]);
          repo.write(
            ".git/rampart/hook.blob.json",
            JSON.stringify({ ...readRecord(repo), size: Math.floor(st.size / 3) }),
          );
        },
      ],
      [
        "garbage, with a record that matches it",
        (repo) => {
          const fd = openSync(blobOf(repo), "r+");
          writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 0);
          const st = statSync(blobOf(repo));
          repo.write(".git/rampart/hook.blob.json", JSON.stringify({ ...readRecord(repo), mtimeMs: st.mtimeMs }));
        },
      ],
      [
        "a symlink to a good blob",
        (repo) => {
          const elsewhere = join(tempDir().dir, "hook.blob");
          copyFileSync(blobOf(repo), elsewhere);
          spawnSync("rm", [blobOf(repo)]);
          symlinkSync(elsewhere, blobOf(repo));
        },
      ],
    ];
    for (const [what, spoil] of cases) {
      const repo = await withBlobOf(built);
      spoil(repo);
      const before = readRecord(repo).nonce;
      const r = await commitKey(repo, on(repo));
      expect(r.exitCode, what).not.toBe(0);
      expect(r.out, what).toContain("aws-access-key-id");
      expect(r.out, what).not.toContain(TRACE);
      // The miss started one builder, which puts a blob of its own in place.
      await until(
        () => lstatSync(blobOf(repo)).isFile() && readRecord(repo).nonce !== before,
        `${what}: the rebuilt blob`,
      );
      expect(statSync(blobOf(repo)).size).toBe(readRecord(repo).size);
    }
  }, 300_000);

  it("runs the normal path in CI and with RAMPART_SNAPSHOT=0, and builds nothing there", async () => {
    for (const env of [{ CI: "true" }, { RAMPART_SNAPSHOT: "0" }] as Array<Record<string, string>>) {
      const repo = await withBlobOf(built);
      const r = await commitKey(repo, on(repo, env));
      expect(r.exitCode).not.toBe(0);
      expect(r.out).toContain("aws-access-key-id");
      expect(r.out).not.toContain(TRACE);
    }
    const fresh = await initRepo();
    await fresh.git(["add", "-A"]);
    const r = await fresh.gitResult(["commit", "-m", "chore: adopt rampart"], { env: on(fresh, { CI: "true" }) });
    expect(r.exitCode, r.stderr).toBe(0);
    await new Promise((done) => setTimeout(done, 1500));
    expect(existsSync(fresh.path(".git/rampart/hook.blob.lock"))).toBe(false);
    expect(existsSync(blobOf(fresh))).toBe(false);
  }, 180_000);

  it("runs the normal path on a blob another Node built (Node refuses it), then replaces it", async () => {
    const other = ["/usr/bin/node", "/usr/local/bin/node"].find(
      (p) => existsSync(p) && spawnSync(p, ["--version"], { encoding: "utf8" }).stdout.trim() !== process.version,
    );
    if (other === undefined) {
      console.warn("hook-snapshot: no second Node on this machine; the other-Node case is not exercised");
      return;
    }
    const repo = await withBlobOf(built);
    const { dir } = tempDir();
    const entry = join(dir, "entry.cjs");
    spawnSync("sh", ["-c", `echo 'require("v8").startupSnapshot.setDeserializeMainFunction(() => {})' > ${entry}`]);
    const made = spawnSync(other, ["--snapshot-blob", blobOf(repo), "--build-snapshot", entry], { cwd: dir });
    if (made.status !== 0) {
      console.warn(`hook-snapshot: ${other} cannot build a snapshot; the other-Node case is not exercised`);
      return;
    }
    const r = await commitKey(repo, on(repo));
    expect(r.exitCode).not.toBe(0);
    expect(r.out).toContain("aws-access-key-id");
    expect(r.out).not.toContain(TRACE);
    // The miss started a builder: the next commit starts from a blob of this Node.
    await until(
      () => existsSync(`${blobOf(repo)}.json`) && readRecord(repo).nonce !== readRecord(built).nonce,
      "the rebuilt blob",
    );
    repo.write("index.js", "5;\n");
    await repo.git(["add", "index.js"]);
    const next = await repo.gitResult(["commit", "-m", "feat: five"], { env: on(repo) });
    expect(next.exitCode, next.stderr).toBe(0);
    expect(next.stderr).toContain(TRACE);
  }, 240_000);

  it("builds the blob 04600 (the mark the hook line checks) in a 0700 folder under umask 002", async () => {
    const repo = await initRepo();
    await repo.git(["add", "-A"]);
    // The hooks, and the builder the first commit starts, run with the group-writable umask.
    const r = spawnSync("sh", ["-c", 'umask 002 && git commit -m "chore: adopt rampart"'], {
      cwd: repo.dir,
      env: on(repo),
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    await until(() => existsSync(`${blobOf(repo)}.json`) && !existsSync(`${blobOf(repo)}.lock`), "the blob");
    expect((statSync(blobOf(repo)).mode & 0o7777).toString(8)).toBe("4600");
    expect((statSync(repo.path(".git/rampart")).mode & 0o777).toString(8)).toBe("700");
    expect((statSync(`${blobOf(repo)}.json`).mode & 0o777).toString(8)).toBe("600");
    // Without Node's code cache of every built-in module (3.9 MB each start read and copied: 10 MB).
    expect(statSync(blobOf(repo)).size).toBeLessThan(7 * 2 ** 20);
    expect(readdirSync(repo.path(".git/rampart")).filter((f) => f.endsWith(".config.json"))).toEqual([]); // the build's own
    repo.write("index.js", "3;\n");
    await repo.git(["add", "index.js"]);
    const next = spawnSync("sh", ["-c", 'umask 002 && git commit -m "feat: three"'], {
      cwd: repo.dir,
      env: on(repo),
      encoding: "utf8",
    });
    expect(next.status, next.stderr).toBe(0);
    expect(next.stderr.split(TRACE).length - 1).toBe(2);
  }, 180_000);

  it("starts a copied blob only while it and its folder are private: else the normal path, and a rebuild", async () => {
    const control = await withBlobOf(built);
    const ok = await commitKey(control, on(control));
    expect(ok.out).toContain(TRACE); // the copy itself is good
    expect(ok.out).toContain("aws-access-key-id");
    const cases: Array<[string, (repo: GitRepo) => void]> = [
      ["a group-writable blob", (repo) => chmodSync(blobOf(repo), 0o664)],
      ["a world-readable folder", (repo) => chmodSync(repo.path(".git/rampart"), 0o755)],
    ];
    for (const [what, spoil] of cases) {
      const repo = await withBlobOf(built);
      spoil(repo);
      const before = readRecord(repo).nonce;
      const r = await commitKey(repo, on(repo));
      expect(r.exitCode, what).not.toBe(0);
      expect(r.out, what).toContain("aws-access-key-id");
      expect(r.out, what).not.toContain(TRACE);
      await until(() => readRecord(repo).nonce !== before, `${what}: the rebuilt blob`);
      expect((statSync(blobOf(repo)).mode & 0o7777).toString(8), what).toBe("4600");
      expect((statSync(repo.path(".git/rampart")).mode & 0o777).toString(8), what).toBe("700");
    }
  }, 300_000);

  it("the hook line does not start Node from a blob that is a symlink, in a symlinked folder, or another user's", async () => {
    // Garbage where the blob is: Node aborts on it (its magic number) if the line starts it.
    const NODE_READ_IT = /kMagic|SnapshotData/;
    const garbage = (path: string) => {
      writeFileSync(path, Buffer.alloc(64 * 1024, 0x5a), { mode: 0o600 });
      chmodSync(path, 0o4600); // the builder's mark, set after the write (which would clear it)
    };
    const cases: Array<[string, (repo: GitRepo) => void]> = [
      [
        "a symlink to garbage",
        (repo) => {
          const elsewhere = join(tempDir().dir, "hook.blob");
          garbage(elsewhere);
          mkdirSync(repo.path(".git/rampart"), { mode: 0o700 });
          symlinkSync(elsewhere, blobOf(repo));
        },
      ],
      [
        "a symlinked folder holding garbage",
        (repo) => {
          const { dir } = tempDir();
          chmodSync(dir, 0o700);
          garbage(join(dir, "hook.blob"));
          symlinkSync(dir, repo.path(".git/rampart"));
        },
      ],
    ];
    if (process.geteuid?.() === 0) {
      cases.push([
        "another user's garbage",
        (repo) => {
          mkdirSync(repo.path(".git/rampart"), { recursive: true, mode: 0o700 });
          garbage(blobOf(repo));
          chownSync(blobOf(repo), 65534, 65534);
        },
      ]);
      cases.push([
        "garbage in another user's folder",
        (repo) => {
          mkdirSync(repo.path(".git/rampart"), { recursive: true, mode: 0o700 });
          garbage(blobOf(repo));
          chownSync(repo.path(".git/rampart"), 65534, 65534);
        },
      ]);
    } else console.warn("hook-snapshot: not root, so no file of another user's: the owner cases are not exercised");
    // The control: garbage of the user's own, in a private folder, is started (and aborts).
    const control = await initRepo();
    await control.git(["add", "-A"]);
    await control.git(["commit", "-q", "--no-verify", "-m", "chore: adopt rampart"]);
    mkdirSync(control.path(".git/rampart"), { recursive: true, mode: 0o700 });
    garbage(blobOf(control));
    expect((await commitKey(control, on(control))).out).toMatch(NODE_READ_IT);
    for (const [what, spoil] of cases) {
      const repo = await initRepo();
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-q", "--no-verify", "-m", "chore: adopt rampart"]);
      rmSync(repo.path(".git/rampart"), { recursive: true, force: true });
      spoil(repo);
      const r = await commitKey(repo, on(repo));
      expect(r.exitCode, what).not.toBe(0);
      expect(r.out, what).toContain("aws-access-key-id");
      expect(r.out, what).not.toMatch(NODE_READ_IT);
    }
  }, 300_000);

  it("never starts a blob without the builder's mark: an older rampart's group-writable one, or one of its private ones", async () => {
    // A blob whose code passes every commit, as a group member could make of a blob an older
    // rampart left group-writable (0664 in a 0775 folder, under umask 002): the user's own file.
    const { dir } = tempDir();
    const entry = join(dir, "entry.cjs");
    writeFileSync(
      entry,
      `require("v8").startupSnapshot.setDeserializeMainFunction(() => {
  process.getBuiltinModule("fs").appendFileSync(".git/foreign-blob-ran", "ran\\n");
  process.exit(0);
});
`,
    );
    const foreign = join(dir, "hook.blob");
    const made = spawnSync(process.execPath, ["--snapshot-blob", foreign, "--build-snapshot", entry], { cwd: dir });
    expect(made.status, String(made.stderr)).toBe(0);
    // The control: with the mark (as only the user's own chmod gives it), the line starts it.
    const control = await withBlobOf(built);
    copyFileSync(foreign, blobOf(control));
    chmodSync(blobOf(control), 0o4600);
    const passed = await commitKey(control, on(control));
    expect(passed.exitCode, passed.out).toBe(0);
    expect(existsSync(control.path(".git/foreign-blob-ran"))).toBe(true);
    const cases: Array<[string, number, number]> = [
      ["group-writable, in a group-writable folder (an older rampart under umask 002)", 0o664, 0o775],
      ["private, without the mark (an older rampart's 0600)", 0o600, 0o700],
    ];
    for (const [what, blobMode, dirMode] of cases) {
      const repo = await withBlobOf(built);
      copyFileSync(foreign, blobOf(repo));
      chmodSync(blobOf(repo), blobMode);
      chmodSync(repo.path(".git/rampart"), dirMode);
      const before = readRecord(repo).nonce;
      const r = await commitKey(repo, on(repo));
      expect(r.exitCode, what).not.toBe(0);
      expect(r.out, what).toContain("aws-access-key-id");
      expect(existsSync(repo.path(".git/foreign-blob-ran")), what).toBe(false);
      // The miss rebuilt it: private, with the mark, and started by the next commit.
      await until(
        () => readRecord(repo).nonce !== before && !existsSync(`${blobOf(repo)}.lock`),
        `${what}: the rebuilt blob`,
      );
      expect((statSync(blobOf(repo)).mode & 0o7777).toString(8), what).toBe("4600");
      expect((statSync(repo.path(".git/rampart")).mode & 0o777).toString(8), what).toBe("700");
      const next = await commitKey(repo, on(repo));
      expect(next.out, what).toContain(TRACE);
      expect(next.out, what).toContain("aws-access-key-id");
    }
  }, 300_000);

  it.runIf(process.platform === "linux")(
    "a snapshot hook stopped by a signal is not run again and nothing is committed; one that crashed runs the normal path",
    async () => {
      // The project's lint-staged task runs inside the hook: it counts its runs and, when the hook
      // started from the snapshot, sends the signal to that Node process (found above it in /proc).
      const TASK = `const fs = require("fs");
fs.appendFileSync(".git/task-runs", "run\\n");
for (let p = process.ppid; p > 1; ) {
  const cmdline = fs.readFileSync("/proc/" + p + "/cmdline", "utf8");
  if (cmdline.includes("\\0--snapshot-blob\\0")) {
    process.kill(p, process.env.RAMPART_TEST_SIGNAL);
    break;
  }
  p = Number(fs.readFileSync("/proc/" + p + "/stat", "utf8").split(") ")[1].split(" ")[1]);
}
`;
      const cases: Array<[NodeJS.Signals, "stopped" | "crashed"]> = [
        ["SIGTERM", "stopped"],
        ["SIGKILL", "stopped"],
        ["SIGHUP", "stopped"],
        ["SIGINT", "stopped"],
        ["SIGABRT", "crashed"],
      ];
      for (const [signal, kind] of cases) {
        const repo = await withBlobOf(built);
        const nm = repo.path("node_modules");
        symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
        symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
        repo.write("lint-staged.config.mjs", 'export default { "*.js": "node task.cjs" };\n');
        repo.write("task.cjs", TASK);
        await repo.git(["add", "lint-staged.config.mjs", "task.cjs"]);
        await repo.git(["commit", "-q", "--no-verify", "-m", "chore: a task"]);
        const head = await repo.git(["rev-parse", "HEAD"]);
        repo.write("index.js", "2;\n");
        await repo.git(["add", "index.js"]);
        const r = await repo.gitResult(["commit", "-m", "feat: two"], {
          env: on(repo, { RAMPART_TEST_SIGNAL: signal }),
        });
        const out = `${r.stdout}${r.stderr}`;
        const counted = repo.path(".git/task-runs");
        const runs = existsSync(counted) ? readFileSync(counted, "utf8").split("\n").length - 1 : 0;
        expect(runs, `${signal}: ${out}`).toBeGreaterThan(0);
        expect(out, signal).toContain(TRACE);
        if (kind === "stopped") {
          expect(r.exitCode, `${signal}: ${out}`).not.toBe(0);
          expect(await repo.git(["rev-parse", "HEAD"]), signal).toBe(head);
          expect(runs, `${signal}: ${out}`).toBe(1);
        } else {
          // A crash is the snapshot's fault, not the user's wish: the normal path checks again.
          expect(r.exitCode, `${signal}: ${out}`).toBe(0);
          expect(await repo.git(["rev-parse", "HEAD"]), signal).not.toBe(head);
          expect(runs, signal).toBe(2);
        }
      }
    },
    300_000,
  );

  it("commit-msg runs the snapshot's @commitlint/lint only where the project's is the same files", async () => {
    const LINT_TRACE = "rampart: commitlint's lint from the snapshot";
    const OWN_TRACE = "rampart: commitlint's lint from the project";
    const PATCHED = "rampart-test: the project's patched @commitlint/lint ran";
    for (const patched of [false, true]) {
      const repo = await withBlobOf(built);
      ownCommitlint(repo, (lint) => {
        if (!patched) return;
        // As patch-package edits in place: same version, same package.json, one file changed.
        const file = join(lint, "lib/lint.js");
        const text = readFileSync(file, "utf8");
        rmSync(file); // (a fresh file: whatever it was copied from stays as it was)
        writeFileSync(file, `process.stderr.write(${JSON.stringify(`${PATCHED}\n`)});\n${text}`);
      });
      // The first commit keeps commitlint's resolved config; the next ones lint with it.
      const warm = await repo.gitResult(["commit", "--allow-empty", "-m", "chore: warm"], { env: on(repo) });
      expect(warm.exitCode, warm.stderr).toBe(0);
      const bad = await repo.gitResult(["commit", "--allow-empty", "-m", "stuff"], { env: on(repo) });
      expect(bad.exitCode).not.toBe(0);
      expect(bad.stderr).toContain("commitlint/type-empty");
      expect(bad.stderr.split(TRACE).length - 1).toBe(2); // both hooks from the snapshot
      expect(bad.stderr).toContain(patched ? OWN_TRACE : LINT_TRACE);
      expect(bad.stderr).not.toContain(patched ? LINT_TRACE : OWN_TRACE);
      if (patched) expect(bad.stderr).toContain(PATCHED);
      else expect(bad.stderr).not.toContain(PATCHED);
      const good = await repo.gitResult(["commit", "--allow-empty", "-m", "feat: fine"], { env: on(repo) });
      expect(good.exitCode, good.stderr).toBe(0);
    }
  }, 240_000);

  it("a builder asked by a hook that started before the blob in place was placed builds nothing; one asked after builds", async () => {
    // Each hook that ran without the blob asks for a build when it ends: the second hook of a
    // commit that missed (commit-msg, started before the first build ended) finds that build.
    const repo = await withBlobOf(built);
    const record = readRecord(repo);
    const ino = statSync(blobOf(repo)).ino;
    expect(record.placedAt).toBeGreaterThan(0);
    const before = spawnSync(process.execPath, [builder, repo.path(".git"), String(record.placedAt - 1000)]);
    expect(before.status, String(before.stderr)).toBe(0);
    expect(readRecord(repo)).toEqual(record);
    expect(statSync(blobOf(repo)).ino).toBe(ino);
    // A hook that started after it missed on this very blob (stale, refused): it is built again.
    const after = spawnSync(process.execPath, [builder, repo.path(".git"), String(Date.now())]);
    expect(after.status, String(after.stderr)).toBe(0);
    expect(readRecord(repo).nonce).not.toBe(record.nonce);
  }, 120_000);

  it("the builder writes nothing through a symlinked rampart folder in the git dir", async () => {
    const repo = await initRepo();
    const { dir: outside } = tempDir();
    symlinkSync(outside, repo.path(".git/rampart"));
    const r = spawnSync(process.execPath, [builder, repo.path(".git")], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(readdirSync(outside)).toEqual([]);
  });
});

/**
 * The project's @commitlint/cli as a folder of its own, npm-style (its dependencies beside it),
 * with @commitlint/lint a copy too (its dependencies beside it as well), the rest linked to the
 * package store: the same files as the bench's, found elsewhere. `edit` may change the copy of lint.
 */
function ownCommitlint(repo: GitRepo, edit: (lintDir: string) => void): void {
  const nm = repo.path("node_modules/.own/node_modules");
  const besides = (pkg: string, skip: string) => {
    const entry = pkg.slice(0, pkg.lastIndexOf(`${sep}node_modules${sep}`) + "/node_modules".length);
    const names = readdirSync(entry).flatMap((n) =>
      n.startsWith("@") ? readdirSync(join(entry, n)).map((m) => `${n}/${m}`) : [n],
    );
    for (const name of names) {
      if (name === skip || join(entry, name) === pkg || name === ".bin") continue;
      const target = realpathSync(join(entry, name));
      const at = join(nm, name);
      if (existsSync(at)) {
        if (realpathSync(at) !== target) throw new Error(`${name}: two versions in the copied graph`);
        continue;
      }
      mkdirSync(dirname(at), { recursive: true });
      symlinkSync(target, at);
    }
  };
  const cli = realpathSync(join(repoRoot, "bench/node_modules/@commitlint/cli"));
  const lint = realpathSync(join(cli, "../lint"));
  cpSync(cli, join(nm, "@commitlint/cli"), { recursive: true });
  cpSync(lint, join(nm, "@commitlint/lint"), { recursive: true });
  besides(cli, "@commitlint/lint");
  besides(lint, "");
  edit(join(nm, "@commitlint/lint"));
  rmSync(repo.path("node_modules/@commitlint/cli"));
  symlinkSync(join(nm, "@commitlint/cli"), repo.path("node_modules/@commitlint/cli"));
}

/** The third-party packages the snapshot's SBOM lists (its copy of @commitlint/lint's graph). */
function bundledLintGraph(repo: GitRepo): { name: string; version: string }[] {
  const sbom = JSON.parse(readFileSync(repo.path("node_modules/rampart/dist/hook-snapshot.cdx.json"), "utf8")) as {
    components: { group?: string; name: string; version: string }[];
  };
  const graph = sbom.components
    .filter((c) => c.group !== "@rampart")
    .map((c) => ({ name: c.group ? `${c.group}/${c.name}` : c.name, version: c.version }));
  expect(graph.map((c) => c.name)).toContain("@commitlint/lint");
  return graph;
}

/** Every version of a package installed anywhere under the project's node_modules. */
function installedVersions(repo: GitRepo, name: string): Set<string> {
  const found = new Set<string>();
  const walk = (modules: string): void => {
    if (!existsSync(modules)) return;
    const manifest = join(modules, name, "package.json");
    if (existsSync(manifest)) found.add(JSON.parse(readFileSync(manifest, "utf8")).version);
    for (const entry of readdirSync(modules)) {
      const scoped = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((e) => `${entry}/${e}`) : [entry];
      for (const pkg of scoped) walk(join(modules, pkg, "node_modules"));
    }
  };
  walk(repo.path("node_modules"));
  return found;
}

function readRecord(repo: GitRepo): { nonce: string; size: number; mtimeMs: number; placedAt: number } {
  return JSON.parse(readFileSync(`${blobOf(repo)}.json`, "utf8"));
}

describe("the hooks' startup snapshot in an installed rampart", () => {
  it("npm project from the packed tarballs: the first commit builds the blob, the next start from it", async () => {
    const tarballs = await packOnce();
    const repo = await gitRepo({
      "package.json": `${JSON.stringify(
        {
          name: "shop",
          version: "1.0.0",
          private: true,
          devDependencies: { rampart: `file:${tarballs.rampart}` },
          overrides: fileSpecs(tarballs),
        },
        null,
        2,
      )}\n`,
      ".gitignore": "node_modules\n",
    });
    await must(repo, "npm", ["install"]);
    // The tarballs (from outside the repository) come in a commit before the adoption: the hooks,
    // as CI, judge an adopting commit by the defaults and accept what HEAD's lockfile already held.
    await repo.commit("build: rampart");
    await must(repo, "npx", ["rampart", "init", "--yes"]);
    allowTarballs(repo.dir, tarballs);
    await must(repo, "npm", ["install"]);
    const env = { ...installEnv(repo), RAMPART_SNAPSHOT: "1", RAMPART_SNAPSHOT_TRACE: "1" };
    await repo.git(["add", "-A"]);
    const adopt = await repo.gitResult(["commit", "-m", "chore: adopt rampart"], { env });
    expect(adopt.exitCode, adopt.stderr).toBe(0);
    // Its pre-commit ran without a blob and started the build; commit-msg starts from the blob when
    // that build was quicker than pre-commit's checks.
    expect(adopt.stderr.split(TRACE).length - 1, adopt.stderr).toBeLessThan(2);
    await settled(repo);
    const refused = await commitKey(repo, env);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.out).toContain(TRACE);
    expect(refused.out).toContain("aws-access-key-id");
    repo.write("CHANGELOG.md", "# changes\n");
    await repo.git(["add", "CHANGELOG.md"]);
    const clean = await repo.gitResult(["commit", "-m", "docs: changelog"], { env });
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stderr.split(TRACE).length - 1, clean.stderr).toBe(2);
    // That was the first message judged by HEAD's commitlint config (the adoption's): it filled
    // commitlint's kept entry for HEAD's copy, and the next commit reads it (lint from the snapshot).
    repo.write("CHANGELOG.md", "# changes\n\n- one\n");
    await repo.git(["add", "CHANGELOG.md"]);
    const next = await repo.gitResult(["commit", "-m", "docs: one more change"], { env });
    expect(next.exitCode, next.stderr).toBe(0);
    expect(next.stderr.split(TRACE).length - 1).toBe(2);
    // The snapshot carries a copy of @commitlint/lint's graph (listed in its CycloneDX SBOM) and
    // commit-msg runs it only where the project installed that graph, version for version; else the
    // project's own. The registry decides what this install got, so the test follows it: on the day
    // commitlint moves the copy stops being used (a visible note), and is never used for another graph.
    const bundled = bundledLintGraph(repo);
    const missing = bundled.filter((c) => !installedVersions(repo, c.name).has(c.version));
    const source = /rampart: commitlint's lint from the (snapshot|project)/.exec(next.stderr)?.[1];
    if (missing.length === 0) expect(source, next.stderr).toBe("snapshot");
    else {
      console.warn(
        `hook-snapshot e2e: this install differs from the snapshot's commitlint graph (${missing.map((c) => `${c.name}@${c.version}`).join(", ")}): update packages/cli's @commitlint/lint devDependency and bench's lockfile to what the profiles' @commitlint/cli installs now`,
      );
      expect(source, next.stderr).toBe("project");
    }
    // The blob leaves the rules' text in rules.jsonl and reads lines by offset. Edited in place
    // with its size and time put back (as npm extracts a file of an upgrade: a fixed time), every
    // line break moved by one: its change time differs, so the blob does not start; the normal
    // path reads the file as it is now, and the commit is refused all the same.
    const rules = repo.path("node_modules/@rampart/secrets/dist/rules/rules.jsonl");
    const times = `${rules}.times`;
    spawnSync("cp", ["-p", rules, times]);
    const text = readFileSync(rules, "latin1");
    writeFileSync(rules, text.replaceAll("}\n{", "\n}{"), "latin1");
    expect(statSync(rules).size).toBe(statSync(times).size);
    spawnSync("touch", ["-r", times, rules]);
    expect(statSync(rules).mtimeMs).toBe(statSync(times).mtimeMs);
    const moved = await commitKey(repo, env);
    expect(moved.exitCode).not.toBe(0);
    expect(moved.out).not.toContain(TRACE);
    expect(moved.out).not.toContain(fakeAwsKey());
  }, 600_000);
});
