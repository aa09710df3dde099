/**
 * Merges rampart's entries into a package.json text without disturbing the rest: the file's own
 * indentation, line endings, key order and final newline are kept; new keys go last, and a
 * dependency map that was sorted stays sorted (npm and pnpm sort it that way).
 */
export interface PackageJsonWants {
  devDependencies: Record<string, string>;
  /** Scripts to set; an existing different value is extended with `&& value` (prepare) or kept. */
  scripts: Record<string, string>;
}

/** What changed, so that uninstall can undo exactly that and nothing else. */
export interface PackageJsonEdits {
  addedDevDependencies: Record<string, string>;
  /** Script name -> the value it had before (null when rampart added the script). */
  scripts: Record<string, string | null>;
  /** Dependencies the user already pins at another version: kept, reported. */
  keptDevDependencies: Record<string, string>;
}

export function mergePackageJson(text: string, wants: PackageJsonWants): { text: string; edits: PackageJsonEdits } {
  const pkg = JSON.parse(text) as Record<string, unknown>;
  const edits: PackageJsonEdits = { addedDevDependencies: {}, scripts: {}, keptDevDependencies: {} };
  const deps = asRecord(pkg.devDependencies);
  const prodDeps = asRecord(pkg.dependencies);
  for (const [name, version] of Object.entries(wants.devDependencies)) {
    const have = deps[name] ?? prodDeps[name];
    if (have === undefined) edits.addedDevDependencies[name] = version;
    else if (have !== version) edits.keptDevDependencies[name] = have;
  }
  if (Object.keys(edits.addedDevDependencies).length > 0) {
    pkg.devDependencies = addKeys(deps, edits.addedDevDependencies);
  }
  const scripts = asRecord(pkg.scripts);
  let scriptsChanged = false;
  for (const [name, value] of Object.entries(wants.scripts)) {
    const have = scripts[name];
    if (have === undefined) {
      edits.scripts[name] = null;
      scripts[name] = value;
      scriptsChanged = true;
    } else if (!have.split("&&").some((part) => part.trim() === value || part.trim().startsWith(`${value} `))) {
      edits.scripts[name] = have;
      scripts[name] = `${have} && ${value}`;
      scriptsChanged = true;
    }
  }
  if (scriptsChanged) pkg.scripts = scripts;
  return { text: stringifyLike(text, pkg), edits };
}

/** Undoes `edits` on the current text; entries the user changed since are left alone. */
export function unmergePackageJson(text: string, edits: PackageJsonEdits): string {
  const pkg = JSON.parse(text) as Record<string, unknown>;
  const deps = asRecord(pkg.devDependencies);
  for (const [name, version] of Object.entries(edits.addedDevDependencies)) {
    if (deps[name] === version) delete deps[name];
  }
  if (pkg.devDependencies !== undefined) {
    if (Object.keys(deps).length === 0) delete pkg.devDependencies;
    else pkg.devDependencies = deps;
  }
  const scripts = asRecord(pkg.scripts);
  for (const [name, before] of Object.entries(edits.scripts)) {
    const now = scripts[name];
    if (now === undefined) continue;
    if (before === null) {
      if (/^(cd [^&]+&& )?husky( |$)|^pinst --(disable|enable)$/.test(now)) delete scripts[name];
    } else if (now.startsWith(`${before} && `)) scripts[name] = before;
  }
  if (pkg.scripts !== undefined) {
    if (Object.keys(scripts).length === 0) delete pkg.scripts;
    else pkg.scripts = scripts;
  }
  return stringifyLike(text, pkg);
}

function asRecord(value: unknown): Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? { ...(value as Record<string, string>) }
    : {};
}

function addKeys(into: Record<string, string>, add: Record<string, string>): Record<string, string> {
  const keys = Object.keys(into);
  const sorted = keys.every((k, i) => i === 0 || (keys[i - 1] ?? "") <= k);
  const merged = { ...into, ...add };
  if (!sorted) return merged;
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** JSON.stringify with the original file's indentation, line ending and final newline. */
export function stringifyLike(original: string, value: unknown): string {
  const indentMatch = /^[{[][^\n]*\n([ \t]+)\S/.exec(original);
  const indent = indentMatch?.[1] ?? "  ";
  const eol = original.includes("\r\n") ? "\r\n" : "\n";
  const finalNewline = /\r?\n$/.test(original) || original === "";
  let out = JSON.stringify(value, null, indent);
  if (eol !== "\n") out = out.replace(/\n/g, eol);
  return finalNewline ? out + eol : out;
}
