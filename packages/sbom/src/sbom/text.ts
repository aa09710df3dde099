/**
 * Text an SBOM cannot carry. A lone surrogate (`"\ud800"` as a JSON or YAML escape) is no Unicode
 * character: UTF-8 has no bytes for it, so XML and every UTF-8 consumer get U+FFFD instead, and
 * `encodeURIComponent` (packageurl-js, for a purl) throws on it. C0 controls other than tab, line
 * feed and carriage return, and U+FFFE/U+FFFF, are not XML 1.0 characters: a CycloneDX XML document
 * holding one is not well-formed. No package manager writes either into a name, version, URL or
 * licence; a lockfile that has one was damaged or edited by hand.
 */
const UNWRITABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNWRITABLE_ALL = new RegExp(UNWRITABLE.source, "g");

/** Printable ASCII and the three allowed controls: nearly every lockfile string, one native scan. */
const PLAIN = /^[\t\n\r\x20-\x7e]*$/;

/** Whether `text` is printable ASCII (tab and line breaks allowed), which any SBOM can carry: the fast test. */
export function isPlainText(text: string): boolean {
  return PLAIN.test(text);
}

/** The first character of `text` an SBOM cannot carry, as `\uXXXX`; undefined when there is none. */
export function unwritableChar(text: string): string | undefined {
  if (PLAIN.test(text)) return undefined;
  const m = UNWRITABLE.exec(text);
  return m === null ? undefined : escapeUnit(m[0]);
}

/** `text` with every character an SBOM cannot carry written as `\uXXXX`, for a message. */
export function showText(text: string): string {
  return text.replace(UNWRITABLE_ALL, escapeUnit);
}

function escapeUnit(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
}
