/**
 * How a file is scanned: not at all (binary), with every rule ("code"), or with the rules that
 * make sense in generated text ("lockfile", "minified": credentials in URLs), where generic
 * high-entropy rules would only report integrity hashes and mangled identifiers.
 */
export type ScanContext = "code" | "lockfile" | "minified";

const LOCKFILES = new Set(["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock"]);
const MINIFIED_NAME = /\.min\.(?:c|m)?js$|\.min\.css$|\.map$/;
/** A line this long is generated, not written: bundles, source maps, data URIs. */
const LONG_LINE = 2000;

/** git's own test: a NUL byte in the first 8000 bytes means binary. */
export function isBinary(content: Uint8Array): boolean {
  return content.subarray(0, 8000).indexOf(0) >= 0;
}

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

export function contextFor(file: string, text: string): ScanContext {
  const name = baseName(file);
  if (LOCKFILES.has(name)) return "lockfile";
  if (MINIFIED_NAME.test(name)) return "minified";
  return hasLongLine(text) ? "minified" : "code";
}

/** Generated when most of the text sits on very long lines (one data URI in a README is not). */
function hasLongLine(text: string): boolean {
  if (text.length < LONG_LINE) return false;
  let from = 0;
  let long = 0;
  while (from <= text.length) {
    let nl = text.indexOf("\n", from);
    if (nl < 0) nl = text.length;
    if (nl - from > LONG_LINE) long += nl - from;
    from = nl + 1;
  }
  return long * 2 > text.length;
}
