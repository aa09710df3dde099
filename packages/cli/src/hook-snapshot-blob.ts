import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mkdirSafe, readCache, removeSafe, writeCache } from "@rampart/core/fs";
import type { SnapshotIdentity, SnapshotRecord } from "./hook-snapshot.js";

// Where the hooks' startup snapshot (hook-snapshot.ts) is built and kept: `<git dir>/rampart/
// hook.blob`, with hook.blob.json beside it (what the builder renamed into place). Only in git's
// own folder: a repository cannot carry a file there, so a blob is never taken from what a clone
// or a commit brings. The husky lines look for it at .git/rampart/hook.blob (a main worktree; a
// linked worktree or a submodule runs the normal path) and, when it is missing or the snapshot
// refuses to run (stale, another Node, corrupt), run `node bin/rampart.js hook ...` with
// RAMPART_SNAPSHOT_MISS set: that run starts one builder in the background for the next commit.

const fs = process.getBuiltinModule("node:fs");

const BLOB = "hook.blob";
/** Read and written by the user alone, with the mark the hook line checks (see buildHookSnapshot). */
const BLOB_MODE = 0o4600;
const LOCK = "hook.blob.lock";
/** What the last build that failed was tried with: the same Node and bundle are not tried again. */
const FAILED = "hook.blob.failed";
/** A builder that has held the lock longer than this is taken to be gone. */
const LOCK_STALE_MS = 10 * 60 * 1000;

/** The bundle the blob is built from (scripts/bundle.mjs --single hook-snapshot --format cjs). */
function bundleFile(): string {
  return fileURLToPath(new URL("./hook-snapshot.cjs", import.meta.url));
}

/** Whether the hooks may use (and build) a snapshot in this environment: never in CI, or when switched off. */
export function snapshotAllowed(env: NodeJS.ProcessEnv): boolean {
  return env.RAMPART_SNAPSHOT !== "0" && (env.CI ?? "") === "";
}

/** What a failed build is remembered by: this Node and this bundle (its size and time). */
function attempt(): string {
  const st = fs.statSync(bundleFile());
  return `${process.version} ${process.platform}-${process.arch} ${st.size} ${st.mtimeMs}\n`;
}

/**
 * Builds the blob for the repository whose git folder is `gitDir` (synchronously, ~1-2 s of CPU):
 * into a temporary file, renamed into place, then the record beside it. Returns whether a blob is
 * in place. A failed build leaves no blob (a stale one is removed) and is not retried with the
 * same Node and bundle.
 */
export function buildHookSnapshot(gitDir: string): boolean {
  const cjs = bundleFile();
  if (!fs.existsSync(cjs)) return false;
  const dir = privateDir(gitDir);
  if (dir === undefined) return false;
  const tmp = join(dir, `.${BLOB}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const config = `${BLOB}.${process.pid}.${Date.now().toString(36)}.config.json`;
  try {
    // Without Node's code cache of every built-in module (~3.9 MB of a 10 MB blob, which each hook
    // start read and copied whole, ~2,900 page faults, to compile the few built-ins the hooks load
    // after start). Node then also drops the bytecode the builder compiled (its only switch does
    // both): each hook compiles what it calls again, which costs less than deserialising it did.
    if (!writeCache(gitDir, config, `${JSON.stringify({ builder: cjs, withoutCodeCache: true })}\n`))
      return failed(gitDir, "cannot write the build's configuration");
    // A minimal environment: nothing of the user's (tokens in the environment) can end up in the heap.
    const r = spawnSync(process.execPath, ["--snapshot-blob", tmp, "--build-snapshot-config", join(dir, config)], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", ...(process.env.SYSTEMROOT ? { SYSTEMROOT: process.env.SYSTEMROOT } : {}) },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 5 * 60 * 1000,
    });
    const line = r.stdout?.trim().split("\n").at(-1) ?? "";
    if (r.status !== 0 || !line.startsWith("{")) return failed(gitDir, lastLine(r.stderr ?? "") ?? `exit ${r.status}`);
    const identity = JSON.parse(line) as SnapshotIdentity;
    const st = fs.lstatSync(tmp);
    if (!st.isFile() || st.size === 0) return failed(gitDir, "no blob written");
    // Node writes it with the umask's mode (0664 under umask 002): only the user may change code.
    // The set-user-ID bit is the mark the hook line looks for (`[ -u ]`, a shell builtin: the shell
    // has no test for modes): only the owner can set it (here, with the rest of the mode in one
    // chmod), and any write to the file but root's clears it. So a blob an older rampart left
    // group-writable, or one a group member wrote into or linked in place, never has it, and is
    // never started. The file is not executable (no x bit): the mark gives no one any right.
    fs.chmodSync(tmp, BLOB_MODE);
    // A file system that keeps no modes (the snapshot would refuse the blob at every start).
    if (
      process.geteuid !== undefined &&
      ((fs.lstatSync(tmp).mode & 0o7777) !== BLOB_MODE || (fs.lstatSync(dir).mode & 0o077) !== 0)
    )
      return failed(gitDir, "the blob and its folder cannot be made private to you (04600 in a 0700 folder)");
    fs.renameSync(tmp, join(dir, BLOB)); // rename keeps the size and time, and replaces a symlink itself
    const placed = fs.lstatSync(join(dir, BLOB));
    const record: SnapshotRecord = {
      nonce: identity.nonce,
      size: placed.size,
      mtimeMs: placed.mtimeMs,
      placedAt: Date.now(),
    };
    if (!writeCache(gitDir, `${BLOB}.json`, `${JSON.stringify(record)}\n`))
      return failed(gitDir, "cannot write the record");
    removeQuietly(gitDir, FAILED);
    return true;
  } catch (error) {
    return failed(gitDir, String((error as Error)?.message ?? error));
  } finally {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // renamed, or never written
    }
    removeQuietly(gitDir, config);
  }
}

/**
 * `<gitDir>/rampart`, made if missing, when it is a real folder of this user's: then made 0700
 * (whatever the umask made it, or an older rampart left), so that no one else can put a file
 * there. Undefined (no blob is built) for a symlink, another user's folder, or a failure.
 */
function privateDir(gitDir: string): string | undefined {
  const dir = join(gitDir, "rampart");
  try {
    mkdirSafe("rampart", { root: gitDir }); // refuses a symlinked rampart/ folder
    const st = fs.lstatSync(dir);
    const uid = process.geteuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) return undefined;
    if ((st.mode & 0o777) !== 0o700) fs.chmodSync(dir, 0o700);
    return dir;
  } catch {
    return undefined;
  }
}

/** The last line of a builder's stderr that says something (Node's error, not its stack). */
function lastLine(text: string): string | undefined {
  const lines = text.split("\n").map((l) => l.trim());
  return lines.find((l) => /^\w*Error\b/.test(l)) ?? lines.filter((l) => l !== "").at(-1);
}

/** Removes what a failed build leaves and remembers the attempt (first line) and why (second). */
function failed(gitDir: string, why: string): false {
  removeQuietly(gitDir, BLOB);
  removeQuietly(gitDir, `${BLOB}.json`);
  try {
    writeCache(gitDir, FAILED, `${attempt()}${why.slice(0, 500)}\n`);
  } catch {
    // no bundle to remember it by
  }
  return false;
}

function removeQuietly(gitDir: string, name: string): void {
  try {
    removeSafe(`rampart/${name}`, { root: gitDir });
  } catch {
    // a symlink or a folder in the way: the snapshot refuses it at start anyway
  }
}

/**
 * After a hook ran the normal path because the snapshot was missing or refused to run
 * (RAMPART_SNAPSHOT_MISS, set by the hook line): starts one builder in the background, so that the
 * next commit starts from a fresh blob. Best effort, never an error; nothing when the hook runs in
 * CI, with RAMPART_SNAPSHOT=0, where the hook line does not look (`.git` is not a folder), while
 * another builder runs, or when this Node and bundle failed before.
 */
export function rebuildAfterMiss(root: string, env: NodeJS.ProcessEnv): void {
  if (env.RAMPART_SNAPSHOT_MISS === undefined || !snapshotAllowed(env)) return;
  const gitDir = join(root, ".git");
  try {
    if (!fs.lstatSync(gitDir).isDirectory() || !fs.existsSync(bundleFile())) return;
    // A folder the builder cannot write to (where no failed build could be recorded either).
    const own = fs.lstatSync(join(gitDir, "rampart"), { throwIfNoEntry: false });
    const uid = process.geteuid?.();
    // Another user's folder (or a link): the builder would refuse it.
    if (own !== undefined && (!own.isDirectory() || (uid !== undefined && own.uid !== uid))) return;
    fs.accessSync(own === undefined ? gitDir : join(gitDir, "rampart"), fs.constants.W_OK);
    const lock = fs.lstatSync(join(gitDir, "rampart", LOCK), { throwIfNoEntry: false });
    if (lock !== undefined && Date.now() - lock.mtimeMs < LOCK_STALE_MS) return;
    if (readCache(gitDir, FAILED)?.startsWith(attempt())) return;
    // A builder another hook started has put a blob in place since this one started: the one it needed.
    if (placedSince(gitDir, performance.timeOrigin)) return;
  } catch {
    return;
  }
  try {
    const builder = fileURLToPath(new URL("./hook-snapshot-build.js", import.meta.url));
    const child = spawn(process.execPath, [builder, gitDir, String(performance.timeOrigin)], {
      detached: true,
      stdio: "ignore",
      env: { PATH: env.PATH ?? "", ...(env.SYSTEMROOT ? { SYSTEMROOT: env.SYSTEMROOT } : {}) },
    });
    child.on("error", () => {});
    child.unref();
  } catch {
    // no builder: the next miss tries again
  }
}

/**
 * Whether the blob in place was put there after `since` (ms since the epoch) by a builder whose
 * record still describes it. A hook that ran without the blob asks for a build when it ends; when
 * another hook's builder has placed one since the asking hook started (two hooks of a commit miss,
 * the first one's build ends before the second hook does), that blob is the build it needed.
 * One placed before it started is the one it missed on (stale, refused): that is built again.
 */
function placedSince(gitDir: string, since: number): boolean {
  try {
    const record = JSON.parse(readCache(gitDir, `${BLOB}.json`) ?? "null") as Partial<SnapshotRecord> | null;
    const st = fs.lstatSync(join(gitDir, "rampart", BLOB), { throwIfNoEntry: false });
    return (
      typeof record?.placedAt === "number" &&
      record.placedAt > since &&
      record.placedAt <= Date.now() && // a clock set back: not believed
      st?.isFile() === true &&
      st.size === record.size &&
      st.mtimeMs === record.mtimeMs
    );
  } catch {
    return false; // no record to go by: built
  }
}

/**
 * The background builder's body: one build at a time per repository (an exclusive lock file).
 * `since`: when the hook that asked for it started; nothing is built when a blob was placed after it (placedSince).
 */
export function buildWithLock(gitDir: string, since?: number): boolean {
  const dir = privateDir(gitDir);
  if (dir === undefined) return false;
  const lock = join(dir, LOCK);
  let fd: number;
  try {
    fd = fs.openSync(lock, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  } catch {
    const st = fs.lstatSync(lock, { throwIfNoEntry: false });
    if (st === undefined || Date.now() - st.mtimeMs < LOCK_STALE_MS || !st.isFile()) return false;
    fs.unlinkSync(lock); // left by a builder that died
    return buildWithLock(gitDir, since);
  }
  try {
    fs.closeSync(fd);
    if (since !== undefined && placedSince(gitDir, since)) return true;
    return buildHookSnapshot(gitDir);
  } finally {
    fs.unlinkSync(lock);
  }
}
