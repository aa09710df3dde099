import { join, sep } from "node:path";
import { writeFileSafe } from "./fs/safe-write.js";

// Through getBuiltinModule: an ESM import of node:fs builds its export wrapper, ~3 ms of CPU at every start.
const { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync } = process.getBuiltinModule("node:fs");

// What rampart keeps between runs (the validated policy, the hooks' commitlint configuration)
// lives in git's common dir under rampart/, never in the working tree: a commit cannot plant an
// entry. Each entry is keyed by a digest of every input it was derived from, so a changed input
// is a miss, never a stale hit. Reads and writes go through the safe file access with the git
// dir as root: a symlink on the way (rampart/ itself, or the file) is refused, and a refusal,
// like any other failure, only costs speed: the value is then derived again.

/** sha256 over the parts, each followed by a NUL (so that ["ab", "c"] and ["a", "bc"] differ). */
export function digestOf(parts: ReadonlyArray<string | Buffer>): string {
  // node:crypto on first use: reading a cache that needs no digest (or none at all) never loads it.
  const h = process.getBuiltinModule("node:crypto").createHash("sha256");
  for (const part of parts) h.update(part).update("\0");
  return h.digest("hex");
}

/**
 * The cache file's text, or undefined: absent, unreadable, or not to be believed. A cache says
 * what was already checked, so only a file this user wrote counts: the folder rampart/ and the
 * file must be a real folder and a regular file (no symlink, no FIFO: O_NOFOLLOW and O_NONBLOCK,
 * then fstat on what was opened), owned by the effective user, the file not writable by everyone.
 */
export function readCache(commonDir: string, name: string): string | undefined {
  return readCacheFile(commonDir, name)?.bytes.toString("utf8");
}

/** readCache's file as bytes, with its modification time (the same checks). */
export function readCacheFile(commonDir: string, name: string): { bytes: Buffer; mtimeMs: number } | undefined {
  const uid = process.geteuid?.();
  const ours = (st: { uid: number }) => uid === undefined || st.uid === uid;
  const dir = join(commonDir, "rampart");
  const path = join(dir, name);
  try {
    const d = lstatSync(dir, { throwIfNoEntry: false });
    if (d === undefined || !d.isDirectory() || !ours(d) || name.includes("/") || name.includes(sep)) return undefined;
    // Without O_NOFOLLOW (Windows) the link check is an lstat before the open.
    const nofollow = constants.O_NOFOLLOW ?? 0;
    if (nofollow === 0 && lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() !== false) return undefined;
    const fd = openSync(path, constants.O_RDONLY | nofollow | (constants.O_NONBLOCK ?? 0));
    try {
      const st = fstatSync(fd);
      if (!st.isFile() || !ours(st) || (st.mode & 0o002) !== 0) return undefined;
      return { bytes: readFileSync(fd), mtimeMs: st.mtimeMs };
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined; // missing, a link (ELOOP), unreadable
  }
}

/** Writes the cache file atomically; false when it could not (read-only git dir, a symlink on the way). */
export function writeCache(commonDir: string, name: string, text: string): boolean {
  try {
    // Private to the user (readCache refuses a file everyone may write). No fsync: a cache lost
    // or torn by a crash only costs speed (its readers ignore what does not parse).
    writeFileSafe(`rampart/${name}`, text, { root: commonDir, createParents: true, mode: 0o600, durable: false });
    return true;
  } catch {
    return false;
  }
}
