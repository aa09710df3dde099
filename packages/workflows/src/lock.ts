import { RampartError } from "@rampart/core";

/** Where the action lock lives, relative to the repository root. */
export const ACTIONS_LOCK_FILE = ".rampart/actions.lock.json";

/**
 * `.rampart/actions.lock.json`: which commit each `owner/repo@ref` an action is used at resolves
 * to. Committed and reviewed like a lockfile; `rampart workflows fix` pins from it.
 *
 * ```json
 * { "version": 1, "actions": { "actions/checkout@v4.2.2": { "sha": "11bd71…683", "resolvedAt": "2026-01-01" } } }
 * ```
 */
export interface ActionsLock {
  version: 1;
  actions: Record<string, LockEntry>;
}

export interface LockEntry {
  /** Full 40-hex commit SHA the ref pointed at when it was resolved. */
  sha: string;
  /** ISO date of the resolution (informative). */
  resolvedAt?: string;
}

export function emptyLock(): ActionsLock {
  return { version: 1, actions: {} };
}

const SHA = /^[0-9a-f]{40}$/;

/** Parses and validates the lock's text; throws RampartError WORKFLOWS_LOCK_INVALID naming the entry. */
export function parseLock(textValue: string, file = ACTIONS_LOCK_FILE): ActionsLock {
  let data: unknown;
  try {
    data = JSON.parse(textValue);
  } catch (error) {
    throw new RampartError("WORKFLOWS_LOCK_INVALID", `invalid JSON: ${(error as Error).message}`, {
      file,
      hint: "restore the file from git, or delete it and run `rampart workflows fix --online`",
      cause: error,
    });
  }
  const lock = data as Partial<ActionsLock> | null;
  if (!lock || typeof lock !== "object" || lock.version !== 1 || typeof lock.actions !== "object" || !lock.actions)
    throw new RampartError("WORKFLOWS_LOCK_INVALID", 'expected {"version": 1, "actions": {...}}', {
      file,
      hint: "see the format in the README of @rampart/workflows",
    });
  for (const [key, entry] of Object.entries(lock.actions)) {
    if (!/^[^@\s]+\/[^@\s]+@[^@\s]+$/.test(key) || !entry || typeof entry.sha !== "string" || !SHA.test(entry.sha))
      throw new RampartError("WORKFLOWS_LOCK_INVALID", `entry \`${key}\` is not owner/repo@ref -> {"sha": <40 hex>}`, {
        file,
        hint: 'each key is owner/repo@ref, each value {"sha": "<full commit sha>"}',
      });
  }
  return { version: 1, actions: lock.actions };
}

/** The lock as committed: sorted keys, two-space indent, trailing newline (deterministic). */
export function stringifyLock(lock: ActionsLock): string {
  const actions: Record<string, LockEntry> = {};
  for (const key of Object.keys(lock.actions).sort()) {
    const entry = lock.actions[key];
    if (entry) actions[key] = entry.resolvedAt ? { sha: entry.sha, resolvedAt: entry.resolvedAt } : { sha: entry.sha };
  }
  return `${JSON.stringify({ version: 1, actions }, null, 2)}\n`;
}

/** The lock key of an action: `owner/repo@ref` (sub-paths share their repository's commits). */
export function lockKey(repo: string, ref: string): string {
  return `${repo.toLowerCase()}@${ref}`;
}

/** Refs the lock maps to `sha` (to name the version a pinned SHA stands for). */
export function refsOf(lock: ActionsLock, repo: string, sha: string): string[] {
  const prefix = `${repo.toLowerCase()}@`;
  return Object.entries(lock.actions)
    .filter(([key, entry]) => key.startsWith(prefix) && entry.sha === sha)
    .map(([key]) => key.slice(prefix.length));
}
