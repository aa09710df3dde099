import { parseError } from "./errors.js";

/** A yarn.lock mapping: string values or nested mappings (null prototype: keys are data, never `__proto__`). */
export interface YarnMap {
  [key: string]: string | YarnMap;
}

export interface YarnDocument {
  root: YarnMap;
  /** Raw top-level keys (as written, without the trailing colon) -> 1-based line. */
  lines: Map<string, number>;
  /** Top-level raw key text -> parsed key, in file order. */
  rawKeys: Map<string, string>;
}

/**
 * One parser for both yarn.lock syntaxes: classic v1 (`key "value"`) and berry (`key: value`).
 * Both are indentation-structured with 2 spaces per level, so a single pass with a stack of open
 * mappings reads them in linear time and keeps each entry's line for findings.
 */
export function parseYarnSyntax(file: string, source: string, style: "classic" | "berry"): YarnDocument {
  // yarn v1's tokenizer, and YAML for berry, break lines at a carriage return alone too: read as
  // part of a line, `  dependencies:\r    evil "^6.6.6"` hid the edge from every check.
  const text = source.includes("\r") ? source.replace(/\r\n?/g, "\n") : source;
  const root: YarnMap = Object.create(null);
  const stack: YarnMap[] = [root];
  const lines = new Map<string, number>();
  const rawKeys = new Map<string, string>();
  let start = 0;
  for (let n = 1; start < text.length; n++) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const indent = countIndent(line);
    if (indent === line.length || line[indent] === "#") continue;
    if (line[indent] === "\t" || indent % 2 !== 0) throw parseError(file, "unexpected indentation", n);
    const depth = indent / 2;
    if (depth >= stack.length) throw parseError(file, "indented line outside any entry", n);
    stack.length = depth + 1;
    const parent = stack[depth] as YarnMap;
    const body = line.slice(indent);
    if (body.endsWith(":") && (depth === 0 || !hasUnquotedSpace(body))) {
      const raw = body.slice(0, -1);
      const key = depth === 0 && style === "classic" ? raw : unquote(file, raw, n);
      // yarn never writes a key twice; a second copy could show a checker one entry and yarn another.
      if (Object.hasOwn(parent, key)) throw parseError(file, `duplicate key ${key}`, n);
      const child: YarnMap = Object.create(null);
      parent[key] = child;
      stack.push(child);
      if (depth === 0) {
        lines.set(key, n);
        rawKeys.set(raw, key);
      }
      continue;
    }
    const [key, value] = splitPair(file, body, style, n);
    if (Object.hasOwn(parent, key)) throw parseError(file, `duplicate key ${key}`, n);
    parent[key] = value;
  }
  return { root, lines, rawKeys };
}

function countIndent(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
}

function hasUnquotedSpace(text: string): boolean {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== "\\") quoted = !quoted;
    else if (c === " " && !quoted) return true;
  }
  return false;
}

function splitPair(file: string, body: string, style: "classic" | "berry", n: number): [string, string] {
  let keyEnd: number;
  if (body.startsWith('"')) keyEnd = closingQuote(file, body, n) + 1;
  else keyEnd = style === "berry" ? body.indexOf(": ") : body.indexOf(" ");
  if (keyEnd <= 0) throw parseError(file, `expected "key${style === "berry" ? ":" : ""} value"`, n);
  const key = unquote(file, body.slice(0, keyEnd), n);
  let rest = body.slice(keyEnd);
  if (style === "berry") {
    if (!rest.startsWith(": ")) throw parseError(file, 'expected ": " after the key', n);
    rest = rest.slice(2);
  } else {
    rest = rest.trimStart();
  }
  return [key, unquote(file, rest.trim(), n)];
}

function closingQuote(file: string, text: string, n: number): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  throw parseError(file, "unterminated quoted string", n);
}

// What only JSON.parse can decode (or reject): escapes and control characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NEEDS_JSON = /[\\\u0000-\u001f]/;

export function unquote(file: string, text: string, n: number): string {
  if (!text.startsWith('"')) return text;
  // Nearly every value is a plain quoted string: the text between the quotes is what JSON.parse
  // would return, without calling it thousands of times.
  if (!NEEDS_JSON.test(text)) {
    const close = text.indexOf('"', 1);
    if (close < 0) throw parseError(file, "unterminated quoted string", n);
    if (close !== text.length - 1) throw parseError(file, "unexpected text after a quoted string", n);
    return text.slice(1, -1);
  }
  if (closingQuote(file, text, n) !== text.length - 1)
    throw parseError(file, "unexpected text after a quoted string", n);
  try {
    return JSON.parse(text) as string;
  } catch (error) {
    throw parseError(file, "invalid quoted string", n, error);
  }
}

/** Splits a top-level key into its descriptors: `"a@^1", "a@^2"` (classic) or `a@npm:^1, a@npm:^2` (berry). */
export function splitDescriptors(key: string): string[] {
  const out: string[] = [];
  for (const m of key.matchAll(/"((?:[^"\\]|\\.)*)"|([^,\s][^,]*)/g)) {
    const quoted = m[1];
    const part =
      quoted === undefined
        ? (m[2] as string).trim()
        : NEEDS_JSON.test(quoted)
          ? (JSON.parse(`"${quoted}"`) as string)
          : quoted;
    if (part !== "") out.push(part);
  }
  return out;
}
