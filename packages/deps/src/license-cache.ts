import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readFilesAt, writeFileSafe } from "@rampart/core";

/**
 * `.rampart/licenses.json`: the committed licence cache, the third licence source (after the
 * lockfile and node_modules), so CI and pnpm/yarn lockfiles (which carry no licence) judge
 * licences without an install. Written by `rampart deps update --online` from the registry's
 * full package documents; read as untrusted input: a file that is not one gives one clear
 * problem line and no data, a malformed entry is skipped and counted, nothing throws.
 *
 * {"version": 1, "registry": URL, "updated": ISO date, "licenses": {"name@version": "MIT" | null}}
 * (null: the registry's manifest of that version names no licence).
 */
export const LICENSE_CACHE_FILE = ".rampart/licenses.json";
const MAX_BYTES = 32 * 1024 * 1024;
const KEY = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9_.][\w.-]*@[^\s@]+$/i;

export interface LicenseCache {
  registry: string;
  updated: string;
  licenses: Map<string, string | null>;
  /**
   * Read from a trusted revision (CI's --policy-rev, pre-push's remote side): the entries the
   * working tree's copy adds or alters, which are the change's own word and never used, and the
   * revision, for the message that says so.
   */
  unverified?: { rev: string; licenses: ReadonlyMap<string, string | null> };
}

export interface LicenseCacheRead {
  /** The cache, when the file exists and is one (possibly with skipped entries). */
  cache?: LicenseCache;
  /** One line saying what is wrong with the file (it is then not used, or partly). */
  problem?: string;
}

/** Reads `.rampart/licenses.json` under the repository root; absent is `{}`. */
export function readLicenseCache(root: string): LicenseCacheRead {
  const file = join(root, LICENSE_CACHE_FILE);
  let text: string;
  try {
    const st = lstatSync(file);
    if (st.isSymbolicLink()) return { problem: `${LICENSE_CACHE_FILE} is a symlink: not read` };
    if (!st.isFile()) return { problem: `${LICENSE_CACHE_FILE} is not a file: not read` };
    if (st.size > MAX_BYTES) return { problem: `${LICENSE_CACHE_FILE} is larger than 32 MiB: not read` };
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    return { problem: `${LICENSE_CACHE_FILE} could not be read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  return parseLicenseCache(text, LICENSE_CACHE_FILE);
}

/**
 * `.rampart/licenses.json` as the trusted revision `rev` holds it (git objects, never the working
 * tree). Entries the working tree's copy adds or alters are kept apart in `unverified`: a change
 * cannot vouch for the licence of what it adds. Absent at `rev`: no cache (and every entry of the
 * working tree's copy is unverified).
 */
export async function readLicenseCacheAt(
  root: string,
  rev: string,
  env?: NodeJS.ProcessEnv,
): Promise<LicenseCacheRead> {
  const [text] = await readFilesAt(rev, [LICENSE_CACHE_FILE], { cwd: root, ...(env === undefined ? {} : { env }) });
  const name = `${rev}:${LICENSE_CACHE_FILE}`;
  const trusted: LicenseCacheRead =
    text === undefined
      ? {}
      : text.length > MAX_BYTES
        ? { problem: `${name} is larger than 32 MiB: not read` }
        : parseLicenseCache(text, name);
  const own = readLicenseCache(root).cache?.licenses ?? new Map<string, string | null>();
  const known = trusted.cache?.licenses;
  const unverified = new Map([...own].filter(([key, value]) => known?.has(key) !== true || known.get(key) !== value));
  const cache: LicenseCache = trusted.cache ?? { registry: "", updated: "", licenses: new Map() };
  if (unverified.size > 0) cache.unverified = { rev, licenses: unverified };
  const out: LicenseCacheRead = {};
  if (trusted.cache !== undefined || unverified.size > 0) out.cache = cache;
  if (trusted.problem !== undefined) out.problem = trusted.problem;
  return out;
}

/** A licence cache's text, checked entry by entry; `name` is how messages call the file. */
export function parseLicenseCache(text: string, name: string): LicenseCacheRead {
  let x: unknown;
  try {
    x = JSON.parse(text);
  } catch (error) {
    return { problem: `${name} is not JSON (${(error as Error).message}): not used` };
  }
  if (typeof x !== "object" || x === null || Array.isArray(x))
    return { problem: `${name} is not a licence cache (not an object): not used` };
  const doc = x as { version?: unknown; registry?: unknown; updated?: unknown; licenses?: unknown };
  if (doc.version !== 1)
    return { problem: `${name} has format version ${JSON.stringify(doc.version)}, not 1: not used` };
  if (typeof doc.licenses !== "object" || doc.licenses === null || Array.isArray(doc.licenses))
    return { problem: `${name} has no "licenses" object: not used` };
  const licenses = new Map<string, string | null>();
  let bad = 0;
  for (const [key, value] of Object.entries(doc.licenses)) {
    if (
      !KEY.test(key) ||
      (value !== null && (typeof value !== "string" || value.length > 500 || value.trim() === ""))
    ) {
      bad++;
      continue;
    }
    licenses.set(key, value);
  }
  const cache: LicenseCache = {
    registry: typeof doc.registry === "string" ? doc.registry : "",
    updated: typeof doc.updated === "string" ? doc.updated : "",
    licenses,
  };
  return bad === 0 ? { cache } : { cache, problem: `${name}: ${bad} malformed entr${bad === 1 ? "y" : "ies"} skipped` };
}

/** Writes the cache (keys sorted, one per line, so its diffs are reviewable) through core's safe write. */
export function writeLicenseCache(root: string, cache: LicenseCache): void {
  const licenses = Object.fromEntries([...cache.licenses].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const doc = { version: 1, registry: cache.registry, updated: cache.updated, licenses };
  writeFileSafe(LICENSE_CACHE_FILE, `${JSON.stringify(doc, null, 2)}\n`, { root, createParents: true });
}
