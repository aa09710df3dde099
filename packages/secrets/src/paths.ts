import { closeSync, constants, existsSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { isRampartError, RampartError } from "@rampart/core/errors";
import type { CheckResult } from "@rampart/core/findings";
import { getRepoRoot, gitBuffer, splitNul } from "@rampart/core/git";
import type { ScanOptions, SecretsStats } from "./options.js";
import { LARGE_WINDOW, type Scanner } from "./scanner.js";
import { finishScan, prepareScanner } from "./setup.js";
import { walk } from "./walk.js";
import {
  epochNow,
  mergeInto,
  reportTiming,
  scanShared,
  sharedFiles,
  sortStatLists,
  startWorkers,
  stopIdle,
  type ThreadTiming,
  threadCpu,
  workerOptions,
} from "./workers.js";

export interface ScanPathsOptions extends ScanOptions {
  /** Files or directories, relative to cwd (default: cwd itself). */
  paths?: string[];
  /** Respect .gitignore (default true). Needs a git repository; outside one the fs is walked. */
  gitignore?: boolean;
  /** Threads for large trees (default: the machine's available parallelism). */
  jobs?: number;
}

/** Below this many files per thread, starting a thread costs more than it saves. */
const MIN_FILES_PER_JOB = 400;

/**
 * Scans files on disk. In a repository, the file list comes from git (tracked plus untracked
 * not ignored), so build output and node_modules are skipped as the user's .gitignore says.
 */
export async function scanPaths(options: ScanPathsOptions): Promise<CheckResult<SecretsStats>> {
  const entered = epochNow();
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  const targets = options.paths !== undefined && options.paths.length > 0 ? options.paths : ["."];
  // A mistyped path must not read as "no secrets found".
  const missing = targets.find((p) => !existsSync(resolve(options.cwd, p)));
  if (missing !== undefined) {
    throw new RampartError("SECRETS_PATH_NOT_FOUND", "no such file or directory", {
      file: missing,
      hint: "check the path; paths are relative to the current directory (or --cwd)",
    });
  }
  // Workers start now, for a folder (a few named files need none): each loads and prepares its
  // rules while this thread finds the repository and lists the files; the ones the list turns out
  // too short for are stopped.
  const want = options.jobs ?? availableParallelism();
  const warm = { warm: options.rules === undefined };
  const early =
    want > 1 && targets.some((p) => isDirectory(resolve(options.cwd, p))) ? startWorkers(want - 1, warm) : [];
  try {
    const root = options.root ?? (await findRoot(git));
    const scanner = await prepareScanner(root, options);
    const base = root ?? options.cwd;
    const files = await listTargets(targets, root, base, options, git);
    const listed = epochNow();
    const cpuBefore = threadCpu();
    const wanted = Math.min(want, Math.floor(files.length / MIN_FILES_PER_JOB));
    // Named files can be many too (a list from another tool): their workers start now.
    if (wanted - 1 > early.length) early.push(...startWorkers(wanted - 1 - early.length, warm));
    const jobs = Math.min(wanted, early.length + 1);
    for (const w of early.slice(Math.max(0, jobs - 1))) w.stop();
    const threads: Array<ThreadTiming | undefined> = [];
    const own = (): ThreadTiming => {
      const { files, bytes } = scanner.stats;
      return { start: listed, end: epochNow(), cpu: threadCpu() - cpuBefore, files, bytes };
    };
    if (jobs <= 1) {
      for (const file of files) await scanFile(scanner, base, file);
      threads.push(own());
    } else {
      // This thread scans too, from the first file on; a worker still starting takes files once ready.
      const next = sharedFiles(jobs - 1);
      const env = options.env;
      const runs = early.slice(0, jobs - 1).map((w, i) =>
        w.run({
          root,
          ...(env === undefined ? {} : { env }),
          options: workerOptions(options),
          task: { kind: "files", base, files, next, slot: i + 1 },
        }),
      );
      await scanShared(files, next, (file) => scanFile(scanner, base, file));
      threads.push(own());
      for (const reply of await stopIdle(next, runs)) {
        threads.push(reply.timing);
        mergeInto(scanner.findings, scanner.stats, reply);
      }
      sortStatLists(scanner.stats, files);
    }
    const result = await finishScan(scanner, root, options);
    reportTiming(options.env, { entered, listed }, threads);
    return result;
  } finally {
    for (const w of early) w.stop();
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function findRoot(git: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string | undefined> {
  try {
    return await getRepoRoot(git);
  } catch (error) {
    if (isRampartError(error) && error.code === "NOT_A_GIT_REPO") return undefined;
    throw error;
  }
}

/**
 * The files to scan: targets inside the current repository from git (its .gitignore applies),
 * targets in another repository from that one's git, named by absolute path, and targets in no
 * repository by a plain walk (absolute names when outside `base`).
 */
async function listTargets(
  targets: string[],
  root: string | undefined,
  base: string,
  options: ScanPathsOptions,
  git: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string[]> {
  const useGit = options.gitignore !== false;
  const inside: string[] = [];
  const outside: string[] = [];
  for (const t of targets) {
    const abs = resolve(options.cwd, t);
    const rel = root === undefined ? "" : relative(root, abs);
    if (root !== undefined && !rel.startsWith("..") && !isAbsolute(rel)) inside.push(t);
    else outside.push(abs);
  }
  const files: string[] = [];
  if (inside.length > 0)
    files.push(
      ...(root !== undefined && useGit
        ? await listGitFiles(inside, git)
        : walk(
            inside.map((p) => resolve(options.cwd, p)),
            base,
          )),
    );
  for (const abs of outside) {
    const dir = statSync(abs).isDirectory() ? abs : dirname(abs);
    const other = useGit ? await findRoot({ ...git, cwd: dir }) : undefined;
    if (other === undefined) files.push(...walk([abs], base));
    else {
      const listed = await listGitFiles([abs], { ...git, cwd: other });
      files.push(...listed.map((f) => displayName(base, join(other, f))));
    }
  }
  return [...new Set(files)];
}

function displayName(base: string, abs: string): string {
  const rel = relative(base, abs);
  if (rel.startsWith("..") || isAbsolute(rel)) return abs;
  return sep === "/" ? rel : rel.split(sep).join("/");
}

/** Tracked and untracked-but-not-ignored files under the targets, repo-relative. */
async function listGitFiles(targets: string[], git: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string[]> {
  const r = await gitBuffer(["ls-files", "-co", "--exclude-standard", "--full-name", "-z", "--", ...targets], git);
  return [...new Set(splitNul(r.stdout))].sort();
}

/**
 * One buffer per thread for the files it reads, grown as needed (up to the largest file read,
 * at most maxFileSize): a scan is done with a file's bytes before it reads the next one (the
 * text is a copy), and a tree of small files then costs no allocation (and collection) of
 * as many buffers as it has files.
 */
let shared = Buffer.allocUnsafe(0);
function readBuffer(size: number): Buffer {
  if (size > shared.length) shared = Buffer.allocUnsafe(Math.max(size, Math.min(2 * shared.length, 1 << 20), 1 << 16));
  return shared;
}

/** Reads at most maxFileSize bytes: a larger file is reported, not loaded. */
export async function scanFile(scanner: Scanner, base: string, file: string): Promise<void> {
  if (scanner.isIgnored(file)) {
    scanner.stats.ignored++;
    return;
  }
  let fd: number;
  try {
    // A tracked symlink is a path, not content: never follow it out of the tree.
    fd = openSync(isAbsolute(file) ? file : `${base}/${file}`, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return; // deleted from the working tree but still in the index, or unreadable: nothing to scan
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return;
    if (stat.size > scanner.maxFileSize) {
      // Read in windows, one at a time, into the thread's read buffer: memory stays one window
      // whatever the file's size.
      return await scanner.scanLarge(
        { file },
        stat.size,
        (buffer, position) => readSync(fd, buffer, 0, buffer.length, position),
        1,
        readBuffer(Math.min(stat.size, LARGE_WINDOW)),
      );
    }
    const content = readBuffer(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, content, read, stat.size - read, null);
      if (n === 0) break;
      read += n;
    }
    await scanner.scan({ file, content: content.subarray(0, read) });
  } finally {
    closeSync(fd);
  }
}
