import { type CheckResult, type Finding, fingerprint, makeResult, sortFindings } from "@rampart/core";
import { type Lockfile, packageLine } from "@rampart/lockfile";
import { reachability } from "./graph.js";
import type { DepsPolicy } from "./policy.js";
import { type RegistryInfo, readRegistryCache } from "./registry.js";
import { RULES } from "./rules.js";

export const DEFAULT_MIN_RELEASE_AGE_DAYS = 2;

export interface QualityStats {
  checked: number;
  /** Registry packages with no registry data in the cache: their release age was not judged. */
  noData: Array<{ name: string; version: string }>;
}

/**
 * Quality thresholds (MAT-1) from registry data: a version published less than
 * `minReleaseAgeDays` ago (deps/release-too-new), a deprecated version (deps/deprecated). Reads
 * only the registry cache (`--online` refreshes it first); a package without data there is
 * counted in `noData`, which the caller says, never judged as passing silently.
 */
export function checkQuality(
  lockfile: Lockfile,
  policy: DepsPolicy,
  options: {
    cacheDir: string;
    now?: Date;
    only?: ReadonlySet<string>;
    production?: boolean;
    /** Fresh data (from --online) wins over the cache. */
    fresh?: ReadonlyMap<string, RegistryInfo>;
  },
): CheckResult<QualityStats> {
  const q = policy.quality ?? {};
  const minDays = q.minReleaseAgeDays ?? DEFAULT_MIN_RELEASE_AGE_DAYS;
  const deprecatedMode = q.deprecated ?? "warn";
  const now = options.now ?? new Date();
  const stats: QualityStats = { checked: 0, noData: [] };
  const findings: Finding[] = [];
  if (minDays === 0 && deprecatedMode === "off") return makeResult([], stats);
  let reach: ReturnType<typeof reachability> | undefined;
  const seen = new Set<string>();
  for (const p of lockfile.packages) {
    if (p.source !== "registry") continue;
    if (options.production === true && p.dev) continue;
    const key = `${p.name}@${p.version}`;
    if ((options.only !== undefined && !options.only.has(key)) || seen.has(key)) continue;
    seen.add(key);
    const info = options.fresh?.get(p.name) ?? readRegistryCache(options.cacheDir, p.name);
    const published = info?.time[p.version];
    if (info === undefined || published === undefined) {
      stats.noData.push({ name: p.name, version: p.version });
      continue;
    }
    stats.checked++;
    const line = packageLine(lockfile, p.id);
    reach ??= reachability(lockfile);
    const path = (reach.get(p.id) ?? { chain: [p.name] }).chain;
    const base = {
      file: lockfile.path,
      ...(line === undefined ? {} : { line }),
      properties: { package: p.name, version: p.version, published, registryDataFetched: info.fetchedAt, path },
    };
    const ageDays = (now.getTime() - Date.parse(published)) / 86_400_000;
    if (minDays > 0 && ageDays < minDays) {
      findings.push({
        ruleId: "deps/release-too-new",
        severity: "error",
        message: `${key} was published ${published.slice(0, 16).replace("T", " ")} UTC, ${ageDays < 1 ? "less than a day" : `${Math.floor(ageDays)} day(s)`} ago: younger than deps.quality.minReleaseAgeDays (${minDays}) (path: ${path.join(" > ")})`,
        framework: [...RULES["deps/release-too-new"].framework],
        fingerprint: fingerprint("deps/release-too-new", lockfile.path, p.name, p.version),
        hint: `wait until ${new Date(Date.parse(published) + minDays * 86_400_000).toISOString().slice(0, 10)} or pin the previous version; most malicious versions are caught and unpublished within days`,
        ...base,
      });
    }
    const deprecated = info.deprecated[p.version];
    if (deprecated !== undefined && deprecatedMode !== "off") {
      findings.push({
        ruleId: "deps/deprecated",
        severity: deprecatedMode === "fail" ? "error" : "warning",
        message: `${key} is deprecated: ${deprecated.slice(0, 200)} (path: ${path.join(" > ")})`,
        framework: [...RULES["deps/deprecated"].framework],
        fingerprint: fingerprint("deps/deprecated", lockfile.path, p.name, p.version),
        hint: "move to a maintained version or replacement (the message often names it)",
        ...base,
      });
    }
  }
  return makeResult(sortFindings(findings), stats);
}

/** One warning per lockfile for the packages a change adds that have no registry data (hooks). */
export function noRegistryData(file: string, stats: QualityStats): Finding[] {
  if (stats.noData.length === 0) return [];
  const list = stats.noData.slice(0, 5).map((p) => `${p.name}@${p.version}`);
  const more = stats.noData.length > 5 ? ` and ${stats.noData.length - 5} more` : "";
  return [
    {
      ruleId: "deps/no-registry-data",
      severity: "warning",
      message: `release age NOT checked for ${stats.noData.length} added package(s) (${list.join(", ")}${more}): no registry data in the cache`,
      file,
      framework: [...RULES["deps/no-registry-data"].framework],
      fingerprint: fingerprint("deps/no-registry-data", file, ...list),
      hint: "run `rampart deps check --online` once (it fills the registry cache), or set deps.quality.minReleaseAgeDays: 0",
    },
  ];
}
