import { readFileSafe, writeFileSafe } from "./fs/safe-write.js";

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

/** The cache file's text, or undefined (absent, unreadable, or reached through a symlink). */
export function readCache(commonDir: string, name: string): string | undefined {
  try {
    return readFileSafe(`rampart/${name}`, { root: commonDir }) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache file atomically; false when it could not (read-only git dir, a symlink on the way). */
export function writeCache(commonDir: string, name: string, text: string): boolean {
  try {
    writeFileSafe(`rampart/${name}`, text, { root: commonDir, createParents: true });
    return true;
  } catch {
    return false;
  }
}
