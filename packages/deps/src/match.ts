import semver from "semver";
import type { Advisory, OsvEvent } from "./osv.js";

// OSV's evaluation (osv-schema "Evaluation"): walk a range's events in version order; an
// `introduced` at or below the version opens it, a `fixed` or `limit` at or below it closes it, a
// `last_affected` below it closes it. npm order is semver's total order, prereleases included.

function valid(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (v === "0") return "0.0.0-0";
  return semver.valid(v, { loose: false }) ?? undefined;
}

function position(e: OsvEvent): string | undefined {
  return valid(e.introduced ?? e.fixed ?? e.last_affected ?? e.limit);
}

/** True when `version` lies inside the range the events describe. */
export function inRange(version: string, events: readonly OsvEvent[]): boolean {
  const v = semver.valid(version);
  if (v === null) return false;
  const sorted = events
    .map((e) => [position(e), e] as const)
    .filter((x): x is readonly [string, OsvEvent] => x[0] !== undefined)
    .sort((a, b) => semver.compare(a[0], b[0]) || rank(a[1]) - rank(b[1]));
  let affected = false;
  for (const [at, e] of sorted) {
    const cmp = semver.compare(v, at);
    if (e.introduced !== undefined && cmp >= 0) affected = true;
    else if ((e.fixed !== undefined || e.limit !== undefined) && cmp >= 0) affected = false;
    else if (e.last_affected !== undefined && cmp > 0) affected = false;
  }
  return affected;
}

// At one version an introduced comes before the closing events, so "introduced X, fixed X" is empty.
function rank(e: OsvEvent): number {
  return e.introduced !== undefined ? 0 : 1;
}

/** Whether the advisory covers this exact version (its ranges or its explicit version list). */
export function isAffected(advisory: Advisory, version: string): boolean {
  if (advisory.versions.includes(version)) return true;
  return advisory.ranges.some((r) => inRange(version, r));
}

/** The smallest `fixed` above the version in the ranges that cover it: the version to move to. */
export function fixedVersion(advisory: Advisory, version: string): string | undefined {
  let best: string | undefined;
  for (const r of advisory.ranges) {
    if (!inRange(version, r)) continue;
    for (const e of r) {
      const f = e.fixed === undefined ? undefined : semver.valid(e.fixed);
      if (f && semver.gt(f, version) && (best === undefined || semver.lt(f, best))) best = f;
    }
  }
  return best;
}
