import semver, { type SemVer } from "semver";
import type { Advisory, OsvEvent } from "./osv.js";

// OSV's evaluation (osv-schema "Evaluation"): walk a range's events in version order; an
// `introduced` at or below the version opens it, a `fixed` or `limit` at or below it closes it, a
// `last_affected` below it closes it. npm order is semver's total order, prereleases included.

type Kind = 0 | 1 | 2; // 0 introduced, 1 fixed or limit (closes at the version), 2 last_affected (closes after it)
type Sorted = Array<readonly [SemVer, Kind]>;

// Sorted and parsed once per range: a whole-lockfile check asks each range about many versions.
const prepared = new WeakMap<readonly OsvEvent[], Sorted>();

function parse(v: string | undefined): SemVer | undefined {
  if (v === undefined) return undefined;
  if (v === "0") return new semver.SemVer("0.0.0-0");
  const ok = semver.valid(v);
  return ok === null ? undefined : new semver.SemVer(ok);
}

function prepare(events: readonly OsvEvent[]): Sorted {
  let sorted = prepared.get(events);
  if (sorted !== undefined) return sorted;
  sorted = [];
  for (const e of events) {
    const at = parse(e.introduced ?? e.fixed ?? e.last_affected ?? e.limit);
    if (at === undefined) continue;
    sorted.push([at, e.introduced !== undefined ? 0 : e.last_affected !== undefined ? 2 : 1]);
  }
  // At one version an introduced comes before the closing events, so "introduced X, fixed X" is empty.
  sorted.sort((a, b) => a[0].compare(b[0]) || (a[1] === 0 ? 0 : 1) - (b[1] === 0 ? 0 : 1));
  prepared.set(events, sorted);
  return sorted;
}

/** True when `version` lies inside the range the events describe. */
export function inRange(version: string | SemVer, events: readonly OsvEvent[]): boolean {
  // An installed "0" is not a version; only an event's "0" means "from the start".
  const v = typeof version === "string" ? (version === "0" ? undefined : parse(version)) : version;
  if (v === undefined) return false;
  let affected = false;
  for (const [at, kind] of prepare(events)) {
    const cmp = v.compare(at);
    if (kind === 0 && cmp >= 0) affected = true;
    else if (kind === 1 && cmp >= 0) affected = false;
    else if (kind === 2 && cmp > 0) affected = false;
  }
  return affected;
}

/** Whether the advisory covers this exact version (its ranges or its explicit version list). */
export function isAffected(advisory: Advisory, version: string, parsed?: SemVer): boolean {
  if (advisory.versions.includes(version)) return true;
  if (advisory.ranges.length === 0) return false;
  const v = parsed ?? parse(version);
  return v !== undefined && advisory.ranges.some((r) => inRange(v, r));
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
