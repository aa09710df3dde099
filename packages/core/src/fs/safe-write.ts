import type { Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { RampartError } from "../errors.js";

// Through getBuiltinModule: an ESM import of node:fs builds its export wrapper, ~3 ms of CPU at every start.
const {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  futimesSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} = process.getBuiltinModule("node:fs");

/**
 * The one way rampart writes, replaces or removes a file in a folder it does not own (a user's
 * repository, an output path). A repository is untrusted content: a committed symlink at
 * `.husky`, `.rampart/config.yaml` or `sbom.json` must not make rampart write (or delete) outside
 * it. So every path is checked from `root` down: inside `root`, no symlink on the way, no
 * symlink as the target; and a write is atomic (a temp file in the same folder, fsync, rename),
 * so a failure half-way never leaves a half-written file. Errors are RampartErrors (exit 2)
 * naming the file, with a hint.
 */
export interface SafePathOptions {
  /** The folder the path must stay inside; trusted as given (its own ancestors are not checked). */
  root: string;
  /** How errors name the file (default: its path relative to root). */
  name?: string;
}

export interface SafeWriteOptions extends SafePathOptions {
  /** Mode of a new file (the umask applies); an existing file keeps its own. Default 0o666. */
  mode?: number;
  /** Create missing folders between root and the file (each new one checked). Default: refuse. */
  createParents?: boolean;
  /**
   * Write through `<file>.lock`, created exclusively, as git writes its own files (the index): a
   * git process writing the file at the same moment either waits for this write or fails, and
   * never renames over it what it read before. Another holder of the lock gets `waitMs` to let go;
   * then the write fails. Its lock file is never removed.
   */
  gitLock?: { waitMs: number };
  /** The file's modification (and access) time, set before it takes the file's place. */
  mtime?: Date;
  /**
   * false: no fsync of the file and its folder (a cache, whose loss or a torn copy after a crash
   * only costs speed: its reader ignores what does not parse). The rename stays atomic. Default true.
   */
  durable?: boolean;
}

/** Writes `content` to `path` (absolute, or relative to root) atomically; see the module comment. */
export function writeFileSafe(path: string, content: string | Uint8Array, options: SafeWriteOptions): void {
  const target = checkPath(path, options, { createParents: options.createParents === true });
  const existing = statTarget(target);
  if (existing === null && !existsDir(dirname(target.abs))) {
    throw fsError("FS_NO_PARENT", target, "its folder does not exist", { hint: "create the folder first" });
  }
  const tmp = options.gitLock
    ? `${target.abs}.lock`
    : join(
        dirname(target.abs),
        `.${basename(target.abs)}.${process.pid}.${process.getBuiltinModule("node:crypto").randomBytes(4).toString("hex")}.tmp`,
      );
  let fd: number | undefined;
  let created = false;
  try {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
    fd = openExclusive(tmp, flags, options.mode ?? 0o666, options.gitLock?.waitMs ?? 0);
    created = true;
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    if (existing !== null) fchmodSync(fd, existing.mode & 0o7777);
    if (options.mtime) futimesSync(fd, options.mtime, options.mtime);
    if (options.durable !== false) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target.abs);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    if (created)
      try {
        unlinkSync(tmp);
      } catch {
        // already renamed
      }
    throw ioError(target, "write", error);
  }
  if (options.durable !== false) syncDir(dirname(target.abs));
}

/** openSync with O_EXCL; while the file exists (another process's lock), retried for `waitMs`. */
function openExclusive(path: string, flags: number, mode: number, waitMs: number): number {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return openSync(path, flags, mode);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

/**
 * Writes a file at a path the user named on the command line (`--output`, `--baseline`): inside
 * `root` (the working folder or repository) it is checked from root down like any write; outside
 * it, the path is the user's own choice, so it is checked from its nearest existing folder (the
 * target itself is still never a symlink). Missing folders are created: one rule for every
 * output path.
 */
export function writeOutputFile(path: string, content: string | Uint8Array, options: SafeWriteOptions): void {
  const root = resolve(options.root);
  const abs = resolve(root, path);
  const rel = relative(root, abs);
  const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  let base = root;
  if (!inside) {
    base = dirname(abs);
    while (lstatOrNull(base) === null && dirname(base) !== base) base = dirname(base);
  }
  writeFileSafe(abs, content, { ...options, root: base, name: options.name ?? path, createParents: true });
}

/**
 * Reads a file inside root without following a symlink (on the way or as the file itself);
 * null when it does not exist (or a folder on the way does not).
 */
export function readFileSafe(path: string, options: SafePathOptions): string | null {
  const target = checkPath(path, options, { createParents: false, missingParentIsAbsent: true });
  if (target.parentMissing || statTarget(target) === null) return null;
  try {
    return readFileSync(target.abs, "utf8");
  } catch (error) {
    throw ioError(target, "read", error);
  }
}

/**
 * Removes a file (or, with `recursive`, a folder and what is in it; symlinks inside are removed,
 * never followed) inside root. Returns false when there was nothing to remove.
 */
export function removeSafe(path: string, options: SafePathOptions & { recursive?: boolean }): boolean {
  const target = checkPath(path, options, { createParents: false, missingParentIsAbsent: true });
  if (target.parentMissing) return false;
  const stats = lstatOrNull(target.abs);
  if (stats === null) return false;
  if (stats.isSymbolicLink()) throw symlinkError(target, target.shown);
  if (stats.isDirectory() && options.recursive !== true) {
    throw fsError("FS_NOT_A_FILE", target, "is a folder, not a file", {
      hint: "move it out of the way, or remove it yourself",
    });
  }
  try {
    rmSync(target.abs, { recursive: options.recursive === true });
  } catch (error) {
    throw ioError(target, "remove", error);
  }
  return true;
}

/** Creates a folder (and missing ones above it) inside root, refusing symlinks on the way. */
export function mkdirSafe(path: string, options: SafePathOptions): void {
  const target = checkPath(path, options, { createParents: true });
  const stats = lstatOrNull(target.abs);
  if (stats?.isSymbolicLink()) throw symlinkError(target, target.shown);
  if (stats?.isDirectory()) return;
  if (stats)
    throw fsError("FS_NOT_A_DIRECTORY", target, "exists and is not a folder", { hint: "move it out of the way" });
  makeDir(target.abs, target);
}

/**
 * Whether `path` is a plain relative path in forward slashes: no leading `/`, no drive, no
 * backslash, no `.`/`..`/empty segment, no control character. What a path recorded in a file a
 * repository carries (a manifest) must be before rampart acts on it.
 */
export function isPlainRelativePath(path: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (path === "" || path.length > 4096 || /[\\\0-\x1f\x7f]/.test(path) || /^[a-zA-Z]:/.test(path)) return false;
  return path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

interface CheckedPath {
  abs: string;
  /** How errors name it: relative to root (forward slashes) where inside, else as given. */
  shown: string;
  parentMissing: boolean;
}

function checkPath(
  path: string,
  options: SafePathOptions,
  how: { createParents: boolean; missingParentIsAbsent?: boolean },
): CheckedPath {
  const root = resolve(options.root);
  const abs = resolve(root, path);
  const rel = relative(root, abs);
  const shown =
    options.name ?? (rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel.split(sep).join("/"));
  const target: CheckedPath = { abs, shown, parentMissing: false };
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw fsError("FS_OUTSIDE_ROOT", target, `is outside ${root}; refused`, {
      hint: "rampart writes only inside the repository (or the folder of an output path you name)",
    });
  }
  const parts = rel.split(sep);
  // A path from a repository's content (a manifest, a policy) must not reach git's own files:
  // .git/config and .git/hooks run code. rampart's caches pass .git (or the common dir) as root.
  if (parts.some((part) => part.toLowerCase() === ".git")) {
    throw fsError("FS_GIT_DIR_REFUSED", target, "is inside a .git folder; refused", {
      hint: "rampart never writes or removes git's own files through a repository path",
    });
  }
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    const stats = lstatOrNull(dir);
    if (stats === null) {
      if (how.missingParentIsAbsent) return { ...target, parentMissing: true };
      if (!how.createParents) {
        throw fsError("FS_NO_PARENT", target, `folder ${displayed(root, dir)} does not exist`, {
          hint: "create the folder first",
        });
      }
      makeDir(dir, target);
    } else if (stats.isSymbolicLink()) {
      throw symlinkError(target, displayed(root, dir));
    } else if (!stats.isDirectory()) {
      throw fsError("FS_NOT_A_DIRECTORY", target, `${displayed(root, dir)} is not a folder`, {
        hint: "move that file out of the way",
      });
    }
  }
  return target;
}

/** The target's stats, null when absent; refuses a symlink or anything but a regular file. */
function statTarget(target: CheckedPath): Stats | null {
  const stats = lstatOrNull(target.abs);
  if (stats === null) return null;
  if (stats.isSymbolicLink()) throw symlinkError(target, target.shown);
  if (!stats.isFile()) {
    throw fsError("FS_NOT_A_FILE", target, "exists and is not a regular file", {
      hint: "move it out of the way",
    });
  }
  return stats;
}

function makeDir(dir: string, target: CheckedPath): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST" && lstatOrNull(dir)?.isDirectory()) return;
    throw ioError(target, "create a folder for", error);
  }
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw error;
  }
}

function existsDir(path: string): boolean {
  return lstatOrNull(path)?.isDirectory() === true;
}

function displayed(root: string, abs: string): string {
  return relative(root, abs).split(sep).join("/") || ".";
}

function symlinkError(target: CheckedPath, link: string): RampartError {
  return fsError(
    "FS_SYMLINK_REFUSED",
    target,
    `${link === target.shown ? "is a symlink" : `${link} is a symlink`}; rampart does not follow it`,
    { hint: `rampart never writes through a symlink; replace ${link} with a real file or folder, or remove it` },
  );
}

const IO_HINTS: Record<string, string> = {
  EACCES: "check the permissions of the file and its folder",
  EPERM: "check the permissions of the file and its folder",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EISDIR: "a folder is in the way",
  ENOTDIR: "a file is in the way of a folder",
  EEXIST: "its .lock file exists: another process (git?) is writing it; if none is, remove the .lock file",
};

function ioError(target: CheckedPath, verb: string, error: unknown): RampartError {
  if (error instanceof RampartError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? "EIO";
  return fsError("FS_WRITE_FAILED", target, `could not ${verb} it (${code})`, {
    hint: IO_HINTS[code] ?? "check the path and try again",
    cause: error,
  });
}

function fsError(
  code: string,
  target: CheckedPath,
  message: string,
  options: { hint?: string; cause?: unknown },
): RampartError {
  return new RampartError(code, message, { ...options, file: target.shown });
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

/** fsync the folder so the rename itself survives a crash (best effort: not every FS allows it). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a folder
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}
