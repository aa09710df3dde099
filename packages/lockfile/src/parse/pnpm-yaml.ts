import { parseValue, Unsupported, type Value } from "./fast-yaml.js";

/**
 * pnpm-lock.yaml as pnpm writes it (lockfile 5.x, 6.x and 9.0): the same tree as `parseFastYaml`,
 * read with less work per line. pnpm's writer gives every nested block exactly two more spaces than
 * its key, writes single-quoted or plain keys, one value or flow collection per line, sequences
 * only of scalars, no comments, anchors, tags or multi-line scalars. This reader takes that layout
 * and nothing else: any other line (odd or skipped indentation, a double-quoted or escaped key, a
 * key or value with trailing white space, a carriage return, `---`, a mapping in a sequence, a
 * duplicate key, whatever the scalar readers shared with fast-yaml.ts decline) returns undefined
 * and the caller reads the file with the generic reader, which decides or reports the error.
 *
 * Why a second reader: a cold run reads a big lockfile once, and V8 spends more on optimising the
 * generic reader's one large loop (with its helpers inlined) than on running it. Here the loop is
 * small and the common lines (a plain key and a plain scalar) take a few native string calls.
 * `test/pnpm-yaml.test.ts` holds it to parseFastYaml's tree on every pnpm fixture and on mutations.
 */
export function readPnpmYaml(text: string): Record<string, unknown> | undefined {
  // A '#' after a tab starts a comment, which the scalar readers do not see (fast-yaml.ts); a
  // carriage return (alone, a line break) is fast-yaml's to read.
  if (text.includes("\t#") || text.includes("\r")) return undefined;
  try {
    return readLayout(text);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

type Mapping = { [key: string]: Value };

// Nesting pnpm writes: importers > path > dependencies > name > specifier (level 4); deeper is not ours.
const MAX_LEVEL = 5;

function readLayout(text: string): Record<string, unknown> {
  const root: Mapping = Object.create(null);
  // The open containers by level (indent / 2): a mapping, or a sequence of scalars.
  const maps: Array<Mapping | undefined> = [root];
  const lists: Array<Value[] | undefined> = [undefined];
  let depth = 0; // the deepest open level
  let pendingMap: Mapping | undefined; // a `key:` with nothing after it, on level depth
  let pendingKey = "";
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = n;
    let i = pos;
    while (text.charCodeAt(i) === 32) i++;
    const lineStart = pos;
    pos = end + 1;
    if (i === end) continue; // blank
    const c = text.charCodeAt(i);
    if (c === 35) continue; // a comment line, as the generic reader skips it
    const last = text.charCodeAt(end - 1);
    if (last === 32 || last === 13 || last === 9) throw new Unsupported(); // trailing white space, CR
    const col = i - lineStart;
    if ((col & 1) === 1) throw new Unsupported();
    const level = col >> 1;
    if (pendingMap !== undefined) {
      // The block under `key:` is the next line's, two spaces further in; else the value stays null.
      if (level === depth + 1) {
        if (depth + 1 > MAX_LEVEL) throw new Unsupported();
        depth++;
        if (c === 45) {
          const list: Value[] = [];
          pendingMap[pendingKey] = list;
          lists[depth] = list;
          maps[depth] = undefined;
        } else {
          const map: Mapping = Object.create(null);
          pendingMap[pendingKey] = map;
          maps[depth] = map;
          lists[depth] = undefined;
        }
      }
      pendingMap = undefined;
    }
    if (level > depth) throw new Unsupported();
    depth = level;
    const list = lists[level];
    if (list !== undefined) {
      if (c !== 45 || text.charCodeAt(i + 1) !== 32) throw new Unsupported();
      list.push(item(text.slice(i + 2, end)));
      continue;
    }
    const map = maps[level] as Mapping;
    let key: string;
    let valueAt: number; // where the value starts, or -1 for `key:`
    if (c === 39) {
      const close = text.indexOf("'", i + 1);
      if (close < 0 || close >= end || text.charCodeAt(close + 1) !== 58) throw new Unsupported(); // '' escapes too
      key = text.slice(i + 1, close);
      const after = close + 2;
      valueAt = after === end ? -1 : after;
    } else {
      if (!plainKeyStart(c)) throw new Unsupported();
      const colon = text.indexOf(": ", i);
      if (colon < 0 || colon > end) {
        if (text.charCodeAt(end - 1) !== 58) throw new Unsupported();
        key = text.slice(i, end - 1);
        valueAt = -1;
      } else {
        key = text.slice(i, colon);
        valueAt = colon + 1;
      }
      // `key :` and `key\t:` are the key to YAML, without the blank.
      const lastKey = key.charCodeAt(key.length - 1);
      if (key.includes(" #") || lastKey === 32 || lastKey === 9) throw new Unsupported();
    }
    if (key in map) throw new Unsupported(); // duplicate: the generic reader and `yaml` decide
    if (valueAt < 0) {
      map[key] = null;
      pendingMap = map;
      pendingKey = key;
      continue;
    }
    if (text.charCodeAt(valueAt) !== 32) throw new Unsupported(); // `'key':x`
    map[key] = scalarOrFlow(text.slice(valueAt + 1, end));
  }
  return root;
}

/** Plain keys pnpm writes start with a letter, digit, `.`, `/` or `_` (others are quoted). */
function plainKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 47 || c === 95;
}

/**
 * A value after `key: `. Plain text that starts with a letter or digit and holds no `: ` or ` #`
 * is the text itself (or a boolean/null), as fast-yaml's plain() reads it; the rest goes to the
 * shared reader (flow collections, quoted scalars, anything unusual).
 */
function scalarOrFlow(s: string): Value {
  // fast-yaml trims the value; text that trimming would change (`key:  x`, a tab) is not pnpm's.
  if (s.trim().length !== s.length || s.length === 0) throw new Unsupported();
  const c = s.charCodeAt(0);
  if (((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) && !s.includes(": ") && !s.includes(" #")) {
    return s === "true" ? true : s === "false" ? false : s === "null" ? null : s;
  }
  if (c === 39 && s.indexOf("'", 1) === s.length - 1) return s.slice(1, -1); // 'text', no '' inside
  if (c === 123) return flowMap(s) ?? parseValue(s);
  return parseValue(s);
}

// `{key: value, key: value}` as pnpm writes resolutions and engines: word keys, one space after
// each `:` and `,`; values single-quoted without '', or plain: a letter, digit, ^ or ~ first, then
// no quote, comma or bracket, a colon only before a non-space, a space only before text that is
// not a space, # , or } (so no ': ' and no ' #' inside, nothing for readFlow's trim to remove).
const FLOW_PAIR = /([A-Za-z]+): (?:'([^'\n]*)'|([A-Za-z0-9^~](?:[^\s'":,{}[\]]|:(?! )| (?![\s#,}]))*))(, |\}$)/y;

/** The flow mapping pnpm writes, as readFlow reads it; undefined for any other text (then readFlow decides). */
function flowMap(s: string): Mapping | undefined {
  const map: Mapping = Object.create(null);
  if (s === "{}") return map;
  FLOW_PAIR.lastIndex = 1;
  for (;;) {
    const m = FLOW_PAIR.exec(s);
    if (m === null) return undefined;
    const key = m[1] as string;
    if (key in map) return undefined;
    const plain = m[3];
    map[key] =
      plain === undefined
        ? (m[2] as string)
        : plain === "true"
          ? true
          : plain === "false"
            ? false
            : plain === "null" || plain === "~"
              ? null
              : plain;
    if (m[4] === "}") return map;
  }
}

/** A sequence item after `- `: a scalar (a `key: value` item would be a mapping, not ours). */
function item(s: string): Value {
  const c = s.charCodeAt(0);
  if (c !== 39 && c !== 34 && (s.includes(": ") || s.endsWith(":") || s.includes(" #") || c === 123 || c === 91))
    throw new Unsupported();
  return scalarOrFlow(s);
}
