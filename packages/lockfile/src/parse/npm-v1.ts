import type { DependencyKind, Edge, Importer, Lockfile, LockPackage } from "../model.js";
import type { ParseInput } from "./context.js";
import { setLineIndexer } from "./context.js";
import { asString, isRecord, parseError } from "./errors.js";
import { parseSri } from "./integrity.js";
import { parseJsonObject } from "./json.js";
import { fillCommon, resolveNodeModules } from "./npm-common.js";
import { classifyResolved, newPackage, parseNpmAlias } from "./source.js";
import { setAliasEdges } from "./suspects.js";

type Entry = Record<string, unknown>;

/**
 * lockfileVersion 1: a nested `dependencies` tree whose keys are install names. Ids are the install
 * paths npm v2+ would use ("node_modules/a/node_modules/b"), so the model reads the same. v1 has no
 * workspaces and does not record the root's declarations, so the root importer comes from the
 * package.json beside the lockfile.
 */
export async function parseNpmV1(input: ParseInput, data: Entry): Promise<Lockfile> {
  const lockfile: Lockfile = {
    format: "npm",
    formatVersion: "1",
    path: input.path,
    packages: [],
    edges: [],
    importers: [],
  };
  const byKey = new Map<string, Entry>();
  const stack: Array<[string, unknown]> = [["", data.dependencies]];
  while (stack.length > 0) {
    const [base, deps] = stack.pop() as [string, unknown];
    if (deps === undefined) continue;
    if (!isRecord(deps)) throw parseError(input.path, `"dependencies" of ${base || "the root"} is not an object`);
    for (const [name, entry] of Object.entries(deps)) {
      const key = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
      if (!isRecord(entry)) throw parseError(input.path, `dependency ${key} is not an object`);
      byKey.set(key, entry);
      lockfile.packages.push(toPackage(key, name, entry));
      stack.push([key, entry.dependencies]);
    }
  }
  // Without the package graph (ParseLockfileOptions.packageEdges), only the requires of the
  // aliased install paths' names are resolved: the edges the alias check needs.
  const aliased = new Set(lockfile.packages.filter((p) => p.aliases !== undefined).map((p) => p.id));
  const names = new Set(lockfile.packages.flatMap((p) => p.aliases ?? []));
  const aliasEdges: Edge[] = [];
  const graph = input.packageEdges !== false;
  for (const pkg of graph || names.size > 0 ? lockfile.packages : []) {
    const requires = (byKey.get(pkg.id) as Entry).requires;
    if (!isRecord(requires)) continue;
    const wanted = graph ? Object.keys(requires) : [...names].filter((n) => Object.hasOwn(requires, n));
    for (const name of wanted) {
      const to = resolveNodeModules(byKey, pkg.id, name);
      if (to === undefined) continue;
      // v1 does not say which requires are optional; the target's own flag is the best evidence.
      const kind: DependencyKind = byKey.get(to)?.optional === true ? "optional" : "prod";
      const edge: Edge = { from: pkg.id, to, name, spec: asString(requires[name]) ?? "", kind };
      if (graph) lockfile.edges.push(edge);
      if (aliased.has(to)) aliasEdges.push(edge);
    }
  }
  lockfile.importers.push(await rootImporter(input, byKey, lockfile.edges));
  for (const edge of lockfile.edges) if (edge.from === "importer:." && aliased.has(edge.to)) aliasEdges.push(edge);
  setAliasEdges(lockfile, aliasEdges);
  setLineIndexer(lockfile, () => indexTreeLines(input.text));
  return lockfile;
}

function toPackage(key: string, installName: string, entry: Entry): LockPackage {
  const rawVersion = asString(entry.version) ?? "";
  const alias = parseNpmAlias(rawVersion);
  const name = alias?.name ?? installName;
  // Non-registry v1 entries keep their spec in `version` ("git+https://...#sha", "file:../x").
  const specVersion = /^[a-z+]+:/i.test(rawVersion) && alias === undefined;
  const resolved = asString(entry.resolved) ?? (specVersion ? rawVersion : undefined);
  const pkg = newPackage(key, name, alias?.range ?? (specVersion ? "" : rawVersion), classifyResolved(resolved));
  if (specVersion) pkg.version = rawVersion;
  if (alias !== undefined) pkg.aliases = [installName];
  if (resolved !== undefined) pkg.resolved = resolved;
  pkg.integrity = parseSri(asString(entry.integrity));
  pkg.dev = entry.dev === true;
  pkg.optional = entry.optional === true;
  // Only a package nested in another can be in that one's bundle: npm installs a top-level entry
  // flagged `bundled` like any other. (v1 does not record bundleDependencies, so a nested flag
  // cannot be checked against its parent's list.)
  if (entry.bundled === true && key.includes("/node_modules/")) pkg.bundled = true;
  fillCommon(pkg, entry);
  return pkg;
}

async function rootImporter(input: ParseInput, byKey: Map<string, Entry>, edges: Edge[]): Promise<Importer> {
  const manifest = await readManifest(input, "package.json");
  const importer: Importer = { id: "importer:.", path: ".", dependencies: [] };
  if (typeof manifest.name === "string") importer.name = manifest.name;
  if (typeof manifest.version === "string") importer.version = manifest.version;
  for (const dep of manifestDependencies(manifest)) {
    const to = resolveNodeModules(byKey, "", dep.name);
    if (to !== undefined) {
      dep.resolvesTo = to;
      edges.push({ from: importer.id, to, name: dep.name, spec: dep.spec, kind: dep.kind });
    }
    importer.dependencies.push(dep);
  }
  return importer;
}

/** Reads and parses a package.json next to the lockfile; its absence is a parse failure. */
export async function readManifest(input: ParseInput, relative: string): Promise<Entry> {
  const text = await input.readSibling(relative);
  if (text === undefined) {
    throw parseError(
      input.path,
      `${relative} beside the lockfile is missing; it is needed to know what the project declares`,
    );
  }
  return parseJsonObject(relative, text);
}

const MANIFEST_FIELDS: Array<[string, DependencyKind]> = [
  ["dependencies", "prod"],
  ["devDependencies", "dev"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
];

/** A package.json's declarations; optionalDependencies also listed in dependencies count once, as optional. */
export function manifestDependencies(manifest: Entry) {
  const out = new Map<string, { name: string; spec: string; kind: DependencyKind; resolvesTo?: string }>();
  for (const [field, kind] of MANIFEST_FIELDS) {
    const deps = manifest[field];
    if (!isRecord(deps)) continue;
    for (const [name, spec] of Object.entries(deps)) {
      if (kind === "peer" && out.has(name)) continue;
      out.set(name, { name, spec: asString(spec) ?? "", kind });
    }
  }
  return [...out.values()];
}

/**
 * Entry lines of the nested tree: a stack of `"name": {` keys by indentation gives the install path.
 * Only lines holding `": {` can be entry lines: native indexOf finds them, each such line is read
 * from its start as `<spaces>"<key>": {` (entryKey), and newlines are counted between hits, so the
 * other lines (`"version": "1.0.0",` and the like: most of the file) are never sliced or matched.
 */
function indexTreeLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const stack: Array<{ indent: number; key: string }> = [];
  let line = 1;
  let counted = 0;
  for (let at = text.indexOf('": {'); at !== -1; ) {
    const start = text.lastIndexOf("\n", at) + 1;
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    at = text.indexOf('": {', end);
    const indent = spacesAt(text, start);
    const close = keyEnd(text, start + indent);
    if (close < 0 || !text.startsWith('": {', close)) continue;
    for (let i = text.indexOf("\n", counted); i !== -1 && i < start; i = text.indexOf("\n", i + 1)) line++;
    counted = start;
    while (stack.length > 0 && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
    const raw = text.slice(start + indent + 1, close);
    stack.push({ indent, key: raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw });
    if (stack.length % 2 !== 0 || stack[stack.length - 2]?.key !== "dependencies") continue;
    let path = "";
    for (let i = 1; i < stack.length; i += 2)
      path += `${i === 1 ? "" : "/"}node_modules/${(stack[i] as { key: string }).key}`;
    out.set(path, line);
  }
  return out;
}

/** How many spaces `text` has from `at` on. */
function spacesAt(text: string, at: number): number {
  let n = 0;
  while (text.charCodeAt(at + n) === 0x20) n++;
  return n;
}

/**
 * Where the JSON string starting at `at` (its opening quote) ends: the offset of its closing quote,
 * or -1 when `at` holds no quote or the string runs into a line end (an escape is a backslash and
 * any other character). What `"((?:[^"\\\n]|\\.)*)"` matches there, without a regular expression
 * run (and its match array) per line.
 */
function keyEnd(text: string, at: number): number {
  if (text.charCodeAt(at) !== 0x22) return -1;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i;
    if (c === 0x0a) return -1;
    if (c === 0x5c) {
      const next = text.charCodeAt(i + 1);
      // `.` matches no line terminator
      if (Number.isNaN(next) || next === 0x0a || next === 0x0d || next === 0x2028 || next === 0x2029) return -1;
      i++;
    }
  }
  return -1;
}
