import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeFileSafe } from "@rampart/core/fs";
import type { PolicyProblem } from "@rampart/core/ssh";
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
  /** Problems of the policies (by digest) that judged cached commits, so a cached run reports them too. */
  problems?: Record<string, PolicyProblem[]>;
  /** What the trust root needs from a policy, by `.rampart` tree id: no cat-file on a cached run. */
  policies?: Record<string, PolicySummary>;
  /** `git rev-list` output (ids, one a line) by the resolved revisions that listed it (see commit-list.ts). */
  lists?: Record<string, string>;
}

export interface PolicySummary {
  active: boolean;
  since?: string;
}

export interface Cache {
  entries: Map<string, CommitRecord>;
  problems: Map<string, PolicyProblem[]>;
  policies: Map<string, PolicySummary>;
  lists: Map<string, string>;
}

export function cachePath(commonDir: string): string {
  return join(commonDir, "rampart", "signatures-cache.json");
}

export function emptyCache(): Cache {
  return { entries: new Map(), problems: new Map(), policies: new Map(), lists: new Map() };
}

export async function readCache(path: string): Promise<Cache> {
  try {
    const data = JSON.parse(await readFile(path, "utf8")) as CacheFile;
    if (data.version !== VERSION || typeof data.entries !== "object") return emptyCache();
    return {
      entries: new Map(Object.entries(data.entries)),
      problems: new Map(Object.entries(data.problems ?? {})),
      policies: new Map(Object.entries(data.policies ?? {})),
      lists: new Map(Object.entries(data.lists ?? {}).filter(([, v]) => typeof v === "string")),
    };
  } catch {
    return emptyCache(); // missing or unreadable: a cache miss, never an error
  }
}

/** Enough for a long history; past it the oldest entries go (a miss only costs a re-check). */
const MAX_ENTRIES = 100_000;

export async function writeCache(path: string, cache: Cache): Promise<void> {
  for (const k of cache.entries.keys()) {
    if (cache.entries.size <= MAX_ENTRIES) break;
    cache.entries.delete(k); // Map order is insertion order: the first keys are the oldest
  }
  const data: CacheFile = {
    version: VERSION,
    entries: Object.fromEntries(cache.entries),
    problems: Object.fromEntries(cache.problems),
    policies: Object.fromEntries(cache.policies),
    lists: Object.fromEntries(cache.lists),
  };
  // atomic (core's safe write): two concurrent hooks never leave half a file
  writeFileSafe(path, JSON.stringify(data), { root: dirname(dirname(path)), createParents: true });
}
