import { detectEncoding } from "./decode.js";

/**
 * How a file is scanned: not at all (binary), with every rule ("code"), or as text a tool wrote
 * ("generated": lockfiles, minified files, lines over LONG_LINE): every rule, but a generic
 * assignment's unquoted value that reads as code, as minified code's `token,end=i+1` does, is
 * not a value (see match.ts readsAsCode). A file's name picks its context, and a change picks its
 * names: no name may take a rule away (a `package-lock.json` holding `"password": …` is found).
 */
export type ScanContext = "code" | "generated";

const LOCKFILES = new Set(["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock"]);
const MINIFIED_NAME = /\.min\.(?:c|m)?js$|\.min\.css$|\.map$/;
/**
 * A line this long is generated, not written: bundles, source maps, data URIs, one-line JSON. It
 * is judged as generated text, line by line: the rest of the file is ordinary code. Line ends are
 * \n, \r, U+2028 and U+2029 (a file with CR-only line ends is many lines, not one).
 */
export const LONG_LINE = 2000;

/** Not text in any encoding decodeText reads (git's own test, a NUL byte early, UTF-16 aside). */
export function isBinary(content: Uint8Array): boolean {
  return detectEncoding(content) === "binary";
}

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

/** The context a file's name gives it; a "code" file's long lines are judged "generated" one by one. */
export function contextFor(file: string): ScanContext {
  const name = baseName(file);
  if (LOCKFILES.has(name) || MINIFIED_NAME.test(name)) return "generated";
  return "code";
}

/**
 * Folders and names that hold tests, fixtures, mocks and examples: `test/`, `tests/`,
 * `__tests__/`, `spec/`, `fixtures/`, `testdata/`, `mocks/`, `__mocks__/`, `examples/`, and files
 * named `*.test.*`, `*.spec.*`, `*_test.*`, `*.example(s).*`. Credentials there are mostly made up for the test, so
 * a finding's confidence is lowered one step (see LOWERED_IN_TESTS in scanner.ts); the policy's
 * `secrets.failOn` decides whether it still fails the scan.
 */
const TEST_DIR =
  /(?:^|\/)(?:tests?|__tests__|__mocks__|mocks?|spec|specs|fixtures?|__fixtures__|testdata|test[-_]data|examples?)\//i;
const TEST_NAME = /[._-](?:test|tests|spec|examples?)\.[A-Za-z0-9]+$/i;

/** Whether a repository path is a test, fixture, mock or example file. */
export function isTestPath(file: string): boolean {
  return TEST_DIR.test(file) || TEST_NAME.test(baseName(file));
}
