import { type CheckResult, type Finding, fingerprint, httpUrlPath, makeResult, sortFindings } from "@rampart/core";
import type { Lockfile, LockPackage } from "@rampart/lockfile";
import { packageLine } from "@rampart/lockfile";
import semver, { type SemVer } from "semver";
import type { AdvisoryDatabase } from "./database.js";
import { reachability } from "./graph.js";
import { fixedVersion, isAffected } from "./match.js";
import type { Advisory } from "./osv.js";
import { DEFAULT_FAIL_ON, type DepsException, type DepsPolicy, exceptionMatches, isExpired } from "./policy.js";
import { RULES, type RuleId } from "./rules.js";
import { atLeast, type Level } from "./severity.js";

export interface CheckVulnerabilitiesOptions {
  /** Today, for exception expiry and data age (default: now). */
  now?: Date;
  /** Leave dev-only packages out (`--production`; policy ignoreDev does the same). */
  production?: boolean;
  /** Check only these "name@version" (what a change adds or upgrades); default every package. */
  only?: ReadonlySet<string>;
}

export interface VulnerabilityStats {
  lockfile: string;
  packages: number;
  checked: number;
  vulnerable: number;
  /** Packages not from the registry, so not matched against registry advisories. */
  notMatched: Array<{ name: string; version: string; source: string; reason: string }>;
}

/** Matches a lockfile's registry packages against the advisories and applies the policy. (SRC-3, SRC-4, MAT-2) */
export function checkVulnerabilities(
  lockfile: Lockfile,
  db: AdvisoryDatabase,
  policy: DepsPolicy = {},
  options: CheckVulnerabilitiesOptions = {},
): CheckResult<VulnerabilityStats> {
  const vp = policy.vulnerabilities ?? {};
  const failOn: Level = vp.failOn ?? DEFAULT_FAIL_ON;
  const now = options.now ?? new Date();
  const skipDev = options.production === true || vp.ignoreDev === true;
  const stats: VulnerabilityStats = { lockfile: lockfile.path, packages: 0, checked: 0, vulnerable: 0, notMatched: [] };
  const findings: Finding[] = [];
  const expiredReported = new Set<DepsException>();
  let reach: ReturnType<typeof reachability> | undefined;
  const seen = new Set<string>();
  for (const p of lockfile.packages) {
    if (p.source === "link" || p.source === "workspace") continue;
    stats.packages++;
    if (skipDev && p.dev) continue;
    if (options.only !== undefined && !options.only.has(`${p.name}@${p.version}`)) continue;
    const advisories = db.lookup(p.name);
    if (p.source !== "registry") {
      if (advisories !== undefined)
        stats.notMatched.push({
          name: p.name,
          version: p.version,
          source: p.source,
          reason: "not matched, source is not the registry",
        });
      continue;
    }
    stats.checked++;
    // The package the registry tarball URL names when it is another one (an install path renamed
    // over another package's tarball: lockfile check's name-mismatch): what is installed is that.
    const fetched = fetchedPackage(p);
    const identities = fetched === undefined ? [p] : [p, fetched];
    let vulnerable = false;
    for (const q of identities) {
      const known = q === p ? advisories : db.lookup(q.name);
      if (known === undefined) continue;
      const judged = judgedVersions(q);
      const hits = known.filter(
        (a) => judged.length === 0 || a.versions.includes(q.version) || judged.some((v) => isAffected(a, v.version, v)),
      );
      if (hits.length === 0) continue;
      if (!vulnerable) stats.vulnerable++;
      vulnerable = true;
      reach ??= reachability(lockfile);
      judgeHits(q, hits, reach, judged.length === 0);
    }
  }
  return makeResult(sortFindings(findings), stats);

  function judgeHits(
    p: LockPackage,
    hits: readonly Advisory[],
    reach: ReturnType<typeof reachability>,
    uncompared: boolean,
  ): void {
    const r = reach.get(p.id) ?? { chain: [p.name], direct: false };
    for (const a of hits) {
      const key = `${p.id}\0${a.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const ids = [a.id, ...a.aliases];
      const exceptions = (vp.exceptions ?? []).filter((ex) => exceptionMatches(ex, ids, p.name, r.chain));
      const live = exceptions.find((ex) => !isExpired(ex, now));
      for (const ex of exceptions.filter((e) => isExpired(e, now) && !expiredReported.has(e))) {
        expiredReported.add(ex);
        findings.push(expiredFinding(lockfile, p, ex));
      }
      if (live !== undefined && !a.malicious) continue;
      findings.push(vulnerableFinding(lockfile, p, a, r, failOn, uncompared));
    }
  }
}

function vulnerableFinding(
  lockfile: Lockfile,
  p: LockPackage,
  a: Advisory,
  r: { chain: string[]; direct: boolean },
  failOn: Level,
  uncompared = false,
): Finding {
  const ruleId: RuleId = a.malicious ? "deps/malicious" : "deps/vulnerable";
  const sev = a.severity;
  const fixed = a.malicious || uncompared ? undefined : fixedVersion(a, p.version);
  const direct = r.chain[0] ?? p.name;
  const score = sev.score === undefined ? "" : ` ${sev.score.toFixed(1)}`;
  const unrated = sev.source === "default" ? " (no usable severity in the record: counted as high)" : "";
  const ids = [a.id, ...a.aliases.filter((x) => x !== a.id)];
  // A version that is no semver version (a dist-tag, a range, a URL of no registry tarball) is
  // what the package manager asks the registry for: it cannot be shown to lie outside the ranges.
  const unknown = uncompared ? ` (its version is not a semver version: counted as affected)` : "";
  const message = a.malicious
    ? `${p.name}@${p.version} is a known malicious package (${ids.join(", ")})${unknown}`
    : `${p.name}@${p.version}: ${sev.level}${score}${unrated} ${ids.join(", ")}${a.summary ? ` - ${a.summary}` : ""}${unknown}`;
  const hint = a.malicious
    ? `remove ${direct}${r.direct ? "" : ` (it pulls ${p.name} in)`} and check the machines that installed it`
    : fixed === undefined
      ? `no fixed version in the data: replace ${direct} or add an exception with a reason and an expiry`
      : r.direct
        ? `upgrade ${p.aliases?.[0] === undefined ? p.name : `${p.aliases[0]} (npm:${p.name})`} to ${fixed} or later`
        : `upgrade ${direct} to a version that depends on ${p.name} >= ${fixed} (path: ${r.chain.join(" > ")})`;
  const line = packageLine(lockfile, p.id);
  return {
    ruleId,
    severity: a.malicious || atLeast(sev.level, failOn) ? "error" : "warning",
    message,
    file: lockfile.path,
    ...(line === undefined ? {} : { line }),
    framework: [...RULES[ruleId].framework],
    fingerprint: fingerprint(ruleId, lockfile.path, p.name, p.version, a.id),
    hint,
    properties: {
      package: p.name,
      version: p.version,
      advisories: ids,
      level: sev.level,
      ...(sev.score === undefined ? {} : { score: sev.score }),
      severitySource: sev.source,
      ...(fixed === undefined ? {} : { fixedVersion: fixed }),
      dev: p.dev,
      direct: r.direct,
      path: r.chain,
      bump: direct,
    },
  };
}

function expiredFinding(lockfile: Lockfile, p: LockPackage, ex: DepsException): Finding {
  const line = packageLine(lockfile, p.id);
  return {
    ruleId: "deps/exception-expired",
    severity: "error",
    message: `the exception for ${ex.id}${ex.package ? ` on ${ex.package}` : ""} (owner ${ex.owner}) expired on ${ex.expires}`,
    file: lockfile.path,
    ...(line === undefined ? {} : { line }),
    framework: [...RULES["deps/exception-expired"].framework],
    fingerprint: fingerprint("deps/exception-expired", ex.id, ex.package, ex.path, ex.expires),
    hint: "fix the dependency, or renew the exception in deps.vulnerabilities.exceptions with a new expires date and reason",
    properties: { exception: ex.id, owner: ex.owner, reason: ex.reason, expires: ex.expires },
  };
}

/**
 * The versions a registry package is judged at: its version when it is a semver version, and the
 * version in its registry tarball URL (npm v1 writes that URL as the version of some packages;
 * `resolved` is what the package manager fetches), each only when the URL is this package's.
 * Empty when none is: a dist-tag or range (`latest`, `^1.0.0`) with no tarball URL, which the
 * package manager resolves against the registry at install time.
 */
function judgedVersions(p: LockPackage): SemVer[] {
  const out: SemVer[] = [];
  const add = (v: string | undefined) => {
    const ok = v === undefined ? null : semver.valid(v);
    if (ok !== null && !out.some((x) => x.version === ok)) out.push(new semver.SemVer(ok));
  };
  add(p.version);
  add(tarballVersion(p.name, p.version));
  if (p.resolved !== undefined) add(tarballVersion(p.name, p.resolved));
  return out;
}

/**
 * The decoded path of an http(s) URL as npm and pnpm fetch it (core's httpUrlPath: dot segments
 * resolved, a byte that is no UTF-8 a U+FFFD), undefined for another scheme. What it names only
 * adds versions and packages to judge, never removes one.
 */
function urlPath(url: string): string | undefined {
  return httpUrlPath(url);
}

/** The version in `<registry>/<name>/-/<unscoped>-<version>.tgz` when the URL is `name`'s. */
function tarballVersion(name: string, url: string): string | undefined {
  const decoded = urlPath(url);
  if (decoded === undefined) return undefined;
  const unscoped = name.slice(name.indexOf("/") + 1);
  const tail = `/${name}/-/${unscoped}-`;
  const at = decoded.lastIndexOf(tail);
  if (at < 0 || !decoded.endsWith(".tgz")) return undefined;
  return decoded.slice(at + tail.length, -".tgz".length);
}

/**
 * The package a registry tarball URL names (`<registry>/<name>/-/<unscoped>-<version>.tgz`), as
 * `p` at that name and version, when it is not `p`'s own name; undefined otherwise.
 */
function fetchedPackage(p: LockPackage): LockPackage | undefined {
  const decoded = p.resolved === undefined ? undefined : urlPath(p.resolved);
  if (decoded === undefined) return undefined;
  const m = /\/((?:@[^/]+\/)?[^/@][^/]*)\/-\/([^/]+)\.tgz$/.exec(decoded);
  const name = m?.[1];
  if (m === null || name === undefined || name === p.name) return undefined;
  const unscoped = name.slice(name.indexOf("/") + 1);
  const file = m[2] ?? "";
  const version = file.startsWith(`${unscoped}-`) ? file.slice(unscoped.length + 1) : p.version;
  return { ...p, name, version };
}
