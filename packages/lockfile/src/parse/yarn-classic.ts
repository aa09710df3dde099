import type { Importer, Lockfile, LockPackage } from "../model.js";
import type { ParseInput } from "./context.js";
import { parseError } from "./errors.js";
import { computeReachabilityFlags } from "./graph.js";
import { parseSri } from "./integrity.js";
import { manifestDependencies, readManifest } from "./npm-v1.js";
import { classifyResolved, gitCommit, newPackage, parseNpmAlias, splitNameAt } from "./source.js";
import { parseYarnSyntax, splitDescriptors, type YarnMap } from "./yarn-syntax.js";

/**
 * yarn.lock v1. Each entry's key lists the specifiers (`name@range`) it satisfies; the id is the key
 * as yarn would write it. The root importer comes from package.json beside the lockfile.
 */
export async function parseYarnClassic(input: ParseInput): Promise<Lockfile> {
  const doc = parseYarnSyntax(input.path, input.text, "classic");
  const lockfile: Lockfile = {
    format: "yarn-classic",
    formatVersion: "1",
    path: input.path,
    packages: [],
    edges: [],
    importers: [],
  };
  const bySpecifier = new Map<string, string>();
  const entries: Array<[LockPackage, YarnMap]> = [];
  for (const [raw, entry] of Object.entries(doc.root)) {
    const line = doc.lines.get(raw);
    if (typeof entry === "string") throw parseError(input.path, `top-level key ${raw} has no entry`, line);
    const specifiers = splitDescriptors(raw);
    const first = specifiers[0];
    if (first === undefined) throw parseError(input.path, "an entry with an empty key", line);
    const pkg = toPackage(specifiers.join(", "), first, entry, input.path, line);
    if (line !== undefined) pkg.line = line;
    for (const s of specifiers) bySpecifier.set(s, pkg.id);
    entries.push([pkg, entry]);
    lockfile.packages.push(pkg);
  }
  for (const [pkg, entry] of entries) {
    for (const [field, kind] of [
      ["dependencies", "prod"],
      ["optionalDependencies", "optional"],
    ] as const) {
      const deps = entry[field];
      if (deps === undefined || typeof deps === "string") continue;
      for (const [name, range] of Object.entries(deps)) {
        const to = bySpecifier.get(`${name}@${range}`);
        if (to !== undefined) lockfile.edges.push({ from: pkg.id, to, name, spec: String(range), kind });
      }
    }
  }
  lockfile.importers.push(await rootImporter(input, bySpecifier, lockfile));
  computeReachabilityFlags(lockfile, { dev: true, optional: true });
  return lockfile;
}

function toPackage(id: string, specifier: string, entry: YarnMap, file: string, line: number | undefined): LockPackage {
  const [installName, range] = splitNameAt(specifier);
  const alias = parseNpmAlias(range);
  const version = entry.version;
  if (typeof version !== "string") throw parseError(file, `entry ${id} has no version`, line);
  const resolvedField = typeof entry.resolved === "string" ? entry.resolved : undefined;
  // file:/link: dependencies have no `resolved`; their specifier says where they come from.
  const resolved = resolvedField ?? (/^(file|link):/.test(range) ? range : undefined);
  const pkg = newPackage(id, alias?.name ?? installName, version, classifyResolved(resolved));
  if (resolved !== undefined) pkg.resolved = resolved;
  if (alias !== undefined) pkg.aliases = [installName];
  pkg.integrity = parseSri(typeof entry.integrity === "string" ? entry.integrity : undefined);
  if (pkg.source === "git" && resolved !== undefined) {
    const commit = gitCommit(resolved);
    if (commit !== undefined) pkg.commit = commit;
  }
  return pkg;
}

async function rootImporter(
  input: ParseInput,
  bySpecifier: Map<string, string>,
  lockfile: Lockfile,
): Promise<Importer> {
  const manifest = await readManifest(input, "package.json");
  const importer: Importer = { id: "importer:.", path: ".", dependencies: [] };
  if (typeof manifest.name === "string") importer.name = manifest.name;
  if (typeof manifest.version === "string") importer.version = manifest.version;
  for (const dep of manifestDependencies(manifest)) {
    const to = bySpecifier.get(`${dep.name}@${dep.spec}`);
    if (to !== undefined) {
      dep.resolvesTo = to;
      lockfile.edges.push({ from: importer.id, to, name: dep.name, spec: dep.spec, kind: dep.kind });
    }
    importer.dependencies.push(dep);
  }
  return importer;
}
