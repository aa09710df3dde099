/**
 * A plain (unquoted) YAML scalar as pnpm reads it: pnpm loads pnpm-lock.yaml and
 * pnpm-workspace.yaml with @zkochan/js-yaml (js-yaml 4, DEFAULT_SCHEMA), whose implicit types turn
 * `~`/`null`/`Null`/`NULL` into null, `true`/`True`/`TRUE` (and false) into booleans, and ints
 * (`+1`, `0x10`, `-0o17`, `0b11`, `1_000`) and floats (`1e3`, `1.0`, `.5`, `.inf`, `.NaN`) into
 * numbers, which pnpm then uses as text (`evil@${version}`: `version: 1e3` is evil@1000). Kept as
 * written, such a version named no package: the edge to it, and the package, fell out of every check.
 * Timestamps (`2020-01-01`) stay text here: pnpm's Date names no package either way.
 *
 * One implementation for the fast readers (fast-yaml.ts, pnpm-yaml.ts) and the `yaml` package's
 * fallback (yaml.ts, as custom tags); test/yaml-scalars.test.ts holds it to @zkochan/js-yaml.
 */
export type PlainValue = string | number | boolean | null;

// js-yaml's resolveYamlInteger as one expression: a sign, then 0, 0b/0x/0o digits with `_` between
// (not last), or decimal digits with `_` (not first after a leading 0, not last).
const INT =
  /^[-+]?(?:0|0b[01_]*[01]|0x[0-9a-fA-F_]*[0-9a-fA-F]|0o[0-7_]*[0-7]|0[0-9](?:[0-9_]*[0-9])?|[1-9](?:[0-9_]*[0-9])?)$/;
// js-yaml's YAML_FLOAT_PATTERN, and its rule that the text does not end with `_`.
const FLOAT =
  /^(?!.*_$)(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
export const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
export { FLOAT as FLOAT_PATTERN, INT as INT_PATTERN };

/** The value js-yaml gives the plain scalar `s` (non-empty, already trimmed and without comment). */
export function plainScalar(s: string): PlainValue {
  const c = s.charCodeAt(0);
  // Only these first characters can start a null, boolean or number: every other text is itself
  // at the cost of one comparison (package names, most keys).
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) return numberOr(s);
  switch (c) {
    case 126: // ~
      return s.length === 1 ? null : s;
    case 110: // n, N
    case 78:
      return s === "null" || s === "Null" || s === "NULL" ? null : s;
    case 116: // t, T
    case 84:
      return s === "true" || s === "True" || s === "TRUE" ? true : s;
    case 102: // f, F
    case 70:
      return s === "false" || s === "False" || s === "FALSE" ? false : s;
    default:
      return s;
  }
}

/** js-yaml's int, then float, construction of `s`, or `s` itself when it is neither. */
function numberOr(s: string): PlainValue {
  // A version (`4.17.21`, the usual value here) has two dots, no number has: no expression run.
  const dot = s.indexOf(".");
  if (dot >= 0 && s.indexOf(".", dot + 1) >= 0) return s;
  if (INT.test(s)) return intValue(s);
  if (FLOAT.test(s)) return floatValue(s);
  return s;
}

export function intValue(text: string): number {
  let value = text.includes("_") ? text.replace(/_/g, "") : text;
  let sign = 1;
  const first = value[0];
  if (first === "-" || first === "+") {
    if (first === "-") sign = -1;
    value = value.slice(1);
  }
  if (value === "0") return 0;
  if (value[0] === "0") {
    if (value[1] === "b") return sign * Number.parseInt(value.slice(2), 2);
    if (value[1] === "x") return sign * Number.parseInt(value.slice(2), 16);
    if (value[1] === "o") return sign * Number.parseInt(value.slice(2), 8);
  }
  return sign * Number.parseInt(value, 10);
}

export function floatValue(text: string): number {
  let value = text.replace(/_/g, "").toLowerCase();
  const sign = value[0] === "-" ? -1 : 1;
  if (value[0] === "+" || value[0] === "-") value = value.slice(1);
  if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (value === ".nan") return Number.NaN;
  return sign * Number.parseFloat(value);
}

/** A plain mapping key as js-yaml stores it: the scalar's value as a property name (`1e3:` is "1000"). */
export function plainKey(s: string): string {
  const v = plainScalar(s);
  return typeof v === "string" ? v : String(v);
}
