import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { digestOf, readCache, writeCache } from "@rampart/core/fs";

// Whether a staged file matches a lint-staged task is lint-staged's own decision: its
// lib/matchFiles.js, picomatch with lint-staged's options. Importing it loads picomatch (six
// modules, through the ESM loader), most of what a commit with nothing for lint-staged costs.
// For the lint-staged and picomatch sources rampart was tested against (matchFiles.js and
// picomatch's package.json, index.js and lib/*.js, compared by sha256, read from where
// lint-staged resolves them), the decision is made here instead, from the regular expression
// picomatch compiled for each pattern (kept in `.git/rampart/lint-staged-match.json`, core's
// cache) and picomatch's own test, replicated below: the file is the pattern itself, or the
// expression matches the path (with `matchBase`, as lint-staged sets it for a pattern without a
// slash: the file's last segment). A pattern not kept yet is compiled by that same picomatch,
// loaded for it. Any other lint-staged or picomatch source, Windows, or a pattern picomatch
// refuses: undefined, and the caller imports lint-staged's matchFiles as before.

/** digestOf lint-staged's lib/matchFiles.js (17.6.1) whose matching is replicated here. */
const MATCH_FILES = new Set(["7c481a9d74d39d2c2d893432e3971f9b57b214de40ab189dcc95ab9a3c516d8d"]);
/** digestOf picomatch's PICOMATCH_FILES (package.json, index.js, lib/*.js) of the versions whose test() is replicated here (4.0.7). */
const PICOMATCH = new Set(["8ece9190f52bf7348d6fa49475a28d5850b27fc190c9c175643db67090720f5a"]);
const PICOMATCH_FILES = [
  "package.json", // its main (index.js) and no exports map or type: import and require find the same file
  "index.js",
  "lib/picomatch.js",
  "lib/utils.js",
  "lib/constants.js",
  "lib/parse.js",
  "lib/scan.js",
];
const CACHE = "lint-staged-match.json";

type Kept = { picomatch: string; patterns: Record<string, [source: string, flags: string]> };
type Picomatch = {
  makeRe(pattern: string, options: object, returnOutput: boolean, returnState: boolean): RegExp;
};

/**
 * True when a file of `files` (paths relative to `cwd`, forward slashes, as lint-staged's
 * matchFiles gets them) matches one of `patterns`, false when none does, as lint-staged's
 * matchFiles decides; undefined when this cannot answer for certain (see above).
 */
export function knownMatch(
  lintStagedDir: string,
  commonDir: string,
  patterns: readonly string[],
  files: readonly string[],
  cwd: string,
): boolean | undefined {
  if (process.platform === "win32") return undefined;
  const { readFileSync } = process.getBuiltinModule("node:fs");
  let picomatchIndex: string;
  let digest: string;
  try {
    const matchFiles = join(lintStagedDir, "lib", "matchFiles.js");
    if (!MATCH_FILES.has(digestOf([readFileSync(matchFiles)]))) return undefined;
    // Where matchFiles.js's `import picomatch from 'picomatch'` leads (picomatch has no exports map:
    // its main, index.js, for import and require alike).
    picomatchIndex = createRequire(matchFiles).resolve("picomatch");
    const dir = dirname(picomatchIndex);
    if (picomatchIndex !== join(dir, "index.js")) return undefined;
    digest = digestOf(PICOMATCH_FILES.map((f) => readFileSync(join(dir, f))));
    if (!PICOMATCH.has(digest)) return undefined;
  } catch {
    return undefined;
  }
  const kept = keptPatterns(commonDir, digest);
  let picomatch: Picomatch | undefined;
  let added = false;
  const regexes: RegExp[] = [];
  for (const pattern of patterns) {
    const known = kept.patterns[pattern];
    if (known !== undefined && !/[gy]/.test(known[1])) {
      regexes.push(new RegExp(known[0], known[1]));
      continue;
    }
    try {
      picomatch ??= createRequire(picomatchIndex)(picomatchIndex) as Picomatch;
      // What picomatch(pattern, options) compiles for lint-staged's matchFiles: its options, and
      // `windows` as index.js sets it off Windows.
      const options = { cwd, dot: true, matchBase: !pattern.includes("/"), posixSlashes: true, strictBrackets: true };
      const re = picomatch.makeRe(pattern, { ...options, windows: false }, false, true);
      if (/[gy]/.test(re.flags)) return undefined; // a stateful expression: not what is replicated
      kept.patterns[pattern] = [re.source, re.flags];
      regexes.push(new RegExp(re.source, re.flags));
      added = true;
    } catch {
      return undefined; // picomatch refuses it: lint-staged's own matchFiles throws as it will
    }
  }
  if (added) {
    // Only the current patterns: the file never grows with the config's history.
    const patternsNow = Object.fromEntries(patterns.map((p) => [p, kept.patterns[p] as [string, string]]));
    writeCache(commonDir, CACHE, JSON.stringify({ picomatch: digest, patterns: patternsNow }));
  }
  return patterns.some((pattern, i) => files.some((file) => picomatchTest(file, pattern, regexes[i] as RegExp)));
}

/**
 * picomatch 4.0.7's matcher for a string, with lint-staged's options (lib/picomatch.js `test` and
 * `matchBase`, utils.basename, `windows` false: no `format`): the empty string never matches, the
 * pattern itself always does, else the expression is tried on the path, or with `matchBase` on
 * its last segment.
 */
function picomatchTest(input: string, pattern: string, regex: RegExp): boolean {
  if (input === "") return false;
  if (input === pattern) return true;
  if (!pattern.includes("/")) {
    const segments = input.split("/");
    const last = segments[segments.length - 1];
    return regex.test((last === "" ? segments[segments.length - 2] : last) as string);
  }
  return regex.exec(input) !== null;
}

function keptPatterns(commonDir: string, digest: string): Kept {
  const empty: Kept = { picomatch: digest, patterns: Object.create(null) };
  const text = readCache(commonDir, CACHE);
  if (text === undefined) return empty;
  try {
    const value = JSON.parse(text) as Partial<Kept>;
    if (value.picomatch !== digest || typeof value.patterns !== "object" || value.patterns === null) return empty;
    const patterns: Kept["patterns"] = Object.create(null);
    for (const [p, v] of Object.entries(value.patterns)) {
      if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string")
        patterns[p] = [v[0], v[1]];
    }
    return { picomatch: digest, patterns };
  } catch {
    return empty;
  }
}
