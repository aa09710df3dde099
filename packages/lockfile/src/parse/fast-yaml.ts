/**
 * A fast reader for the YAML that package managers write (pnpm-lock.yaml, and simple config such as
 * pnpm-workspace.yaml): block mappings and sequences by indentation, flow `{}`/`[]` on one line,
 * plain and quoted scalars, full-line comments. Anything else (anchors, tags, multi-line scalars,
 * duplicate keys, tabs) returns undefined and the caller falls back to the full `yaml` package,
 * which also produces the error message for invalid input. One pass, no backtracking.
 */
export type Value = string | boolean | null | Value[] | { [key: string]: Value };
type Container = { [key: string]: Value } | Value[];

/** Thrown on input this reader leaves to the `yaml` package (pnpm-yaml.ts throws it too). */
export class Unsupported extends Error {}

/**
 * The text with every line break a `\n`: YAML (1.2 §5.4, and pnpm's js-yaml) breaks lines at CR LF,
 * LF and a carriage return alone; read as part of a line, `dependencies:\r      evil: 6.6.6` hid
 * the entry from every check, and the `yaml` package does not break at a lone CR either.
 */
export function yamlBreaks(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

export function parseFastYaml(source: string): Record<string, unknown> | undefined {
  const text = yamlBreaks(source);
  // A '#' after a tab starts a comment (`evil: 6.6.6\t# pinned` is 6.6.6): the scalar readers here
  // know only " #", and no package manager writes a tab.
  // A BOM is no character to YAML (read here, it became part of a key or value).
  if (text.includes("\t#") || text.includes("\ufeff")) return undefined;
  try {
    return parseDocument(text);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function parseDocument(text: string): Record<string, unknown> {
  const root: Record<string, Value> = Object.create(null);
  const stack: Array<{ indent: number; obj: Container }> = [{ indent: 0, obj: root }];
  let pending: { obj: Record<string, Value>; key: string; indent: number } | undefined;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const lineEnd = end;
    let indent = start;
    while (indent < lineEnd && text.charCodeAt(indent) === 32) indent++;
    const lineStart = start;
    start = end + 1;
    if (indent === lineEnd || text.charCodeAt(indent) === 35) continue; // blank or comment
    const col = indent - lineStart;
    const content = text.slice(indent, lineEnd);
    if (col === 0 && (content === "---" || content.startsWith("--- ") || content === "...")) throw new Unsupported();
    if (pending !== undefined) {
      const isItem = content === "-" || content.startsWith("- ");
      if (col > pending.indent || (col === pending.indent && isItem)) {
        const child: Container = isItem ? [] : Object.create(null);
        pending.obj[pending.key] = child as Value;
        stack.push({ indent: col, obj: child });
      }
      pending = undefined;
    }
    while (stack.length > 1 && (stack[stack.length - 1] as { indent: number }).indent > col) stack.pop();
    const top = stack[stack.length - 1] as { indent: number; obj: Container };
    if (top.indent !== col) throw new Unsupported();
    if (Array.isArray(top.obj)) {
      if (!content.startsWith("- ")) throw new Unsupported();
      const item = content.slice(2).trim();
      const hash = item.indexOf(" #");
      if (/^[^'"{[].*?:( |$)/.test(hash < 0 ? item : item.slice(0, hash))) throw new Unsupported(); // mappings in sequences
      top.obj.push(parseValue(item));
      continue;
    }
    const [key, rest] = splitKey(content);
    if (Object.hasOwn(top.obj, key)) throw new Unsupported(); // duplicate: let `yaml` report it
    if (rest === "") {
      top.obj[key] = null;
      pending = { obj: top.obj, key, indent: col };
    } else {
      top.obj[key] = parseValue(rest);
    }
  }
  return root;
}

function splitKey(content: string): [string, string] {
  if (content.startsWith("'") || content.startsWith('"')) {
    const [key, next] = readQuoted(content, 0);
    if (content[next] !== ":" || (next + 1 < content.length && content[next + 1] !== " ")) throw new Unsupported();
    return [key, content.slice(next + 1).trim()];
  }
  // A tag, anchor or alias before a key (`!!str ms@2.1.3:`, `&a dev:`) is not part of it.
  if (/^([?-]( |$)|[&*!|>%@`[{])/.test(content)) throw new Unsupported();
  const sep = content.indexOf(": ");
  // `evil #x: 1`: YAML reads a comment from the '#', not a key.
  const hash = content.indexOf(" #");
  if (hash >= 0 && (sep < 0 || hash < sep)) throw new Unsupported();
  const entry: [string, string] | undefined =
    sep >= 0
      ? [content.slice(0, sep), content.slice(sep + 2).trim()]
      : content.endsWith(":")
        ? [content.slice(0, -1), ""]
        : undefined;
  // `evil :` is the key evil to YAML (white space before the ':' is dropped).
  if (entry === undefined || isMergeKey(entry[0]) || /\s$/.test(entry[0])) throw new Unsupported();
  return entry;
}

/** A block value after `key: ` or `- `, trimmed (flow collection, quoted or plain scalar, comment dropped). */
export function parseValue(s: string): Value {
  const c = s[0];
  if (c === "{" || c === "[" || c === "'" || c === '"') {
    const [value, next] = c === "{" || c === "[" ? readFlow(s, 0) : readQuoted(s, 0);
    if (next !== s.length && !/^\s+#/.test(s.slice(next))) throw new Unsupported();
    return value;
  }
  // In a block plain scalar, " #" starts a comment (YAML 1.2 §6.6).
  const hash = s.indexOf(" #");
  return plain(hash < 0 ? s : s.slice(0, hash).trimEnd());
}

function plain(s: string): Value {
  // Stricter than YAML needs to be: anything a YAML parser might read differently is left to it.
  if (s === "" || /^([&*!|>%@`#,\]}]|[-?:]( |$))/.test(s) || s.includes(" #") || s.includes(": "))
    throw new Unsupported();
  if (s === "true") return true;
  if (s === "false") return false;
  if (s === "null" || s === "~") return null;
  return s;
}

function readQuoted(s: string, at: number): [string, number] {
  const q = s[at];
  if (q === "'") {
    let out = "";
    let i = at + 1;
    for (;;) {
      const close = s.indexOf("'", i);
      if (close < 0) throw new Unsupported();
      out += s.slice(i, close);
      if (s[close + 1] === "'") {
        out += "'";
        i = close + 2;
      } else return [out, close + 1];
    }
  }
  for (let i = at + 1; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === '"') {
      try {
        return [JSON.parse(s.slice(at, i + 1)) as string, i + 1];
      } catch {
        throw new Unsupported();
      }
    }
  }
  throw new Unsupported();
}

/** A one-line flow collection: `{a: b, c: 'd'}` or `[x, y]`; plain scalars end at , ] or }. */
function readFlow(s: string, at: number, depth = 0): [Value, number] {
  if (depth > 32) throw new Unsupported(); // lockfiles nest two levels; deeper input is not ours
  const isMap = s[at] === "{";
  const close = isMap ? "}" : "]";
  const map: Record<string, Value> = Object.create(null);
  const list: Value[] = [];
  let i = skip(s, at + 1);
  if (s[i] === close) return [isMap ? map : list, i + 1];
  for (;;) {
    let key = "";
    if (isMap) {
      if (s[i] === "'" || s[i] === '"') [key, i] = readQuoted(s, i);
      else {
        const m = /^[^,:{}[\]'"][^,:{}[\]]*/.exec(s.slice(i));
        if (m === null) throw new Unsupported();
        key = m[0].trimEnd();
        if (isMergeKey(key)) throw new Unsupported();
        i += m[0].length;
      }
      if (s[i] !== ":" || s[i + 1] !== " ") throw new Unsupported();
      i = skip(s, i + 2);
    }
    let value: Value;
    if (s[i] === "{" || s[i] === "[") [value, i] = readFlow(s, i, depth + 1);
    else if (s[i] === "'" || s[i] === '"') [value, i] = readQuoted(s, i);
    else {
      const m = /^[^,{}[\]]*/.exec(s.slice(i)) as RegExpExecArray;
      value = plain(m[0].trim());
      i += m[0].length;
    }
    if (isMap) {
      if (Object.hasOwn(map, key)) throw new Unsupported();
      map[key] = value;
    } else list.push(value);
    i = skip(s, i);
    if (s[i] === close) return [isMap ? map : list, i + 1];
    if (s[i] !== ",") throw new Unsupported();
    i = skip(s, i + 1);
  }
}

/**
 * A plain `<<` key merges the mapping it holds into its parent in the loaders package managers use
 * (pnpm's js-yaml, YAML 1.1): read as a key named `<<`, a package or edge under it would be hidden
 * from every check while installed. `yaml` (with `merge: true`) reads it as they do. Quoted, `'<<'`
 * is an ordinary key.
 */
function isMergeKey(key: string): boolean {
  return key.trimEnd() === "<<";
}

function skip(s: string, i: number): number {
  while (s[i] === " ") i++;
  return i;
}
