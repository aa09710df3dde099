import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { type CheckResult, type Finding, fingerprint, makeResult } from "@rampart/core";
import type { Lockfile, LockfileDiffStats } from "@rampart/lockfile";
import { changedVersions } from "./changes.js";
import { checkVulnerabilities } from "./check.js";
import { loadDatabase } from "./database.js";
import { LICENSE_CACHE_FILE, type LicenseCacheRead, readLicenseCache } from "./license-cache.js";
import { checkLicenses } from "./licenses.js";
import { databaseLocation } from "./location.js";
import type { DepsPolicy } from "./policy.js";
import { checkQuality, noRegistryData } from "./quality.js";
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
  const licenses = [
    ...licenseFindings(options.root, options.lockfile, policy, { now, only }),
    ...qualityFindings(options.lockfile, policy, options.env, now, only),
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

/** Release age and deprecation of what a change adds, from the registry cache (offline). */
export function qualityFindings(
  lockfile: Lockfile,
  policy: DepsPolicy,
  env: NodeJS.ProcessEnv,
  now: Date,
  only: ReadonlySet<string>,
): Finding[] {
  const r = checkQuality(lockfile, policy, { cacheDir: registryCacheDir(env), now, only });
  const q = policy.quality ?? {};
  const judged = (q.minReleaseAgeDays ?? 1) > 0;
  return [...r.findings, ...(judged ? noRegistryData(lockfile.path, r.stats) : [])];
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
