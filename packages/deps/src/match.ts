import semver, { type SemVer } from "semver";
import type { Advisory, OsvEvent } from "./osv.js";

// OSV's evaluation (osv-schema "Evaluation"): walk a range's events in version order; an
// `introduced` at or below the version opens it, a `fixed` or `limit` at or below it closes it, a
// `last_affected` below it closes it. npm order is semver's total order, prereleases included.

/** 0 introduced, 1 fixed, 2 last_affected (closes after the version), 3 limit. */
export type EventKind = 0 | 1 | 2 | 3;
/**
 * An event with a valid, normalised version: a release as three numbers (compared without
 * parsing), a prerelease as its string.
 */
export type PreparedEvent = readonly [EventKind, number, number, number] | readonly [EventKind, string];
/** A range's events, sorted: what the index stores. */
export type PreparedRange = PreparedEvent[];

/** The version string of a prepared event. */
export function eventVersion(e: PreparedEvent): string {
  return e.length === 4 ? `${e[1]}.${e[2]}.${e[3]}` : e[1];
}

function normalise(v: string | undefined): SemVer | undefined {
  if (typeof v !== "string") return undefined;
  if (v === "0") return new semver.SemVer("0.0.0-0");
  const ok = semver.valid(v);
  return ok === null ? undefined : new semver.SemVer(ok);
}

/** Sorts a range's events and drops those without a valid version (done once, at indexing). */
export function prepareRange(events: readonly OsvEvent[]): PreparedRange {
  const sorted: Array<[SemVer, EventKind]> = [];
  for (const e of events) {
    if (typeof e !== "object" || e === null) continue;
    const kind: EventKind =
      e.introduced !== undefined ? 0 : e.fixed !== undefined ? 1 : e.last_affected !== undefined ? 2 : 3;
    const at = normalise(e.introduced ?? e.fixed ?? e.last_affected ?? e.limit);
    if (at !== undefined) sorted.push([at, kind]);
  }
  // At one version an introduced comes before the closing events, so "introduced X, fixed X" is empty.
  sorted.sort((a, b) => a[0].compare(b[0]) || (a[1] === 0 ? 0 : 1) - (b[1] === 0 ? 0 : 1));
  return sorted.map(
    ([at, kind]): PreparedEvent =>
      at.prerelease.length === 0 ? [kind, at.major, at.minor, at.patch] : [kind, at.version],
  );
}

/** semver's compare of a parsed version with an event's version (a release without parsing it). */
function compareTo(v: SemVer, e: PreparedEvent): number {
  if (e.length === 2) return v.compare(e[1]);
  return (
    Math.sign(v.major - e[1]) ||
    Math.sign(v.minor - e[2]) ||
    Math.sign(v.patch - e[3]) ||
    (v.prerelease.length > 0 ? -1 : 0)
  );
}

/** True when the parsed version lies inside a prepared range. */
export function inPreparedRange(v: SemVer, range: PreparedRange): boolean {
  let affected = false;
  for (const e of range) {
    const kind = e[0];
    const cmp = compareTo(v, e);
    if (kind === 0) {
      if (cmp >= 0) affected = true;
    } else if (kind === 2 ? cmp > 0 : cmp >= 0) affected = false;
    else if (cmp < 0) break; // sorted: no later event is at or below the version
  }
  return affected;
}

/** True when `version` lies inside the range the events describe. */
export function inRange(version: string | SemVer, events: readonly OsvEvent[]): boolean {
  // An installed "0" is not a version; only an event's "0" means "from the start".
  const v = typeof version === "string" ? (version === "0" ? undefined : normalise(version)) : version;
  return v !== undefined && inPreparedRange(v, prepareRange(events));
}

/** Whether the advisory covers this exact version (its ranges or its explicit version list). */
export function isAffected(advisory: Advisory, version: string, parsed?: SemVer): boolean {
  if (advisory.versions.includes(version)) return true;
  if (advisory.ranges.length === 0) return false;
  const v = parsed ?? (version === "0" ? undefined : normalise(version));
  return v !== undefined && advisory.ranges.some((r) => inPreparedRange(v, r));
}

/** The smallest `fixed` above the version in the ranges that cover it: the version to move to. */
export function fixedVersion(advisory: Advisory, version: string): string | undefined {
  const v = normalise(version);
  if (v === undefined) return undefined;
  let best: string | undefined;
  for (const r of advisory.ranges) {
    if (!inPreparedRange(v, r)) continue;
    for (const e of r) {
      if (e[0] !== 1 || compareTo(v, e) >= 0) continue;
      const at = eventVersion(e);
      if (best === undefined || semver.lt(at, best)) best = at;
    }
  }
  return best;
}
