import { detectEncoding } from "./decode.js";

/**
 * How a file is scanned: not at all (binary), with every rule ("code"), or with the rules that
 * make sense in generated text ("lockfile", "minified": credentials in URLs), where generic
 * high-entropy rules would only report integrity hashes and mangled identifiers.
 */
export type ScanContext = "code" | "lockfile" | "minified";

const LOCKFILES = new Set(["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock"]);
const MINIFIED_NAME = /\.min\.(?:c|m)?js$|\.min\.css$|\.map$/;
/**
 * A line this long is generated, not written: bundles, source maps, data URIs. It is judged as
 * generated text, line by line: the rest of the file keeps every rule.
 */
export const LONG_LINE = 2000;

/** Not text in any encoding decodeText reads (git's own test, a NUL byte early, UTF-16 aside). */
export function isBinary(content: Uint8Array): boolean {
  return detectEncoding(content) === "binary";
}

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

/** The context a file's name gives it; a "code" file's long lines are judged "minified" one by one. */
export function contextFor(file: string): ScanContext {
  const name = baseName(file);
  if (LOCKFILES.has(name)) return "lockfile";
  if (MINIFIED_NAME.test(name)) return "minified";
  return "code";
}
