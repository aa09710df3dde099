import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { CommitRecord } from "./record.js";

/**
 * Verdicts by commit id (+ the policy digest when one policy judges everything, --policy-rev).
 * A commit id fixes its parents and so the policy that judges it; the clock is applied after
 * reading (finalize), so entries never go stale. Bump VERSION when a record's meaning changes.
 */
const VERSION = 1;

export interface CacheFile {
  version: number;
  entries: Record<string, CommitRecord>;
}

export function cachePath(commonDir: string): string {
  return join(commonDir, "rampart", "signatures-cache.json");
}

export async function readCache(path: string): Promise<Map<string, CommitRecord>> {
  try {
    const data = JSON.parse(await readFile(path, "utf8")) as CacheFile;
    if (data.version !== VERSION || typeof data.entries !== "object") return new Map();
    return new Map(Object.entries(data.entries));
  } catch {
    return new Map(); // missing or unreadable: a cache miss, never an error
  }
}

export async function writeCache(path: string, entries: Map<string, CommitRecord>): Promise<void> {
  const data: CacheFile = { version: VERSION, entries: Object.fromEntries(entries) };
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(data));
  await rename(tmp, path); // atomic: two concurrent hooks never leave half a file
}
