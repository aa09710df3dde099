import { RampartError, stripUrlCredentials } from "@rampart/core";
import type { Lockfile } from "@rampart/lockfile";
import { LICENSE_CACHE_FILE, type LicenseCache, readLicenseCache, writeLicenseCache } from "./license-cache.js";
import { type RegistryInfo, readRegistryCache, refreshRegistryCache } from "./registry.js";

export interface FillLicenseCacheOptions {
  /** Repository root: `.rampart/licenses.json` is written there. */
  root: string;
  lockfiles: readonly Lockfile[];
  /** Registry base URL (deps.online.npm). */
  registry: string;
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
}

/**
 * `rampart deps update --online`: the registry's full package document of every registry
 * package of the lockfiles, into the one registry cache (fetched only when the cache lacks that
 * version; the quality rules read it offline), and the licence of each the lockfiles carry no
 * licence for, written to `.rampart/licenses.json`. Entries for packages no lockfile has any more are dropped; a version
 * the registry does not know keeps its previous entry, if any.
 */
export async function fillLicenseCache(options: FillLicenseCacheOptions): Promise<FillLicenseCacheResult> {
  const previous = readLicenseCache(options.root);
  if (previous.problem !== undefined && previous.cache === undefined && options.force !== true)
    throw new RampartError("DEPS_UPDATE_REFUSED", `${previous.problem}; it is left as it is`, {
      hint: `move it aside, or pass --force to replace ${LICENSE_CACHE_FILE}`,
    });
  // Every registry package's document is cached (the quality rules read it); licences are
  // recorded for those the lockfile carries none for.
  const all = new Map<string, { name: string; version: string }>();
  const wanted = new Map<string, { name: string; version: string }>();
  for (const lockfile of options.lockfiles)
    for (const p of lockfile.packages) {
      if (p.source !== "registry") continue;
      const key = `${p.name}@${p.version}`;
      all.set(key, { name: p.name, version: p.version });
      if (!(typeof p.license === "string" && p.license.trim() !== ""))
        wanted.set(key, { name: p.name, version: p.version });
    }
  const known = new Map<string, RegistryInfo | undefined>();
  const cached = (name: string) => {
    if (!known.has(name)) known.set(name, readRegistryCache(options.registryDir, name));
    return known.get(name);
  };
  const stale = [...all.values()].filter((p) => cached(p.name)?.versions?.[p.version] === undefined).map((p) => p.name);
  const fresh = await refreshRegistryCache(stale, { registry: options.registry, dir: options.registryDir });
  const licenses = new Map<string, string | null>();
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
  return { file: LICENSE_CACHE_FILE, entries: licenses.size, fetched: fresh.size, noLicense, missing };
}
