import { RampartError, stripUrlCredentials } from "@rampart/core";
import type { Lockfile } from "@rampart/lockfile";
import { LICENSE_CACHE_FILE, type LicenseCache, readLicenseCache, writeLicenseCache } from "./license-cache.js";
import { type RegistryInfo, readRegistryCache, refreshRegistryCache } from "./registry.js";
import { routeToRegistry } from "./route.js";

export interface FillLicenseCacheOptions {
  /** Repository root: `.rampart/licenses.json` is written there. */
  root: string;
  /** The lockfiles, at their paths from the root (which config routes each package: route.ts). */
  lockfiles: ReadonlyArray<{ path: string; lockfile: Lockfile }>;
  /** Registry base URL (deps.online.npm). */
  registry: string;
  /** The environment git runs with (routeToRegistry). */
  env?: NodeJS.ProcessEnv;
  /** The registry cache directory (the packuments are cached there too, for the quality rules). */
  registryDir: string;
  /** Replace a `.rampart/licenses.json` that is not a licence cache. */
  force?: boolean;
  now?: Date;
}

export interface FillLicenseCacheResult {
  file: string;
  /** Entries written. */
  entries: number;
  /** Packages whose registry document was fetched now. */
  fetched: number;
  /** Versions whose registry manifest names no licence (recorded as null). */
  noLicense: number;
  /** name@versions the registry has no document or version for (private packages): not recorded. */
  missing: string[];
  /**
   * name@versions that do not come from the registry (another registry's URL or scope, a
   * configured default elsewhere): never asked about, their names not sent there; with why.
   */
  notAsked: Array<{ package: string; why: string }>;
}

/**
 * `rampart deps update --online`: the registry's full package document of every registry
 * package of the lockfiles that comes from that registry, into the one registry cache (fetched
 * only when the cache lacks that version; the quality rules read it offline), and the licence of
 * each the lockfiles carry no licence for, written to `.rampart/licenses.json`. Which packages
 * come from the registry is deps check's routing (route.ts routeToRegistry, the checkout's
 * package-manager config): the others' names are never sent there, nor their licences read from
 * the cache (another registry's answer for the name); they are `notAsked`, with why. Entries for
 * packages no lockfile has any more are dropped; a version the registry does not know, or that
 * is not asked, keeps its previous entry, if any.
 */
export async function fillLicenseCache(options: FillLicenseCacheOptions): Promise<FillLicenseCacheResult> {
  const previous = readLicenseCache(options.root);
  if (previous.problem !== undefined && previous.cache === undefined && options.force !== true)
    throw new RampartError("DEPS_UPDATE_REFUSED", `${previous.problem}; it is left as it is`, {
      hint: `move it aside, or pass --force to replace ${LICENSE_CACHE_FILE}`,
    });
  // Every registry package's document is cached (the quality rules read it); licences are
  // recorded for those the lockfile carries none for.
  const { elsewhere } = await routeToRegistry(
    options.root,
    options.registry,
    options.lockfiles,
    options.env ?? process.env,
    undefined,
  );
  const all = new Map<string, { name: string; version: string }>();
  const wanted = new Map<string, { name: string; version: string }>();
  const away = new Map<string, string>();
  for (const { path, lockfile } of options.lockfiles)
    for (const p of lockfile.packages) {
      if (p.source !== "registry") continue;
      const key = `${p.name}@${p.version}`;
      const why = elsewhere.get(path)?.get(key);
      if (why !== undefined) {
        if (!all.has(key)) away.set(key, why);
        continue;
      }
      away.delete(key); // another lockfile has it from this registry
      all.set(key, { name: p.name, version: p.version });
      if (!(typeof p.license === "string" && p.license.trim() !== ""))
        wanted.set(key, { name: p.name, version: p.version });
    }
  // A licence recorded before for a package not asked now stays (as for one the registry lacks).
  const licenses = new Map<string, string | null>();
  for (const key of away.keys()) {
    const old = previous.cache?.licenses.get(key);
    if (old !== undefined) licenses.set(key, old);
  }
  const known = new Map<string, RegistryInfo | undefined>();
  const cached = (name: string) => {
    if (!known.has(name)) known.set(name, readRegistryCache(options.registryDir, name));
    return known.get(name);
  };
  const stale = [...all.values()].filter((p) => cached(p.name)?.versions?.[p.version] === undefined).map((p) => p.name);
  const fresh = await refreshRegistryCache(stale, { registry: options.registry, dir: options.registryDir });
  const missing: string[] = [];
  let noLicense = 0;
  for (const [key, p] of wanted) {
    const meta = (fresh.get(p.name) ?? cached(p.name))?.versions?.[p.version];
    if (meta === undefined) {
      missing.push(key);
      const old = previous.cache?.licenses.get(key);
      if (old !== undefined) licenses.set(key, old);
      continue;
    }
    if (meta.license === undefined) noLicense++;
    licenses.set(key, meta.license ?? null);
  }
  const cache: LicenseCache = {
    // A committed file: the registry without a credential its URL carries (userinfo, a query token).
    registry: stripUrlCredentials(options.registry),
    updated: (options.now ?? new Date()).toISOString(),
    licenses,
  };
  writeLicenseCache(options.root, cache);
  const notAsked = [...away]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([pkg, why]) => ({ package: pkg, why }));
  return { file: LICENSE_CACHE_FILE, entries: licenses.size, fetched: fresh.size, noLicense, missing, notAsked };
}
