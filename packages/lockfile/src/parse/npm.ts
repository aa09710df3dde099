import type { DependencyKind, Edge, Importer, ImporterDependency, Lockfile, LockPackage } from "../model.js";
import type { ParseInput } from "./context.js";
import { lineOfText, setLineLookup } from "./context.js";
import { asString, describeValue, isRecord, parseError } from "./errors.js";
import { parseSri } from "./integrity.js";
import { parseJsonObject } from "./json.js";
import { fillCommon, nestingParents, resolveNodeModules } from "./npm-common.js";
import { parseNpmV1 } from "./npm-v1.js";
import { classifyResolved, newPackage } from "./source.js";
import { setAliasEdges } from "./suspects.js";

type Entry = Record<string, unknown>;

const DEP_FIELDS: Array<[string, DependencyKind]> = [
  ["dependencies", "prod"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
  ["devDependencies", "dev"],
];

/** package-lock.json / npm-shrinkwrap.json, lockfileVersion 1, 2 and 3. */
export async function parseNpm(input: ParseInput): Promise<Lockfile> {
  const data = parseJsonObject(input.path, input.text);
  const version = data.lockfileVersion;
  if (version === 1) return parseNpmV1(input, data);
  if (version !== 2 && version !== 3) {
    throw parseError(input.path, `unknown npm lockfileVersion ${describeValue(version)} (rampart reads 1, 2 and 3)`);
  }
  if (!isRecord(data.packages)) throw parseError(input.path, `lockfileVersion ${version} without a "packages" object`);
  const lockfile = parsePackagesSection(input.path, String(version), data.packages, input.packageEdges !== false);
  setLineLookup(lockfile, (id) => keyLine(lockfile, input.text, id));
  return lockfile;
}

function parsePackagesSection(
  path: string,
  formatVersion: string,
  entries: Record<string, unknown>,
  packageEdges: boolean,
): Lockfile {
  const lockfile: Lockfile = { format: "npm", formatVersion, path, packages: [], edges: [], importers: [] };
  const byKey = new Map<string, Entry>();
  const importerKeys = new Set<string>();
  // for-in rather than Object.entries: no [key, value] array per entry on this hot path.
  for (const key in entries) {
    const entry = entries[key];
    if (!isRecord(entry)) throw parseError(path, `packages["${key}"] is not an object`);
    byKey.set(key, entry);
    if (!isInstallPath(key)) importerKeys.add(key);
  }
  // A link entry whose target is an importer is that workspace, not a package of its own.
  const linkTo = new Map<string, string>();
  for (const [key, entry] of byKey) {
    if (!isInstallPath(key)) continue;
    const resolved = asString(entry.resolved);
    if (entry.link === true && resolved !== undefined && importerKeys.has(resolved)) {
      linkTo.set(key, `importer:${resolved === "" ? "." : resolved}`);
      continue;
    }
    lockfile.packages.push(toPackage(key, entry, byKey));
  }
  const parents = nestingParents(byKey.keys());
  const roots = new Map<string, string | null>();
  const target = (fromKey: string, name: string): string | undefined => {
    const key = resolveNodeModules(byKey, fromKey, name, parents, roots);
    return key === undefined ? undefined : (linkTo.get(key) ?? key);
  };
  for (const key of importerKeys)
    lockfile.importers.push(toImporter(key, byKey.get(key) as Entry, target, lockfile.edges));
  if (packageEdges)
    for (const pkg of lockfile.packages) addEdges(pkg.id, byKey.get(pkg.id) as Entry, target, lockfile.edges, false);
  setAliasEdges(lockfile, aliasEdges(lockfile, importerKeys, byKey, target));
  confirmBundles(lockfile, byKey, target);
  return lockfile;
}

/** The install path an entry is nested in ("" for the project's own node_modules). */
function nestedIn(key: string): string {
  const i = key.lastIndexOf("/node_modules/");
  return i >= 0 ? key.slice(0, i) : key.startsWith("node_modules/") ? "" : key;
}

function bundleList(entry: Entry | undefined): readonly string[] {
  const bd = entry?.bundleDependencies ?? entry?.bundledDependencies;
  if (Array.isArray(bd)) return bd.filter((n): n is string => typeof n === "string");
  // `true` bundles every dependency (package.json's shorthand).
  if (bd === true && isRecord(entry?.dependencies)) return Object.keys(entry.dependencies);
  return [];
}

/**
 * The lockfile's `inBundle` flag, as npm itself decides it (arborist's Node#getBundler): npm
 * recomputes it from the tree and fetches any package that is not inside a dependency's bundle,
 * whatever the flag says. An entry is inside one when the package it is nested under is, or lists
 * it in bundleDependencies, or is its bundler through a bundled package that depends on it (deduped
 * to the bundling level). A bundle of the project or a workspace is installed as any dependency.
 * An entry flagged but not bundled loses the flag, so its integrity and URL are judged (attacker:
 * a top-level `inBundle: true` with no hash passed as clean, and npm ci installed it unverified).
 */
function confirmBundles(lockfile: Lockfile, byKey: Map<string, Entry>, target: Target): void {
  const flagged = lockfile.packages.filter((p) => p.bundled === true);
  if (flagged.length === 0) return;
  const memo = new Map<string, string | null>();
  const bundler = (key: string, path: Set<string>): string | null => {
    const known = memo.get(key);
    if (known !== undefined) return known;
    if (path.has(key) || !isInstallPath(key)) return null;
    path.add(key);
    const parent = nestedIn(key);
    let found: string | null = isInstallPath(parent) ? bundler(parent, path) : null;
    const name = key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
    if (found === null && isInstallPath(parent) && bundleList(byKey.get(parent)).includes(name)) found = parent;
    if (found === null && isInstallPath(parent)) {
      const under = `${parent}/node_modules/`;
      for (const [from, entry] of byKey) {
        if (from === key || !from.startsWith(under) || bundler(from, path) !== parent) continue;
        const depends = DEP_FIELDS.some(
          ([field, kind]) => kind !== "dev" && isRecord(entry[field]) && Object.hasOwn(entry[field], name),
        );
        if (depends && target(from, name) === key) {
          found = parent;
          break;
        }
      }
    }
    path.delete(key);
    memo.set(key, found);
    return found;
  };
  for (const pkg of flagged) if (bundler(pkg.id, new Set()) === null) delete pkg.bundled;
}

/**
 * The edges addEdges makes (importers', then packages') that reach an aliased install path, found
 * without the rest: such an edge names the install path's own name, so only those few names are
 * looked up in each entry's declarations.
 */
function aliasEdges(lockfile: Lockfile, importerKeys: Set<string>, byKey: Map<string, Entry>, target: Target): Edge[] {
  const aliased = new Set<string>();
  const names = new Set<string>();
  for (const pkg of lockfile.packages) {
    if (pkg.aliases === undefined) continue;
    aliased.add(pkg.id);
    for (const name of pkg.aliases) names.add(name);
  }
  const edges: Edge[] = [];
  if (aliased.size === 0) return edges;
  const visit = (from: string, key: string, withDev: boolean) => {
    const entry = byKey.get(key) as Entry;
    for (const [field, kind] of DEP_FIELDS) {
      if (kind === "dev" && !withDev) continue;
      const deps = entry[field];
      if (!isRecord(deps)) continue;
      for (const name of names) {
        if (!Object.hasOwn(deps, name)) continue;
        const to = target(key, name);
        if (to !== undefined && aliased.has(to)) edges.push({ from, to, name, spec: asString(deps[name]) ?? "", kind });
      }
    }
  };
  for (const key of importerKeys) visit(`importer:${key === "" ? "." : key}`, key, true);
  for (const pkg of lockfile.packages) visit(pkg.id, pkg.id, false);
  return edges;
}

function isInstallPath(key: string): boolean {
  return key.startsWith("node_modules/") || key.includes("/node_modules/");
}

function toPackage(key: string, entry: Entry, byKey: Map<string, Entry>): LockPackage {
  const keyName = key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
  const name = asString(entry.name) ?? keyName;
  const resolved = asString(entry.resolved);
  const isLink = entry.link === true;
  const linkTarget = isLink && resolved !== undefined ? byKey.get(resolved) : undefined;
  const version = asString(entry.version) ?? asString(linkTarget?.version) ?? "";
  const pkg = newPackage(key, name, version, isLink ? "link" : classifyResolved(resolved));
  if (name !== keyName) pkg.aliases = [keyName];
  if (resolved !== undefined) pkg.resolved = resolved;
  pkg.integrity = parseSri(asString(entry.integrity));
  pkg.dev = entry.dev === true;
  pkg.optional = entry.optional === true;
  pkg.peer = entry.peer === true;
  pkg.hasInstallScript = entry.hasInstallScript === true;
  fillCommon(pkg, entry);
  if (entry.inBundle === true) pkg.bundled = true;
  return pkg;
}

function toImporter(key: string, entry: Entry, target: Target, edges: Edge[]): Importer {
  const id = `importer:${key === "" ? "." : key}`;
  const importer: Importer = { id, path: key === "" ? "." : key, dependencies: [] };
  const name = asString(entry.name);
  if (name !== undefined) importer.name = name;
  const version = asString(entry.version);
  if (version !== undefined) importer.version = version;
  importer.dependencies = addEdges(id, entry, target, edges, true, key);
  return importer;
}

type Target = (fromKey: string, name: string) => string | undefined;

/**
 * Adds an edge per declared dependency that resolves; returns the declarations (importers only:
 * a package's are not kept). Index and for-in loops: this runs for every entry, mostly before
 * V8 has optimised anything, where iterators and [key, value] arrays cost the most.
 */
function addEdges(from: string, entry: Entry, target: Target, edges: Edge[], withDev: boolean, key = from) {
  const declared: ImporterDependency[] = [];
  for (let f = 0; f < DEP_FIELDS.length; f++) {
    const [field, kind] = DEP_FIELDS[f] as [string, DependencyKind];
    if (kind === "dev" && !withDev) continue;
    const deps = entry[field];
    if (!isRecord(deps)) continue;
    for (const name in deps) {
      const spec = asString(deps[name]) ?? "";
      const to = target(key, name);
      if (to !== undefined) edges.push({ from, to, name, spec, kind });
      if (!withDev) continue;
      const dep: ImporterDependency = { name, spec, kind };
      if (to !== undefined) dep.resolvesTo = to;
      declared.push(dep);
    }
  }
  return declared;
}

/** `packages` keys sit at 4 spaces in npm's own formatting; importers are keyed by their path. */
function keyLine(lockfile: Lockfile, text: string, id: string): number | undefined {
  const key = id.startsWith("importer:") ? (id === "importer:." ? "" : id.slice("importer:".length)) : id;
  return lineOfText(lockfile, text, `\n    ${JSON.stringify(key)}: {`);
}
