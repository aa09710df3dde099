// Credentials written in an encoding: a percent-encoded assignment (`password%3Dhunter2…`,
// `%22password%22%3A%22…%22`, a form body or a URL parameter holding a config line) or an
// HTML-escaped one (`password&#61;…`, `&quot;password&quot;: &quot;…&quot;`) reads as one only
// once decoded: its `=`, `:` and quotes are escapes the rules do not take for glue. core's
// redaction masks the same forms (redact.ts: percent-encoded runs are decoded, `&quot;` is a
// quote); here the text around each such escape is decoded and the generic rules judge it
// (match.ts withDecoded). A match is placed at the encoded text. The decoding itself is core's
// (redact.ts decodeEscapesOnce), the one redaction uses.

import { type DecodedText, decodeEscapesOnce } from "@rampart/core/redact";

export type { DecodedText };

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
 * Length of the escape at `at` (a backslash), 0 when none there: `\uXXXX` of a character beyond
 * ASCII (`\u00e9` for é, as Python's json.dumps writes any such character in a value).
 */
function unicodeAt(text: string, at: number): number {
  if (text.charCodeAt(at + 1) !== 117) return 0; // u
  const hex = text.slice(at + 2, at + 6);
  return /^[0-9A-Fa-f]{4}$/.test(hex) && Number.parseInt(hex, 16) >= 0x80 ? 6 : 0;
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

/**
 * The stretches of `text` around its escapes (within their lines; those that name a credential
 * only), decoded twice over (`%2522` and `&amp;quot;` are escapes written twice) and joined by a
 * blank line (no name in one binds a value in another); undefined when there are none.
 */
export function decodeEscapes(text: string): DecodedText | undefined {
  let percent = text.indexOf("%");
  let amp = text.indexOf("&");
  let slash = text.indexOf("\\u");
  if (percent < 0 && amp < 0 && slash < 0) return undefined;
  const windows: Array<[number, number]> = [];
  // The line the last escape was on: found once per line, so a long line costs one pass.
  let lineStart = 0;
  let lineEnd = -1;
  while (percent >= 0 || amp >= 0 || slash >= 0) {
    let at: number;
    let length: number;
    if (slash >= 0 && (percent < 0 || slash < percent) && (amp < 0 || slash < amp)) {
      at = slash;
      length = unicodeAt(text, at);
      slash = text.indexOf("\\u", at + 1);
    } else if (percent >= 0 && (amp < 0 || percent < amp)) {
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
    let decoded = decodeEscapesOnce(raw, start);
    if (decoded === undefined) continue;
    const again = decodeEscapesOnce(decoded.text, 0);
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
