import type { Level } from "./severity.js";

/**
 * One exception shape for every deps rule (vulnerabilities now, licences beside them later):
 * who accepted what, why, and until when.
 */
export interface DepsException {
  /** Advisory id (GHSA, CVE, MAL, OSV id): matched across the record's aliases. */
  id: string;
  /** Only for this package name. */
  package?: string;
  /** Only on this dependency chain, names joined by ">" from the direct dependency (e.g. "a > b > c"). */
  path?: string;
  reason: string;
  owner: string;
  /** ISO date (YYYY-MM-DD): the exception no longer applies after this day. */
  expires: string;
}

/** `deps.vulnerabilities` of .rampart/config.yaml. */
export interface VulnerabilityPolicy {
  failOn?: Level;
  ignoreDev?: boolean;
  exceptions?: DepsException[];
}

/** `deps:` of .rampart/config.yaml. */
export interface DepsPolicy {
  /** The advisory database (directory of OSV records); relative to the repository root. */
  database?: string;
  /** Warn when the data is older than this many days (default 7). */
  maxAgeDays?: number;
  vulnerabilities?: VulnerabilityPolicy;
}

export function normalisePath(path: string): string {
  return path
    .split(">")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .join(" > ");
}

/** Whether an exception covers a finding on (ids, package, chain). */
export function exceptionMatches(ex: DepsException, ids: readonly string[], name: string, chain: string[]): boolean {
  const id = ex.id.toUpperCase();
  if (!ids.some((x) => x.toUpperCase() === id)) return false;
  if (ex.package !== undefined && ex.package !== name) return false;
  if (ex.path !== undefined && normalisePath(ex.path) !== chain.join(" > ")) return false;
  return true;
}

/** An exception is expired from the day after `expires` (UTC). */
export function isExpired(ex: DepsException, now: Date): boolean {
  const end = Date.parse(`${ex.expires.slice(0, 10)}T23:59:59.999Z`);
  return Number.isNaN(end) || now.getTime() > end;
}
