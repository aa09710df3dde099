// Credentials written in an encoding: a percent-encoded assignment (`password%3Dhunter2…`,
// `%22password%22%3A%22…%22`, a form body or a URL parameter holding a config line) or an
// HTML-escaped one (`password&#61;…`, `&quot;password&quot;: &quot;…&quot;`) reads as one only
// once decoded: its `=`, `:` and quotes are escapes the rules do not take for glue. core's
// redaction masks the same forms (redact.ts: percent-encoded runs are decoded, `&quot;` is a
// quote); here the text around each such escape is decoded and the generic rules judge it
// (match.ts withDecoded). A match is placed at the encoded text.

/**
 * Escapes that hide glue or quotes: %3D %3A %22 %27 %20 %2C (and %25, an escape written twice),
 * &quot; &apos; &equals; &colon; and their numeric forms (and &amp; before one of them). Found
 * with indexOf ('%', '&'), then read in place: a regex over megabytes of code (where `&&` and `%`
 * are everywhere) cost several times more.
 */
const ENTITY_AT = /&(?:amp;)?(?:quot|apos|equals|colon|#0*(?:34|39|58|61)|#[xX]0*(?:22|27|3[aAdD]));/y;

/** Length of the escape at `at` (a '%'), 0 when none there. */
function percentAt(text: string, at: number): number {
  const a = text.charCodeAt(at + 1);
  const b = text.charCodeAt(at + 2) | 32;
  // 3D 3A; 20 22 25 27 2C
  if (a === 51) return b === 100 || b === 97 ? 3 : 0;
  if (a === 50) return b === 48 || b === 50 || b === 53 || b === 55 || b === 99 ? 3 : 0;
  return 0;
}

/** Length of the escape at `at` (a '&'), 0 when none there. */
function entityAt(text: string, at: number): number {
  const c = text.charCodeAt(at + 1);
  // q a e c #: anything else (`&&`, `& `, `&lt;`) is not one
  if (c !== 113 && c !== 97 && c !== 101 && c !== 99 && c !== 35) return 0;
  ENTITY_AT.lastIndex = at;
  return ENTITY_AT.test(text) ? ENTITY_AT.lastIndex - at : 0;
}

/**
 * How far around an escape the text is decoded, within its line: a generic assignment's name,
 * glue and value (at most 200 characters) fit. Bounded, so a megabyte-long line with escapes
 * everywhere costs what its length does, once.
 */
const BEFORE = 256;
const AFTER = 512;

/** What a generic rule's name holds (match.ts runs the rules themselves on what passes). */
const NAME_HINT = /pass|pwd|secret|token|key|auth|cred/i;

/** Any escape decoded (percent runs, character references). */
const ANY_ESCAPE = /(?:%[0-9A-Fa-f]{2})+|&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]{2,8}));/g;

const ENTITIES: Record<string, string> = {
  quot: '"',
  apos: "'",
  amp: "&",
  lt: "<",
  gt: ">",
  equals: "=",
  colon: ":",
  comma: ",",
  semi: ";",
  nbsp: " ",
};

/** Decoded text and, for each of its characters, where it came from in the text (one more: the end). */
export interface DecodedText {
  text: string;
  from: Int32Array;
}

/**
 * The stretches of `text` around its escapes (within their lines; those that name a credential
 * only), decoded twice over (`%2522` and `&amp;quot;` are escapes written twice) and joined by a
 * blank line (no name in one binds a value in another); undefined when there are none.
 */
export function decodeEscapes(text: string): DecodedText | undefined {
  let percent = text.indexOf("%");
  let amp = text.indexOf("&");
  if (percent < 0 && amp < 0) return undefined;
  const windows: Array<[number, number]> = [];
  // The line the last escape was on: found once per line, so a long line costs one pass.
  let lineStart = 0;
  let lineEnd = -1;
  while (percent >= 0 || amp >= 0) {
    let at: number;
    let length: number;
    if (percent >= 0 && (amp < 0 || percent < amp)) {
      at = percent;
      length = percentAt(text, at);
      percent = text.indexOf("%", at + 1);
    } else {
      at = amp;
      length = entityAt(text, at);
      // `&&` (code's most common '&') holds no escape at either '&'.
      amp = text.indexOf("&", at + (text.charCodeAt(at + 1) === 38 ? 2 : 1));
    }
    if (length === 0) continue;
    if (at > lineEnd) {
      lineStart = text.lastIndexOf("\n", at) + 1;
      lineEnd = text.indexOf("\n", at);
      if (lineEnd < 0) lineEnd = text.length;
    }
    const start = Math.max(lineStart, at - BEFORE);
    const end = Math.min(lineEnd, at + length + AFTER);
    const last = windows.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else windows.push([start, end]);
  }
  if (windows.length === 0) return undefined;
  const parts: DecodedText[] = [];
  for (const [start, end] of windows) {
    const raw = text.slice(start, end);
    if (!NAME_HINT.test(raw)) continue;
    let decoded = decodeOnce(raw, start);
    if (decoded === undefined) continue;
    const again = decodeOnce(decoded.text, 0);
    if (again !== undefined) {
      const from = decoded.from;
      for (let i = 0; i < again.from.length; i++) again.from[i] = from[again.from[i] as number] as number;
      decoded = again;
    }
    parts.push(decoded);
  }
  if (parts.length === 0) return undefined;
  return join(parts);
}

function join(parts: DecodedText[]): DecodedText {
  let length = 0;
  for (const p of parts) length += p.text.length + 2;
  const from = new Int32Array(length - 1);
  let at = 0;
  for (const [i, p] of parts.entries()) {
    from.set(p.from.subarray(0, p.text.length), at);
    at += p.text.length;
    // The separator and the end stand for the stretch's end.
    const end = p.from[p.text.length] as number;
    from[at++] = end;
    if (i < parts.length - 1) from[at++] = end;
  }
  return { text: parts.map((p) => p.text).join("\n\n"), from };
}

/** One round of decoding `raw` (which starts at `offset`); undefined when nothing changed. */
function decodeOnce(raw: string, offset: number): DecodedText | undefined {
  const from = new Int32Array(raw.length + 1);
  const out: string[] = [];
  let length = 0;
  let copied = 0;
  const copy = (to: number) => {
    if (to <= copied) return;
    out.push(raw.slice(copied, to));
    for (let i = copied; i < to; i++) from[length++] = offset + i;
  };
  ANY_ESCAPE.lastIndex = 0;
  for (let m = ANY_ESCAPE.exec(raw); m !== null; m = ANY_ESCAPE.exec(raw)) {
    const decoded = m[0].startsWith("%") ? decodePercent(m[0]) : reference(m);
    if (decoded === undefined) continue;
    copy(m.index);
    out.push(decoded);
    for (let i = 0; i < decoded.length; i++) from[length++] = offset + m.index;
    copied = m.index + m[0].length;
  }
  if (out.length === 0) return undefined;
  copy(raw.length);
  from[length] = offset + raw.length;
  return { text: out.join(""), from: from.subarray(0, length + 1) };
}

function decodePercent(run: string): string | undefined {
  try {
    return decodeURIComponent(run);
  } catch {
    return undefined; // not UTF-8: nothing a reader would decode either
  }
}

function reference(ref: RegExpExecArray): string | undefined {
  const [, dec, hex, name] = ref;
  if (name !== undefined) return ENTITIES[name.toLowerCase()];
  const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex as string, 16);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return String.fromCodePoint(code);
}
