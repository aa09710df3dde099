/**
 * `satisfies` for the range forms nearly every package.json uses (`^1.2.3`, `~1.2.3`, `1.2.3`,
 * `>=1.2.3`, `*`), so a clean repository never loads semver's range parser (tens of ms of regex
 * compilation at startup). Anything else returns undefined and the caller asks semver.
 */
const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const SIMPLE_RANGE = /^(\^|~|>=|=)?v?(\d+)\.(\d+)\.(\d+)$/;
// `^2`, `^2.1` (major > 0) and `~2.1` mean the same as with the missing parts set to 0.
const PARTIAL_RANGE = /^(\^)v?([1-9]\d*)(?:\.(\d+))?$|^(~)v?(\d+)\.(\d+)$/;

export function satisfiesSimple(version: string, range: string): boolean | undefined {
  const r = range.trim();
  if (r === "*" || r === "" || r === "latest") return r === "latest" ? undefined : true;
  const v = VERSION.exec(version);
  const m = SIMPLE_RANGE.exec(r) ?? expandPartial(r);
  if (v === null || m === null || v[4] !== undefined) return undefined; // prereleases: let semver decide
  const [a, b, c] = [Number(v[1]), Number(v[2]), Number(v[3])];
  const [x, y, z] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const cmp = a - x || b - y || c - z;
  switch (m[1]) {
    case undefined:
    case "=":
      return cmp === 0;
    case ">=":
      return cmp >= 0;
    case "~":
      return a === x && b === y && c >= z;
    default: // ^: the left-most non-zero part is fixed
      if (x > 0) return a === x && cmp >= 0;
      if (y > 0) return a === 0 && b === y && c >= z;
      return a === 0 && b === 0 && c === z;
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
  const x = VERSION.exec(a);
  const y = VERSION.exec(b);
  if (x === null || y === null) return undefined;
  for (let i = 1; i <= 3; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return Math.sign(d);
  }
  if (x[4] === y[4]) return 0;
  if (x[4] === undefined) return 1;
  if (y[4] === undefined) return -1;
  const pa = x[4].split(".");
  const pb = y[4].split(".");
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
