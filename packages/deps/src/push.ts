import { existsSync } from "node:fs";
import { basename } from "node:path";
import { type CheckResult, type Finding, git, makeResult, type RampartError, splitNul } from "@rampart/core";
import { diffLockfileRevisions, LOCKFILE_NAMES, type Lockfile, type LockfileDiffStats } from "@rampart/lockfile";
import { changedVersions } from "./changes.js";
import { checkVulnerabilities } from "./check.js";
import { loadDatabase } from "./database.js";
import { licenseCacheProblem, licenseCacheUnverified, licenseFindings, noDatabase, qualityFindings } from "./gate.js";
import { type LicenseCacheRead, readLicenseCache, readLicenseCacheAt } from "./license-cache.js";
import { databaseLocation } from "./location.js";
import type { DepsPolicy } from "./policy.js";
import { databaseFindings } from "./stale.js";

export interface PushedCheckOptions {
  /** Repository root (deps.database is relative to it). */
  root: string;
  env: NodeJS.ProcessEnv;
  /**
   * The policy from the trusted side of the push (the tip of the remote's default branch, core's
   * pushSide): the pushed commits cannot add an exception for what they bring in.
   */
  policy?: DepsPolicy;
  /**
   * The revision the policy was read from: `.rampart/licenses.json` is read there too, and what the
   * pushed commits add to it is not used. Undefined: the working tree's (nothing trusted exists).
   */
  trustedRev?: string;
  /** The range's base: what the remote already has (undefined: nothing, every lockfile is new). */
  base?: string;
  /** The pushed tip. */
  head: string;
  now?: Date;
}

export interface PushedCheckStats {
  /** Lockfiles the range changes (and could be read). */
  lockfiles: string[];
  /** Lockfiles the range changes that could not be read at its tip: not judged (see `errors`). */
  unreadable: string[];
  /** name@versions the range adds or upgrades, over all of them. */
  checked: number;
  database?: string;
}

/** Lockfiles (any depth, not in node_modules) the range touches, as they are at its tip. */
async function changedLockfiles(options: PushedCheckOptions): Promise<string[]> {
  const g = { cwd: options.root, env: options.env };
  const out =
    options.base === undefined
      ? await git(["ls-tree", "-r", "-z", "--name-only", options.head], g)
      : await git(["diff", "--name-only", "-z", "--diff-filter=ACMR", options.base, options.head], g);
  const names = new Set<string>(LOCKFILE_NAMES);
  return splitNul(out.stdout).filter((p) => names.has(basename(p)) && !p.split("/").includes("node_modules"));
}

/**
 * What the gate returns: the findings on every lockfile it could read, and each pushed lockfile
 * it could not (LOCKFILE_PARSE_FAILED, naming file and line): the caller names each one and
 * refuses (exit 2). `ok` is false while any is there: what was not judged is not passed.
 */
export type PushedCheckResult = CheckResult<PushedCheckStats> & { errors: RampartError[] };

/**
 * The pre-push gate: what the pushed range adds or upgrades in its lockfiles (each lockfile at the
 * tip against the base, the lockfile package's own diff), offline against the stored data, with the
 * trusted side's policy. Without a database one warning says how many packages went unchecked. A
 * lockfile that cannot be read at the tip is in `errors` after every other one was judged (one at
 * the base that cannot be read: all of the tip's packages count as added).
 */
export async function checkPushedLockfiles(options: PushedCheckOptions): Promise<PushedCheckResult> {
  const paths = await changedLockfiles(options);
  const changes: Array<{ lockfile: Lockfile; diff: LockfileDiffStats }> = [];
  const errors: RampartError[] = [];
  for (const path of paths) {
    let parsed: Lockfile | undefined;
    const r = await diffLockfileRevisions({
      cwd: options.root,
      env: options.env,
      rev: options.base ?? null,
      to: options.head,
      lockfile: path,
      unreadable: errors,
      onParsed: (l) => {
        parsed = l;
      },
    });
    const diff = r.stats.lockfiles[0];
    if (parsed !== undefined && diff !== undefined && changedVersions(diff).size > 0)
      changes.push({ lockfile: parsed, diff });
  }
  const stats: PushedCheckStats = {
    lockfiles: changes.map((c) => c.lockfile.path),
    unreadable: errors.map((e) => e.file ?? ""),
    checked: 0,
  };
  const done = (findings: Finding[]): PushedCheckResult => {
    const result = makeResult(findings, stats);
    return { ...result, ok: result.ok && errors.length === 0, errors };
  };
  if (changes.length === 0) return done([]);
  const policy = options.policy ?? {};
  const location = databaseLocation({
    root: options.root,
    cwd: options.root,
    env: options.env,
    ...(policy.database === undefined ? {} : { policy: policy.database }),
  });
  const now = options.now ?? new Date();
  const cache: LicenseCacheRead =
    policy.licenses === undefined
      ? {}
      : options.trustedRev === undefined
        ? readLicenseCache(options.root)
        : await readLicenseCacheAt(options.root, options.trustedRev, options.env);
  const findings: Finding[] = cache.problem === undefined ? [] : [licenseCacheProblem(cache.problem)];
  findings.push(...licenseCacheUnverified(cache));
  findings.push(
    ...changes.flatMap((c) => [
      ...licenseFindings(options.root, c.lockfile, policy, { now, only: changedVersions(c.diff), cache }),
      ...qualityFindings(c.lockfile, policy, options.env, now, changedVersions(c.diff), {
        root: options.root,
        diff: c.diff,
      }),
    ]),
  );
  if (!existsSync(location)) {
    for (const c of changes) findings.push(noDatabase(c.lockfile.path, location, changedVersions(c.diff).size));
    return done(findings);
  }
  const db = loadDatabase(location, { env: options.env });
  findings.push(...databaseFindings(db, now, policy.maxAgeDays));
  for (const c of changes) {
    const result = checkVulnerabilities(c.lockfile, db, policy, { now, only: changedVersions(c.diff) });
    findings.push(...result.findings);
    stats.checked += result.stats.checked;
  }
  stats.database = location;
  return done(findings);
}
