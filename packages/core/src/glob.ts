import { createRequire } from "node:module";
import type picomatchType from "picomatch";

/**
 * The one glob matcher of the codebase (picomatch, posix flavour; loaded on first use). Paths are
 * repository-relative with forward slashes; branch names are matched as they are.
 *
 * Syntax: `*` any run within one path segment, `**` any number of segments, `?` one character,
 * `[abc]` / `[!abc]` a class, `{a,b}` alternatives, `\` escapes. A leading dot is not special
 * (`*` matches `.env`): these globs name files and branches a user wants to cover, and a dotfile
 * slipping through would be a hole. Bash extglobs (`+(a|b)`) are off: no format rampart reads has
 * them, and the policy or manifest holding a glob may come from the change under review.
 *
 * Why not `path.matchesGlob`: it is stable only from Node 24.8 (22.12 to 24.7 are experimental and
 * may warn), its minimatch changes with the Node release, and it cannot match dotfiles with `*`.
 */
const require = createRequire(import.meta.url);
let picomatch: typeof picomatchType | undefined;

// posix: `[!b]` is a negated class (without it picomatch also matches the text `[!b]` and a `!`).
const OPTIONS = { dot: true, noextglob: true, nonegate: true, posix: true } as const;
const cache = new Map<string, (path: string) => boolean>();

function compile(pattern: string): (path: string) => boolean {
  const match = cache.get(pattern);
  if (match === undefined) {
    picomatch ??= require("picomatch/posix") as typeof picomatchType;
    const compiled = picomatch(pattern, OPTIONS);
    cache.set(pattern, compiled);
    return compiled;
  }
  return match;
}

/** Whether `path` matches `pattern` as a whole (no negation: a leading `!` is literal). */
export function matchesGlob(path: string, pattern: string): boolean {
  return compile(pattern)(path);
}

/** Whether a string has glob syntax (so a literal path segment can be used as it is). */
export function isGlob(pattern: string): boolean {
  return /[*?[{\\]/.test(pattern);
}

/**
 * An include list (`hooks.protectedBranches`, `signatures.prePush.protectedBranches`): a name is
 * in when a pattern matches it; a later `!pattern` takes it back out, and a later plain pattern in
 * again (the last matching pattern wins). A list that starts with `!pattern` starts from
 * everything, so `["!wip/*"]` means every branch but wip/* instead of none: a protection list can
 * only err towards protecting more.
 */
export function compileGlobs(patterns: readonly string[]): (name: string) => boolean {
  const rules = patterns.filter((p) => p !== "" && p !== "!").map(toRule);
  const initial = rules[0]?.negated === true;
  return (name) => decide(rules, name, initial);
}

/**
 * A `.gitignore`-style list (`secrets.ignorePaths`) over repository-relative file paths:
 * - a pattern with no slash, or only a trailing one, matches at any depth (`*.snap`, `build/`);
 *   one with a slash at the start or in the middle is anchored at the root (`/a.txt`, `./a.txt`,
 *   `docs/*.md`);
 * - a pattern that matches a folder covers everything under it (`vendor` ignores `vendor/x/y`);
 *   a trailing slash matches folders only;
 * - `!pattern` takes back what an earlier pattern ignored (the last matching pattern wins).
 *
 * Unlike git, a `!pattern` can take back a file under an ignored folder (rampart matches each file
 * path, it does not prune folders while walking) and `#` is not a comment (a YAML list has its own).
 */
export function compileIgnore(patterns: readonly string[]): (file: string) => boolean {
  const rules = patterns.filter((p) => p !== "" && p !== "!").map((p) => toIgnoreRule(toRule(p)));
  if (rules.length === 0) return () => false;
  return (file) => decide(rules, file, false);
}

interface Rule {
  negated: boolean;
  test: (path: string) => boolean;
}

function toRule(raw: string): Rule & { pattern: string } {
  const negated = raw.startsWith("!");
  const pattern = negated ? raw.slice(1) : raw;
  return { negated, pattern, test: compile(pattern) };
}

function toIgnoreRule(rule: Rule & { pattern: string }): Rule {
  let p = rule.pattern;
  const folderOnly = p.endsWith("/");
  p = p.replace(/\/+$/, "");
  const anchored = p.includes("/");
  p = p.replace(/^(?:\.?\/)+/, "");
  const base = anchored ? p : `**/${p}`;
  const self = compile(base);
  const below = compile(`${base}/**/*`);
  return { negated: rule.negated, test: (path) => below(path) || (!folderOnly && self(path)) };
}

function decide(rules: readonly Rule[], path: string, initial: boolean): boolean {
  let result = initial;
  for (const rule of rules) if (rule.negated === result && rule.test(path)) result = !rule.negated;
  return result;
}
