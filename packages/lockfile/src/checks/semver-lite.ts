/**
 * `satisfies` for the range forms nearly every package.json uses (`^1.2.3`, `~1.2.3`, `1.2.3`,
 * `>=1.2.3`, `*`, a prerelease in either: `^6.0.0-next.3`), so a clean repository never loads
 * semver's range parser (tens of ms of regex compilation at startup). As the drift check asks
 * semver, prereleases are included (`includePrerelease`). Anything else returns undefined and the
 * caller asks semver.
 */
// Dot-separated identifiers, numeric ones without leading zeros: semver's own rule (anything else
// is left to semver, which may refuse it).
const PRERELEASE = "(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*";
const VERSION = new RegExp(`^v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-(${PRERELEASE}))?(?:\\+[0-9A-Za-z.-]+)?$`);
// Any prerelease text (compareVersions orders what it is given, as diff always has).
const ANY_VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const SIMPLE_RANGE = new RegExp(`^(\\^|~|>=|=)?v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-(${PRERELEASE}))?$`);
// `^2`, `^2.1` (major > 0) and `~2.1` mean the same as with the missing parts set to 0 (for a
// release: semver starts them at X.Y.0-0, so a prerelease version is left to semver).
const PARTIAL_RANGE = /^(\^)v?([1-9]\d*)(?:\.(\d+))?$|^(~)v?(\d+)\.(\d+)$/;

export function satisfiesSimple(version: string, range: string): boolean | undefined {
  const r = range.trim();
  if (r === "*" || r === "" || r === "latest") return r === "latest" ? undefined : true;
  const v = VERSION.exec(version);
  if (v === null) return undefined;
  const m = SIMPLE_RANGE.exec(r) ?? (v[4] === undefined ? expandPartial(r) : null);
  if (m === null) return undefined;
  const [a, b, c] = [Number(v[1]), Number(v[2]), Number(v[3])];
  const [x, y, z] = [Number(m[2]), Number(m[3]), Number(m[4])];
  // The range's version is its lower bound; the operator fixes the parts that must stay equal.
  // Prereleases included, that is all: X.Y.Z-pre sorts before X.Y.Z and after X.Y.(Z-1).
  const cmp = a - x || b - y || c - z || comparePrerelease(v[4], m[5]);
  switch (m[1]) {
    case undefined:
    case "=":
      return cmp === 0;
    case ">=":
      return cmp >= 0;
    case "~":
      return a === x && b === y && cmp >= 0;
    default: // ^: the left-most non-zero part is fixed
      if (x > 0) return a === x && cmp >= 0;
      if (y > 0) return a === 0 && b === y && cmp >= 0;
      return a === 0 && b === 0 && c === z && cmp >= 0;
  }
}

function expandPartial(range: string): RegExpExecArray | null {
  const p = PARTIAL_RANGE.exec(range);
  if (p === null) return null;
  const full = p[1] !== undefined ? `^${p[2]}.${p[3] ?? 0}.0` : `~${p[5]}.${p[6]}.0`;
  return SIMPLE_RANGE.exec(full);
}

/** Orders two versions as semver does (release after its prereleases); undefined when either is not semver. */
export function compareVersions(a: string, b: string): number | undefined {
  const x = ANY_VERSION.exec(a);
  const y = ANY_VERSION.exec(b);
  if (x === null || y === null) return undefined;
  for (let i = 1; i <= 3; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return Math.sign(d);
  }
  return comparePrerelease(x[4], y[4]);
}

/** Orders two prerelease tags of the same X.Y.Z (undefined: the release, after its prereleases). */
function comparePrerelease(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const p = pa[i];
    const q = pb[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    const np = /^\d+$/.test(p);
    const nq = /^\d+$/.test(q);
    if (np && nq) return Math.sign(Number(p) - Number(q));
    if (np !== nq) return np ? -1 : 1; // numeric identifiers sort first
    return p < q ? -1 : 1;
  }
  return 0;
}
