import { type CheckResult, type Finding, fingerprint, makeResult, sortFindings } from "@rampart/core";
import { type Lockfile, type LockPackage, packageLine } from "@rampart/lockfile";
import semver from "semver";
import { reachability } from "./graph.js";
import { DEFAULT_MIN_RELEASE_AGE_DAYS, DEPS_QUALITY_DEFAULTS, type DepsPolicy } from "./policy.js";
import { type RegistryInfo, readRegistryCacheChecked } from "./registry.js";
import { RULES, type RuleId } from "./rules.js";
import { typosquatOf } from "./typosquat.js";

export { DEFAULT_MIN_RELEASE_AGE_DAYS };

type Mode = "fail" | "warn" | "off";

export interface QualityStats {
  checked: number;
  /** Registry packages with no registry data in the cache: their release age was not judged. */
  noData: Array<{ name: string; version: string }>;
  /**
   * Packages with time data but no per-version manifest data (a cache written before these
   * rules): provenance and maintainer change were not judged.
   */
  noVersionData: Array<{ name: string; version: string }>;
  /** Packages whose registry data carries no archived flag (npmjs.org never does). */
  noArchivedFlag: number;
  /** Names checked against the popular list. */
  names: number;
  /** Registry cache files that did not check out (no data for that package): "name: why". */
  badCache: string[];
  /**
   * Registry packages not looked up on the registry asked (they come from another one, see
   * registryRoute), with why: never judged from the cache either (its data is that registry's).
   */
  elsewhere: Array<{ name: string; version: string; why: string }>;
}

/** The effective switches of deps.quality, defaults applied. */
export function qualityModes(policy: DepsPolicy) {
  const q = policy.quality ?? {};
  return {
    minDays: q.minReleaseAgeDays ?? DEFAULT_MIN_RELEASE_AGE_DAYS,
    deprecated: (q.deprecated ?? DEPS_QUALITY_DEFAULTS.deprecated) as Mode,
    typosquat: (q.typosquat ?? DEPS_QUALITY_DEFAULTS.typosquat) as Mode,
    provenance: (q.provenance ?? DEPS_QUALITY_DEFAULTS.provenance) as Mode,
    provenanceDropped: (q.provenanceDropped ?? DEPS_QUALITY_DEFAULTS.provenanceDropped) as Mode,
    maintainerChange: (q.maintainerChange ?? DEPS_QUALITY_DEFAULTS.maintainerChange) as Mode,
    archived: (q.archived ?? DEPS_QUALITY_DEFAULTS.archived) as Mode,
    allow: new Set(q.typosquatAllow ?? []),
  };
}

/** Whether any rule needs registry data (the cache, or --online). */
export function needsRegistryData(policy: DepsPolicy): boolean {
  const m = qualityModes(policy);
  return (
    m.minDays > 0 ||
    [m.deprecated, m.provenance, m.provenanceDropped, m.maintainerChange, m.archived].some((x) => x !== "off")
  );
}

/**
 * The version an upgrade came from: the old version the lockfile diff names, else (a whole
 * lockfile) the version published just before this one on the registry, by publication time.
 */
function previousVersion(info: RegistryInfo, version: string, from: string | undefined): string | undefined {
  if (from !== undefined) return from;
  const t = info.time[version];
  if (t === undefined) return undefined;
  let best: string | undefined;
  for (const [v, at] of Object.entries(info.time)) {
    if (v === version || at >= t || semver.prerelease(v) !== null) continue;
    if (best === undefined || at > (info.time[best] as string)) best = v;
  }
  return best;
}

/**
 * Quality thresholds (MAT-1). Offline, from the shipped list of popular names: typosquat names.
 * From registry data (the cache; `--online` refreshes it first): a version published less than
 * `minReleaseAgeDays` ago, a deprecated version, a version without provenance, an upgrade to a
 * version another publisher released (maintainer change), an archived repository. A package
 * without data is counted in the stats (`noData`, `noVersionData`, `noArchivedFlag`), which the
 * caller says, never judged as passing silently.
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
    /** name -> the version an upgrade replaces (the lockfile diff), for maintainer change. */
    upgrades?: ReadonlyMap<string, string>;
    /** name@version -> why it was not looked up on the registry asked: no registry rule judges it. */
    elsewhere?: ReadonlyMap<string, string>;
    /**
     * name@version -> why the change takes it from another registry than the one the trusted
     * revision's config maps it to, the registry asked (its own config, its lockfile's URL):
     * never asked, and a failing finding.
     */
    moved?: ReadonlyMap<string, string>;
  },
): CheckResult<QualityStats> {
  const m = qualityModes(policy);
  const now = options.now ?? new Date();
  const stats: QualityStats = {
    checked: 0,
    noData: [],
    noVersionData: [],
    noArchivedFlag: 0,
    names: 0,
    badCache: [],
    elsewhere: [],
  };
  const findings: Finding[] = [];
  const registry = needsRegistryData(policy);
  if (!registry && m.typosquat === "off") return makeResult([], stats);
  let reach: ReturnType<typeof reachability> | undefined;
  const seen = new Set<string>();
  for (const p of lockfile.packages) {
    if (p.source !== "registry") continue;
    if (options.production === true && p.dev) continue;
    const key = `${p.name}@${p.version}`;
    if ((options.only !== undefined && !options.only.has(key)) || seen.has(key)) continue;
    seen.add(key);
    // The entry's line only for a finding: packageLine reads the lockfile's text, and a whole
    // lockfile (a first push) judges thousands of packages with no finding.
    let line: { at: number | undefined } | undefined;
    reach ??= reachability(lockfile);
    const path = (reach.get(p.id) ?? { chain: [p.name] }).chain;
    const push = (ruleId: RuleId, mode: "fail" | "warn" | "error", message: string, hint: string, extra = {}) => {
      line ??= { at: packageLine(lockfile, p.id) };
      findings.push({
        ruleId,
        severity: mode === "warn" ? "warning" : "error",
        message: `${message} (path: ${path.join(" > ")})`,
        file: lockfile.path,
        ...(line.at === undefined ? {} : { line: line.at }),
        framework: [...RULES[ruleId].framework],
        fingerprint: fingerprint(ruleId, lockfile.path, p.name, p.version),
        hint,
        properties: { package: p.name, version: p.version, path, ...extra },
      });
    };
    if (m.typosquat !== "off" && !m.allow.has(p.name)) {
      stats.names++;
      const squat = typosquatOf(p.name);
      if (squat !== undefined)
        push(
          "deps/typosquat",
          m.typosquat,
          `${key}: the name looks like a typosquat of the popular package ${squat.target} (${squat.how === "one edit" ? "one edit away" : `differs only by ${squat.how}`})`,
          `if you meant ${squat.target}, install that; if ${p.name} is right, add it to deps.quality.typosquatAllow`,
          { target: squat.target, how: squat.how },
        );
    }
    if (!registry) continue;
    const moved = options.moved?.get(key);
    if (moved !== undefined) {
      push(
        "deps/registry-moved",
        "error",
        `${key}: the change takes it from another registry than the one the trusted revision's config maps it to, the registry asked (${moved}): not asked, so the registry rules cannot judge it`,
        RULES["deps/registry-moved"].help,
        { why: moved },
      );
      continue;
    }
    const why = options.elsewhere?.get(key);
    if (why !== undefined) {
      stats.elsewhere.push({ name: p.name, version: p.version, why });
      continue;
    }
    let info = options.fresh?.get(p.name);
    if (info === undefined) {
      const read = readRegistryCacheChecked(options.cacheDir, p.name);
      if (read.problem !== undefined && !stats.badCache.some((b) => b.startsWith(`${p.name}: `)))
        stats.badCache.push(`${p.name}: ${read.problem}`);
      info = read.info;
    }
    const published = info?.time[p.version];
    if (info === undefined || published === undefined) {
      stats.noData.push({ name: p.name, version: p.version });
      continue;
    }
    stats.checked++;
    const data = { published, registryDataFetched: info.fetchedAt };
    const ageDays = (now.getTime() - Date.parse(published)) / 86_400_000;
    if (m.minDays > 0 && ageDays < m.minDays)
      push(
        "deps/release-too-new",
        "error",
        `${key} was published ${published.slice(0, 16).replace("T", " ")} UTC, ${ageDays < 1 ? "less than a day" : `${Math.floor(ageDays)} day(s)`} ago: younger than deps.quality.minReleaseAgeDays (${m.minDays})`,
        `wait until ${new Date(Date.parse(published) + m.minDays * 86_400_000).toISOString().slice(0, 10)} or pin the previous version; most malicious versions are caught and unpublished within days`,
        data,
      );
    const deprecated = info.deprecated[p.version];
    if (deprecated !== undefined && m.deprecated !== "off")
      push(
        "deps/deprecated",
        m.deprecated,
        `${key} is deprecated: ${deprecated.slice(0, 200)}`,
        "move to a maintained version or replacement (the message often names it)",
        data,
      );
    if (m.archived !== "off") {
      if (info.archived === undefined) stats.noArchivedFlag++;
      else if (info.archived)
        push(
          "deps/archived",
          m.archived,
          `${p.name}'s repository is archived (registry metadata): it gets no fixes`,
          "move to a maintained fork or replacement",
          data,
        );
    }
    if (m.provenance === "off" && m.provenanceDropped === "off" && m.maintainerChange === "off") continue;
    const meta = info.versions?.[p.version];
    if (meta === undefined) {
      stats.noVersionData.push({ name: p.name, version: p.version });
      continue;
    }
    if (m.provenance !== "off" && !meta.provenance)
      push(
        "deps/no-provenance",
        m.provenance,
        `${key} carries no registry provenance attestation: where and how it was built is not attested`,
        "prefer a version published with provenance (npm publish --provenance from CI), or relax deps.quality.provenance",
        data,
      );
    if (m.provenanceDropped !== "off" && !meta.provenance) {
      const from = previousVersion(info, p.version, options.upgrades?.get(p.name));
      if (from !== undefined && from !== p.version && info.versions?.[from]?.provenance === true)
        push(
          "deps/provenance-dropped",
          m.provenanceDropped,
          `${key} carries no provenance attestation, but ${p.name}@${from} did: published outside the package's attested build`,
          `check how ${p.version} was published (a stolen token publishes from a laptop, not CI) before taking it; stay on ${from} meanwhile`,
          { ...data, from },
        );
    }
    if (m.maintainerChange !== "off") {
      const change = maintainerChange(info, p, options.upgrades?.get(p.name));
      if (change !== undefined)
        push(
          "deps/maintainer-change",
          m.maintainerChange,
          `${key}: ${change.message}`,
          `review what changed between ${p.name}@${change.from} and ${p.version} before trusting the new publisher`,
          { ...data, from: change.from, publisher: change.publisher ?? null, added: change.added },
        );
    }
  }
  return makeResult(sortFindings(findings), stats);
}

/** The publisher of the new version was not a maintainer of the old one, or maintainers were added. */
function maintainerChange(
  info: RegistryInfo,
  p: LockPackage,
  upgradedFrom: string | undefined,
): { from: string; message: string; publisher?: string; added: string[] } | undefined {
  const from = previousVersion(info, p.version, upgradedFrom);
  if (from === undefined || from === p.version) return undefined;
  const before = info.versions?.[from];
  const after = info.versions?.[p.version];
  if (before === undefined || after === undefined) return undefined;
  const old = new Set([...(before.maintainers ?? []), ...(before.publisher === undefined ? [] : [before.publisher])]);
  if (old.size === 0) return undefined; // nothing to compare with
  const added = (after.maintainers ?? []).filter((x) => !old.has(x));
  const newPublisher = after.publisher !== undefined && !old.has(after.publisher) ? after.publisher : undefined;
  if (newPublisher === undefined && added.length === 0) return undefined;
  const parts = [
    ...(newPublisher === undefined
      ? []
      : [`published by ${newPublisher}, who did not maintain ${p.name}@${from} (${[...old].join(", ")})`]),
    ...(added.length === 0 ? [] : [`maintainers added since ${from}: ${added.join(", ")}`]),
  ];
  return { from, message: parts.join("; "), ...(newPublisher === undefined ? {} : { publisher: newPublisher }), added };
}

/**
 * What the quality rules could not judge for want of registry data, as lines for stderr
 * (`registry`: the registry asked, named for the packages that come from another).
 */
export function qualityGaps(policy: DepsPolicy, stats: QualityStats, registry?: string): string[] {
  const m = qualityModes(policy);
  const out: string[] = [];
  const list = (xs: Array<{ name: string; version: string }>) =>
    `${xs
      .slice(0, 5)
      .map((p) => `${p.name}@${p.version}`)
      .join(", ")}${xs.length > 5 ? ` and ${xs.length - 5} more` : ""}`;
  const registryRules = [
    ...(m.minDays > 0 ? ["release age"] : []),
    ...(m.deprecated !== "off" ? ["deprecation"] : []),
    ...(m.archived !== "off" ? ["archived"] : []),
    ...(m.provenance !== "off" || m.provenanceDropped !== "off" ? ["provenance"] : []),
    ...(m.maintainerChange !== "off" ? ["maintainer change"] : []),
  ];
  if (stats.noData.length > 0 && registryRules.length > 0)
    out.push(
      `${registryRules.join(", ")} NOT checked for ${stats.noData.length} package(s) (${list(stats.noData)}): no registry data in the cache`,
    );
  if (stats.elsewhere.length > 0 && registryRules.length > 0) {
    const shown = stats.elsewhere
      .slice(0, 5)
      .map((p) => `${p.name}@${p.version}: ${p.why}`)
      .join("; ");
    out.push(
      `${registryRules.join(", ")} NOT checked for ${stats.elsewhere.length} package(s) that do not come from the registry asked${registry === undefined ? "" : ` (${registry})`}, whose names are not sent there (${shown}${stats.elsewhere.length > 5 ? `; and ${stats.elsewhere.length - 5} more` : ""}); to judge them, name their registry in deps.online.npm (the base's policy in CI)`,
    );
  }
  const versionRules = [
    ...(m.provenance !== "off" || m.provenanceDropped !== "off" ? ["provenance"] : []),
    ...(m.maintainerChange !== "off" ? ["maintainer change"] : []),
  ];
  if (stats.noVersionData.length > 0 && versionRules.length > 0)
    out.push(
      `${versionRules.join(", ")} NOT checked for ${stats.noVersionData.length} package(s) (${list(stats.noVersionData)}): the cached registry data predates them (refresh with --online)`,
    );
  if (stats.badCache.length > 0)
    out.push(
      `registry cache: ${stats.badCache.length} file(s) did not check out and were read as no data (${stats.badCache.slice(0, 5).join("; ")}${stats.badCache.length > 5 ? "; ..." : ""}); the next --online run rewrites them`,
    );
  if (m.archived !== "off" && stats.noArchivedFlag > 0)
    out.push(
      `archived repositories: no data for ${stats.noArchivedFlag} package(s) (the registry's metadata carries no archived flag)`,
    );
  return out;
}
