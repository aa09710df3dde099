import { cpSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot, tempDir } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { knownMatch } from "../src/hook/lint-staged-match.js";

// rampart decides "no staged file matches a lint-staged task" itself for the lint-staged and
// picomatch sources it was tested against, here: against the real lint-staged 17's own
// matchFiles, on every pattern x path pair below (dotfiles, negations, braces, extglobs, classes,
// spaces, unicode, the pattern as a literal file name), first compiled, then from the kept file.

const lintStaged = realpathSync(join(repoRoot, "bench", "node_modules", "lint-staged"));
type MatchFiles = (files: Array<{ filepath: string }>, pattern: string, cwd: string) => unknown[];
const real = async (): Promise<MatchFiles> =>
  ((await import(pathToFileURL(join(lintStaged, "lib", "matchFiles.js")).href)) as { matchFiles: MatchFiles })
    .matchFiles;

const PATTERNS = [
  "*.ts",
  "*.{js,ts}",
  "*.{js,jsx,ts,tsx}",
  "**/*.md",
  "src/**/*.ts",
  "src/*",
  "*/*.js",
  "**",
  "*",
  ".*",
  "**/.*rc",
  "*.[jt]s",
  "file?.ts",
  "[abc].js",
  "[!a]*.js",
  "docs/**",
  "**/docs/*.md",
  "{src,test}/**/*.ts",
  "!*.md",
  "!(*.md)",
  "!**/*.test.ts",
  "**/!(*.test).ts",
  "@(a|b).js",
  "+(x).js",
  "?(x).ts",
  "*(a).js",
  "*.min.js",
  "**/node_modules/**",
  "with space/*.txt",
  "*.txt",
  "ünïcödé/*.md",
  "*.md",
  "#*.md",
  "\\*.js",
  "a/b/c.js",
  "./a.ts",
  "*.TS",
  "**/*.{json,yml,yaml}",
  ".github/**/*.yml",
  "*.spec.ts",
  "src/**",
  "**/*",
  "[[:alpha:]]*.js",
  "*.{md",
  "a[",
  "{a,b",
  "**/*.d.ts",
  "*.{1..3}.js",
  "x/**/y/*.js",
  "*/",
  "$*.js",
  "a/(b).js",
  "(b).js",
];
const PATHS = [
  "a.ts",
  "src/a.ts",
  "src/deep/b.ts",
  "b.js",
  "x.js",
  "xx.js",
  "a.js",
  "aa.js",
  "c.js",
  "lib/x.min.js",
  ".eslintrc",
  "src/.babelrc",
  "dir/.hidden.md",
  "README.md",
  "docs/x.md",
  "docs/sub/y.md",
  "with space/file name.txt",
  "file name.txt",
  "ünïcödé/ß.md",
  "ß.md",
  "a/b/c.js",
  "[abc].js",
  "file1.ts",
  "fileA.ts",
  "test/a.spec.ts",
  "a.test.ts",
  "src/a.test.ts",
  "node_modules/a/b.js",
  "#x.md",
  "*.js",
  "a.TS",
  ".github/workflows/ci.yml",
  "x.json",
  "a.d.ts",
  "x/y/z.js",
  "x/m/y/z.js",
  "v.2.js",
  "$x.js",
  "a[",
  "x.ts",
  "a/(b).js",
  "(b).js",
  "x/(b).js",
];

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function gitDir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe("lint-staged's matching, decided without loading it (lint-staged 17.6.1, picomatch 4.0.7)", () => {
  it("agrees with lint-staged's matchFiles on every pattern and path, compiled and then kept", async () => {
    const matchFiles = await real();
    const cwd = "/repo/pkg";
    const common = gitDir();
    const usable = PATTERNS.filter((p) => {
      try {
        matchFiles([{ filepath: "a.ts" }], p, cwd);
        return true;
      } catch {
        // picomatch refuses it: rampart must not answer either (lint-staged reports it itself).
        expect(knownMatch(lintStaged, common, [p], ["a.ts"], cwd)).toBeUndefined();
        return false;
      }
    });
    expect(usable.length).toBeGreaterThan(40);
    let differences = 0;
    let matches = 0;
    for (const round of ["compiled", "kept"]) {
      if (round === "kept") {
        const kept = JSON.parse(readFileSync(join(common, "rampart", "lint-staged-match.json"), "utf8"));
        expect(Object.keys(kept.patterns).sort()).toEqual([...usable].sort());
      }
      // One call with every pattern first (compiles and keeps them all), then one per pair.
      expect(knownMatch(lintStaged, common, usable, PATHS, cwd)).toBe(true);
      for (const pattern of usable) {
        for (const path of PATHS) {
          const want = matchFiles([{ filepath: path }], pattern, cwd).length > 0;
          const got = knownMatch(lintStaged, common, [pattern], [path], cwd);
          if (got !== want) differences++;
          if (want) matches++;
          expect(got, `${round}: ${pattern} on ${path}`).toBe(want);
        }
      }
    }
    expect(differences).toBe(0);
    expect(matches).toBeGreaterThan(100); // the pairs are not all misses
  });

  it("serves the kept expression (a forged one shows it), and ignores one kept for another picomatch", () => {
    const common = gitDir();
    expect(knownMatch(lintStaged, common, ["*.ts"], ["src/a.ts"], "/r")).toBe(true);
    const file = join(common, "rampart", "lint-staged-match.json");
    const kept = JSON.parse(readFileSync(file, "utf8"));
    kept.patterns["*.ts"] = ["^nothing$", ""];
    writeFileSync(file, JSON.stringify(kept), { mode: 0o600 });
    expect(knownMatch(lintStaged, common, ["*.ts"], ["src/a.ts"], "/r")).toBe(false);
    writeFileSync(file, JSON.stringify({ ...kept, picomatch: "0".repeat(64) }), { mode: 0o600 });
    expect(knownMatch(lintStaged, common, ["*.ts"], ["src/a.ts"], "/r")).toBe(true);
  });

  it("does not answer for a lint-staged whose matchFiles.js, or a picomatch whose source, differs", () => {
    const dir = gitDir();
    const copy = join(dir, "node_modules", "lint-staged");
    mkdirSync(dirname(copy), { recursive: true });
    cpSync(lintStaged, copy, { recursive: true, dereference: true });
    const picomatch = join(dirname(lintStaged), "picomatch"); // where lint-staged resolves it (pnpm)
    cpSync(realpathSync(picomatch), join(dir, "node_modules", "picomatch"), { recursive: true, dereference: true });
    const common = gitDir();
    expect(knownMatch(copy, common, ["*.ts"], ["a.ts"], "/r")).toBe(true); // the copies as they are
    writeFileSync(join(dir, "node_modules", "picomatch", "lib", "utils.js"), "\n", { flag: "a" });
    expect(knownMatch(copy, common, ["*.ts"], ["a.ts"], "/r")).toBeUndefined();
    cpSync(realpathSync(picomatch), join(dir, "node_modules", "picomatch"), { recursive: true, dereference: true });
    expect(knownMatch(copy, common, ["*.ts"], ["a.ts"], "/r")).toBe(true);
    writeFileSync(join(copy, "lib", "matchFiles.js"), "\n", { flag: "a" });
    expect(knownMatch(copy, common, ["*.ts"], ["a.ts"], "/r")).toBeUndefined();
  });
});
