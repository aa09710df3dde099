import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { type CheckResult, type Finding, fingerprint, makeResult } from "@rampart/core";
import type { Lockfile, LockfileDiffStats } from "@rampart/lockfile";
import { changedVersions } from "./changes.js";
import { checkVulnerabilities } from "./check.js";
import { loadDatabase, writeCache } from "./database.js";
import { LICENSE_CACHE_FILE, type LicenseCacheRead, readLicenseCache } from "./license-cache.js";
import { checkLicenses } from "./licenses.js";
import { databaseLocation, userCacheDir } from "./location.js";
import type { DepsPolicy } from "./policy.js";
import { checkQuality, type QualityStats, qualityModes } from "./quality.js";
import { registryCacheDir } from "./registry.js";
import { RULES } from "./rules.js";
import { databaseFindings } from "./stale.js";

export interface CheckChangeOptions {
  /** Repository root (deps.database is relative to it). */
  root: string;
  env: NodeJS.ProcessEnv;
  policy?: DepsPolicy;
  /** The lockfile as it will be committed. */
  lockfile: Lockfile;
  /** Its diff against the base (lockfile's diffLockfiles stats). */
  diff: LockfileDiffStats;
  now?: Date;
  /**
   * The licence cache as the trusted side holds it (readLicenseCacheAt: the pre-commit hook's
   * HEAD), so entries a commit stages are not its own licences' evidence; default: the working
   * tree's `.rampart/licenses.json`.
   */
  licenseCache?: LicenseCacheRead;
}

/**
 * The commit-time gate: only what the change adds or upgrades, offline against the stored data.
 * Without a database the result says so in one warning instead of passing as if checked.
 */
export function checkLockfileChange(options: CheckChangeOptions): CheckResult<{ checked: number; database?: string }> {
  const only = changedVersions(options.diff);
  if (only.size === 0) return makeResult([], { checked: 0 });
  const policy = options.policy ?? {};
  const now = options.now ?? new Date();
  const trusted = options.licenseCache;
  const licenses = [
    ...(trusted === undefined || policy.licenses === undefined
      ? []
      : [
          ...(trusted.problem === undefined ? [] : [licenseCacheProblem(trusted.problem)]),
          ...licenseCacheUnverified(trusted),
        ]),
    ...licenseFindings(options.root, options.lockfile, policy, {
      now,
      only,
      ...(trusted === undefined ? {} : { cache: trusted }),
    }),
    ...qualityFindings(options.lockfile, policy, options.env, now, only, { root: options.root, diff: options.diff }),
  ];
  const location = databaseLocation({
    root: options.root,
    cwd: options.root,
    env: options.env,
    ...(policy.database === undefined ? {} : { policy: policy.database }),
  });
  if (!existsSync(location))
    return makeResult([noDatabase(options.lockfile.path, location, only.size), ...licenses], { checked: 0 });
  const db = loadDatabase(location, { env: options.env });
  const result = checkVulnerabilities(options.lockfile, db, policy, { now, only });
  const findings: Finding[] = [...databaseFindings(db, now, policy.maxAgeDays), ...result.findings, ...licenses];
  return makeResult(findings, { checked: result.stats.checked, database: location });
}

/**
 * The quality rules on what a change adds (offline: typosquat names from the shipped list, the
 * rest from the registry cache), and what they could not judge for want of registry data.
 */
export function qualityFindings(
  lockfile: Lockfile,
  policy: DepsPolicy,
  env: NodeJS.ProcessEnv,
  now: Date,
  only: ReadonlySet<string>,
  context: { root: string; diff?: LockfileDiffStats },
): Finding[] {
  const upgrades = new Map<string, string>();
  for (const c of [...(context.diff?.upgraded ?? []), ...(context.diff?.downgraded ?? [])])
    if (c.from !== undefined) upgrades.set(c.name, c.from);
  const r = checkQuality(lockfile, policy, { cacheDir: registryCacheDir(env), now, only, upgrades });
  return [...r.findings, ...noRegistryData(lockfile.path, policy, r.stats, { root: context.root, env })];
}

/**
 * The hooks' `deps/no-registry-data` warning, exact and quiet: it names the added packages the
 * registry rules could not judge. With the rules at their defaults it is said once per
 * repository and registry-cache state (the cache folder's absence or modification time, kept
 * under the user cache dir): commits adding packages do not repeat it until the cache changes,
 * and `rampart deps check` always says it. A rule the policy sets explicitly
 * (`deps.quality.minReleaseAgeDays`, `provenance`, `maintainerChange`) is never skipped quietly:
 * every hook run says what it could not judge.
 */
export function noRegistryData(
  file: string,
  policy: DepsPolicy,
  stats: QualityStats,
  notice: { root: string; env: NodeJS.ProcessEnv },
): Finding[] {
  const m = qualityModes(policy);
  const q = policy.quality ?? {};
  const missing = [
    ...(m.minDays > 0 || m.deprecated !== "off" || m.archived !== "off" ? stats.noData : []),
    ...(m.provenance !== "off" || m.provenanceDropped !== "off" || m.maintainerChange !== "off"
      ? stats.noVersionData
      : []),
  ];
  if (missing.length === 0) return [];
  const explicit =
    (q.minReleaseAgeDays !== undefined && q.minReleaseAgeDays > 0) ||
    (q.provenance !== undefined && q.provenance !== "off") ||
    (q.provenanceDropped !== undefined && q.provenanceDropped !== "off") ||
    (q.maintainerChange !== undefined && q.maintainerChange !== "off");
  const cacheDir = registryCacheDir(notice.env);
  let state = "absent";
  try {
    state = `cache ${statSync(cacheDir).mtimeMs}`;
  } catch {}
  const marker = join(
    userCacheDir(notice.env, process.platform),
    "rampart",
    "notices",
    `${createHash("sha256").update(notice.root).digest("hex").slice(0, 32)}.no-registry-data`,
  );
  if (!explicit) {
    let said: string | undefined;
    try {
      said = readFileSync(marker, "utf8");
    } catch {}
    if (said === state) return [];
    try {
      writeCache(marker, state);
    } catch {} // an unwritable cache dir: the warning is then said each time
  }
  const list = missing.slice(0, 5).map((p) => `${p.name}@${p.version}`);
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : "";
  const rules = registryRuleNames(policy);
  return [
    {
      ruleId: "deps/no-registry-data",
      severity: "warning",
      message: `${rules} NOT checked for ${missing.length} added package(s) (${list.join(", ")}${more}): no registry data in the cache${stats.badCache.length > 0 ? ` (${stats.badCache.length} cache file(s) did not check out: ${stats.badCache.slice(0, 3).join("; ")})` : ""}${explicit ? "" : " (said once until the registry cache changes; `rampart deps check` always lists them)"}`,
      file,
      framework: [...RULES["deps/no-registry-data"].framework],
      fingerprint: fingerprint("deps/no-registry-data", file, ...list),
      hint: "run `rampart deps update --online` or `rampart deps check --online` once (it fills the registry cache), or set deps.quality.minReleaseAgeDays: 0",
    },
  ];
}

function registryRuleNames(policy: DepsPolicy): string {
  const m = qualityModes(policy);
  return [
    ...(m.minDays > 0 ? ["release age"] : []),
    ...(m.deprecated !== "off" ? ["deprecation"] : []),
    ...(m.provenance !== "off" || m.provenanceDropped !== "off" ? ["provenance"] : []),
    ...(m.maintainerChange !== "off" ? ["maintainer change"] : []),
  ].join(", ");
}

/**
 * deps.licenses on a lockfile (what a change adds with `only`), when the policy has that section:
 * node_modules beside the lockfile, then the repository's `.rampart/licenses.json` (a file that
 * does not check out is one warning and no data).
 */
export function licenseFindings(
  root: string,
  lockfile: Lockfile,
  policy: DepsPolicy,
  options: { now: Date; only?: ReadonlySet<string>; production?: boolean; cache?: LicenseCacheRead },
): Finding[] {
  if (policy.licenses === undefined) return [];
  const read = options.cache ?? readLicenseCache(root);
  const r = checkLicenses(lockfile, policy.licenses, {
    root: join(root, dirname(lockfile.path)),
    now: options.now,
    ...(options.only === undefined ? {} : { only: options.only }),
    ...(options.production === undefined ? {} : { production: options.production }),
    ...(read.cache === undefined ? {} : { cache: read.cache }),
  });
  // A cache the caller read is the caller's to report (once for all its lockfiles).
  if (read.problem === undefined || options.cache !== undefined) return r.findings;
  return [licenseCacheProblem(read.problem), ...r.findings];
}

/** The one warning for a `.rampart/licenses.json` that does not check out. */
export function licenseCacheProblem(problem: string): Finding {
  return {
    ruleId: "deps/license-cache-invalid",
    severity: "warning",
    message: problem,
    file: LICENSE_CACHE_FILE,
    framework: [...RULES["deps/license-cache-invalid"].framework],
    fingerprint: fingerprint("deps/license-cache-invalid", problem),
    hint: "rewrite it with `rampart deps update --online` (licences then come from the lockfile and node_modules only)",
  };
}

/**
 * The one warning for a licence cache read from a trusted revision while the working tree's copy
 * adds or alters entries (none when it does not).
 */
export function licenseCacheUnverified(read: LicenseCacheRead): Finding[] {
  const u = read.cache?.unverified;
  if (u === undefined || u.licenses.size === 0) return [];
  const n = u.licenses.size;
  return [
    {
      ruleId: "deps/license-cache-unverified",
      severity: "warning",
      message: `${n} entr${n === 1 ? "y" : "ies"} of ${LICENSE_CACHE_FILE} that this change adds or alters ${n === 1 ? "is" : "are"} not used: licences are read from ${u.rev}'s copy`,
      file: LICENSE_CACHE_FILE,
      framework: [...RULES["deps/license-cache-unverified"].framework],
      fingerprint: fingerprint("deps/license-cache-unverified", u.rev, String(n)),
      hint: RULES["deps/license-cache-unverified"].help,
    },
  ];
}

export function noDatabase(file: string, location: string, count: number): Finding {
  return {
    ruleId: "deps/no-database",
    severity: "warning",
    message: `${count} added or upgraded package(s) NOT checked for known vulnerabilities: no advisory database at ${location}`,
    file,
    framework: [...RULES["deps/no-database"].framework],
    fingerprint: fingerprint("deps/no-database", file, location),
    hint: "run `rampart deps update` (OSV's npm export, or --from a local copy), or set deps.database in .rampart/config.yaml",
  };
}
