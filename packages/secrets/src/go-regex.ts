/**
 * Go RE2 regex source -> JavaScript. RE2 is close to a subset of JS syntax; the differences
 * that real gitleaks configs use are handled, the rest is rejected with a reason:
 * - leading inline flags `(?i)`, `(?s)`, `(?m)` become RegExp flags; flags elsewhere are rejected
 *   (JS only gained inline modifiers in recent engines);
 * - `(?P<name>` becomes `(?<name>`; `\A` / `\z` become `^` / `$`;
 * - POSIX classes `[[:alnum:]]` are spelled out;
 * - gitleaks' `secretGroup` N becomes the named group `secret` the engine reads.
 */
export interface ConvertedRegex {
  source: string;
  flags: string;
}

const POSIX: Record<string, string> = {
  alnum: "A-Za-z0-9",
  alpha: "A-Za-z",
  digit: "0-9",
  lower: "a-z",
  upper: "A-Z",
  space: "\\t\\n\\v\\f\\r ",
  xdigit: "0-9A-Fa-f",
  word: "\\w",
  punct: "!-\\/:-@\\[-`{-~",
};

export function convertGoRegex(go: string, secretGroup: number | undefined): ConvertedRegex | string {
  let source = go;
  let flags = "";
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  if (lead) {
    if (lead[1]?.includes("U")) return "the (?U) flag (ungreedy) has no JavaScript equivalent";
    flags = [...new Set(lead[1])].join("");
    source = source.slice(lead[0].length);
  }
  if (/\(\?[imsU-]+[):]/.test(source))
    return "inline flags after the start of the regex cannot be converted to JavaScript";
  const escaped = convertEscapes(source);
  if (escaped === undefined) return "\\Q..\\E, \\p{..} and \\C are not supported";
  source = escaped;
  source = source.replace(/\(\?P</g, "(?<");
  source = source.replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) =>
    neg === "" && POSIX[name] !== undefined ? (POSIX[name] as string) : m,
  );
  if (/\[:\^?[a-z]+:\]/.test(source)) return "a POSIX class it uses has no conversion";
  if (secretGroup !== undefined && secretGroup > 0) {
    const named = nameGroup(source, secretGroup);
    if (named === undefined) return `secretGroup ${secretGroup} does not exist in the regex`;
    source = named;
  }
  try {
    new RegExp(source, `${flags}gd`);
  } catch (error) {
    return `its regex is not valid in JavaScript (${(error as Error).message})`;
  }
  return { source, flags };
}

/** `\A` -> `^`, `\z` -> `$`; undefined when an escape has no JavaScript equivalent. */
function convertEscapes(source: string): string | undefined {
  let out = "";
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = source[++i] ?? "";
    if ("QEpPC".includes(next) && next !== "") return undefined;
    out += next === "A" ? "^" : next === "z" ? "$" : `\\${next}`;
  }
  return out;
}

/** Renames the n-th capturing group `secret` (renaming a named one keeps its position). */
function nameGroup(source: string, n: number): string | undefined {
  let count = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      if (source[i + 1] === "]") i++;
      continue;
    }
    if (c !== "(") continue;
    const named = /^\(\?<([A-Za-z_]\w*)>/.exec(source.slice(i));
    if (source[i + 1] === "?" && !named) continue;
    if (++count !== n) continue;
    const head = named ? named[0].length : 1;
    return `${source.slice(0, i)}(?<secret>${source.slice(i + head)}`;
  }
  return undefined;
}
