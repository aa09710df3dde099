import * as path from "node:path";

/**
 * `secrets.ignorePaths`: globs matched against repo-relative, forward-slash paths. Node >= 22.14
 * has a stable `path.matchesGlob`; older 22.x lack it or warn, so a small matcher covers them.
 */
type Matcher = (file: string, glob: string) => boolean;

const native = (path.posix as { matchesGlob?: Matcher }).matchesGlob;

export function compileIgnore(globs: readonly string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  const match: Matcher = native ?? matchGlob;
  // A glob without a slash matches the name in any folder, as in .gitignore.
  const expanded = globs.flatMap((g) => (g.includes("/") ? [g.replace(/^\.?\//, "")] : [g, `**/${g}`]));
  return (file) => expanded.some((g) => match(file, g) || (g.endsWith("/**") && match(file, g.slice(0, -3))));
}

const cache = new Map<string, RegExp>();

/** `*` within a segment, `**` across segments, `?` one character, `{a,b}` alternatives. */
export function matchGlob(file: string, glob: string): boolean {
  let re = cache.get(glob);
  if (re === undefined) {
    re = new RegExp(`^${globToRegExp(glob)}$`);
    cache.set(glob, re);
  }
  return re.test(file);
}

function globToRegExp(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      out += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "{") out += "(?:";
    else if (c === "}") out += ")";
    else if (c === "," && out.includes("(?:")) out += "|";
    else out += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  return out;
}
