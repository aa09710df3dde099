import { posix } from "node:path";
import type { DependencyKind, Importer, Lockfile, LockPackage } from "../model.js";
import type { ParseInput } from "./context.js";
import { scanLines, setLineIndexer } from "./context.js";
import { asString, describeValue, isRecord, parseError } from "./errors.js";
import { computeReachabilityFlags } from "./graph.js";
import { type KeyStyle, makePackage, refCandidates } from "./pnpm-package.js";
import { readPnpmYaml } from "./pnpm-yaml.js";
import { newPackage } from "./source.js";
import { setYamlSource } from "./suspects.js";
import { parseYamlObject } from "./yaml.js";

type Entry = Record<string, unknown>;

const DEP_FIELDS: Array<[string, DependencyKind]> = [
  ["dependencies", "prod"],
  ["devDependencies", "dev"],
  ["optionalDependencies", "optional"],
];

/** pnpm-lock.yaml 5.x (`/name/version_peer`), 6.x (`/name@version(peer)`) and 9.x (`packages` + `snapshots`). */
export async function parsePnpm(input: ParseInput): Promise<Lockfile> {
  // pnpm's own layout read directly; anything else (or anything unusual in it) by the generic reader.
  const data = readPnpmYaml(input.text) ?? (await parseYamlObject(input.path, input.text));
  const formatVersion = asString(data.lockfileVersion);
  const major = formatVersion === undefined ? Number.NaN : Number.parseFloat(formatVersion);
  const style: KeyStyle | undefined =
    major >= 5 && major < 6 ? "v5" : major >= 6 && major < 9 ? "v6" : major === 9 ? "v9" : undefined;
  if (style === undefined || formatVersion === undefined) {
    throw parseError(
      input.path,
      `unknown pnpm lockfileVersion ${describeValue(data.lockfileVersion)} (rampart reads 5.x, 6.x and 9.0)`,
      1,
    );
  }
  const lockfile: Lockfile = {
    format: "pnpm",
    formatVersion,
    path: input.path,
    packages: [],
    edges: [],
    importers: [],
  };
  const byId = new Map<string, LockPackage>();
  const metaSection = section(input.path, data, "packages");
  const patches = patchPaths(data.patchedDependencies);
  const graphSection = style === "v9" ? section(input.path, data, "snapshots") : metaSection;
  for (const [key, entry] of Object.entries(graphSection)) {
    if (!isRecord(entry)) throw parseError(input.path, `packages entry ${key} is not a mapping`);
    const pkg = makePackage(key, entry, style, style === "v9" ? metaSection : undefined, patches);
    byId.set(key, pkg);
    lockfile.packages.push(pkg);
  }
  if (style === "v9") addUnsnapshotted(metaSection, byId, lockfile, patches);
  const importers = isRecord(data.importers) ? data.importers : { ".": data };
  for (const [path, entry] of Object.entries(importers)) {
    if (!isRecord(entry)) throw parseError(input.path, `importers entry ${path} is not a mapping`);
    lockfile.importers.push({ id: `importer:${path}`, path, dependencies: [] });
  }
  const importerPaths = new Set(lockfile.importers.map((i) => i.path));
  const resolve = (name: string, ref: string, fromDir: string) => {
    if (ref.startsWith("link:")) return linkTarget(ref.slice(5), fromDir, importerPaths, byId, lockfile, name);
    for (const candidate of refCandidates(name, ref, style)) if (byId.has(candidate)) return candidate;
    return undefined;
  };
  for (const importer of lockfile.importers)
    fillImporter(importer, importers[importer.path] as Entry, style, resolve, lockfile);
  for (const pkg of [...byId.values()]) addPackageEdges(pkg, graphSection[pkg.id], resolve, lockfile);
  if (style === "v9") computeReachabilityFlags(lockfile, { dev: true, optional: true });
  if (isRecord(data.catalogs)) lockfile.catalogs = readCatalogs(data.catalogs);
  if (isRecord(data.overrides))
    lockfile.overrides = Object.fromEntries(Object.entries(data.overrides).map(([k, v]) => [k, String(v)]));
  setLineIndexer(lockfile, () => indexPnpmLines(input.text, lockfile));
  setYamlSource(lockfile, input.text);
  return lockfile;
}

function section(file: string, data: Entry, name: string): Entry {
  const value = data[name];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw parseError(file, `"${name}" is not a mapping`);
  return value;
}

function patchPaths(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    const path = isRecord(v) ? asString(v.path) : asString(v);
    if (path !== undefined) out.set(key, path);
  }
  return out;
}

/** v9 `packages` entries that no snapshot uses still belong in the model (pnpm keeps them for a reason). */
function addUnsnapshotted(
  meta: Entry,
  byId: Map<string, LockPackage>,
  lockfile: Lockfile,
  patches: Map<string, string>,
) {
  const used = new Set<string>();
  for (const id of byId.keys()) used.add(baseKey(id));
  for (const [key, entry] of Object.entries(meta)) {
    if (used.has(key) || !isRecord(entry)) continue;
    const pkg = makePackage(key, {}, "v9", meta, patches);
    byId.set(key, pkg);
    lockfile.packages.push(pkg);
  }
}

export function baseKey(key: string): string {
  const paren = key.indexOf("(");
  return paren < 0 ? key : key.slice(0, paren);
}

type Resolve = (name: string, ref: string, fromDir: string) => string | undefined;

function linkTarget(
  target: string,
  fromDir: string,
  importers: Set<string>,
  byId: Map<string, LockPackage>,
  lockfile: Lockfile,
  name: string,
) {
  const path = posix.normalize(posix.join(fromDir, target)).replace(/\/$/, "") || ".";
  if (importers.has(path)) return `importer:${path}`;
  const id = `link:${path}`;
  if (!byId.has(id)) {
    const pkg = newPackage(id, name, "", "link");
    pkg.resolved = `link:${path}`;
    byId.set(id, pkg);
    lockfile.packages.push(pkg);
  }
  return id;
}

function fillImporter(importer: Importer, entry: Entry, style: KeyStyle, resolve: Resolve, lockfile: Lockfile) {
  const specifiers = isRecord(entry.specifiers) ? entry.specifiers : {};
  for (const [field, kind] of DEP_FIELDS) {
    const deps = entry[field];
    if (!isRecord(deps)) continue;
    for (const [name, value] of Object.entries(deps)) {
      // v5 keeps specifiers in their own map; v6+ nests {specifier, version}.
      const ref = style === "v5" ? refOf(value) : isRecord(value) ? refOf(value.version) : refOf(value);
      const spec =
        style === "v5" ? asString(specifiers[name]) : isRecord(value) ? asString(value.specifier) : undefined;
      const dep = { name, spec: spec ?? ref ?? "", kind } as Importer["dependencies"][number];
      const to = ref === undefined ? undefined : resolve(name, ref, importer.path);
      if (to !== undefined) {
        dep.resolvesTo = to;
        lockfile.edges.push({ from: importer.id, to, name, spec: dep.spec, kind });
      }
      importer.dependencies.push(dep);
    }
  }
}

function addPackageEdges(pkg: LockPackage, entry: unknown, resolve: Resolve, lockfile: Lockfile) {
  if (!isRecord(entry)) return;
  for (const [field, kind] of [
    ["dependencies", "prod"],
    ["optionalDependencies", "optional"],
  ] as const) {
    const deps = entry[field];
    if (!isRecord(deps)) continue;
    for (const [name, value] of Object.entries(deps)) {
      const ref = refOf(value);
      const to = ref === undefined ? undefined : resolve(name, ref, ".");
      if (to !== undefined) lockfile.edges.push({ from: pkg.id, to, name, spec: ref, kind });
    }
  }
}

/**
 * A dependency's reference as pnpm 12 reads it: the text as written; the readers here type a plain
 * `true`/`false` (`version: true` is evil@true to pnpm 12; dropped, it hid the edge).
 */
function refOf(value: unknown): string | undefined {
  return typeof value === "boolean" ? String(value) : asString(value);
}

function readCatalogs(value: Entry): NonNullable<Lockfile["catalogs"]> {
  const out: NonNullable<Lockfile["catalogs"]> = {};
  for (const [catalog, entries] of Object.entries(value)) {
    if (!isRecord(entries)) continue;
    const map: Record<string, { specifier: string; version: string }> = {};
    for (const [name, v] of Object.entries(entries)) {
      if (isRecord(v)) map[name] = { specifier: asString(v.specifier) ?? "", version: asString(v.version) ?? "" };
    }
    out[catalog] = map;
  }
  return out;
}

/** Entry lines of `packages:` (and, for v9 ids, the metadata entry the id's base key names). */
function indexPnpmLines(text: string, lockfile: Lockfile): Map<string, number> {
  let section = "";
  const lines = scanLines(text, (line, n, out) => {
    if (line !== "" && line[0] !== " ") section = line;
    if (!line.startsWith("  ") || line[2] === " " || !line.endsWith(":")) return;
    if (section === "packages:") out.set(unquote(line.slice(2, -1)), n);
    else if (section === "importers:") out.set(`importer:${unquote(line.slice(2, -1))}`, n);
  });
  for (const p of lockfile.packages) {
    if (!lines.has(p.id)) {
      const base = lines.get(baseKey(p.id));
      if (base !== undefined) lines.set(p.id, base);
    }
  }
  return lines;
}

function unquote(key: string): string {
  if (key.startsWith("'") && key.endsWith("'")) return key.slice(1, -1).replaceAll("''", "'");
  if (key.startsWith('"') && key.endsWith('"')) return JSON.parse(key) as string;
  return key;
}
