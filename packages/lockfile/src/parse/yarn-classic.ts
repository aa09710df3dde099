import { relative, resolve, sep } from "node:path";
import type { Importer, Lockfile, LockPackage } from "../model.js";
import type { ParseInput } from "./context.js";
import { parseError } from "./errors.js";
import { computeReachabilityFlags } from "./graph.js";
import { parseSri } from "./integrity.js";
import { parseJsonObject } from "./json.js";
import { manifestDependencies, readManifest } from "./npm-v1.js";
import { classifyResolved, gitCommit, newPackage, parseNpmAlias, splitNameAt } from "./source.js";
import { expandWorkspaces } from "./workspaces.js";
import { parseYarnSyntax, splitDescriptors, type YarnMap } from "./yarn-syntax.js";

/**
 * yarn.lock v1. Each entry's key lists the specifiers (`name@range`) it satisfies; the id is the key
 * as yarn would write it. Importers come from package.json beside the lockfile and its `workspaces`.
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
    for (const s of specifiers) {
      if (bySpecifier.has(s)) throw parseError(input.path, `${s} appears in two entries`, line);
      bySpecifier.set(s, pkg.id);
    }
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
  await addImporters(input, bySpecifier, lockfile);
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

/**
 * yarn 1 records a `file:`/`link:` path relative to the project's root (an absolute
 * `file:/opt/pkgs/x.tgz` becomes `file:../../opt/pkgs/x.tgz`): the spec as yarn wrote it.
 */
function yarnFilePath(spec: string, lockDir: string | undefined, importerDir: string): string {
  const m = /^(file|link):(.+)$/.exec(spec);
  if (m?.[1] === undefined || m[2] === undefined || lockDir === undefined) return spec;
  const target = resolve(lockDir, importerDir, m[2]);
  return `${m[1]}:${relative(lockDir, target).split(sep).join("/")}`;
}

/** The root importer, then one per workspace `package.json` names (yarn v1 keeps none in the lockfile). */
async function addImporters(input: ParseInput, bySpecifier: Map<string, string>, lockfile: Lockfile): Promise<void> {
  const manifest = await readManifest(input, "package.json");
  const dirs = await expandWorkspaces(manifest, input.listDir);
  const manifests: Array<[string, Record<string, unknown>]> = [[".", manifest]];
  for (const dir of dirs) {
    const text = await input.readSibling(`${dir}/package.json`);
    if (text !== undefined) manifests.push([dir, parseJsonObject(`${dir}/package.json`, text)]);
  }
  const workspaceByName = new Map<string, string>();
  for (const [dir, m] of manifests) if (typeof m.name === "string") workspaceByName.set(m.name, `importer:${dir}`);
  for (const [dir, m] of manifests) {
    const importer: Importer = { id: `importer:${dir}`, path: dir, dependencies: [] };
    if (typeof m.name === "string") importer.name = m.name;
    if (typeof m.version === "string") importer.version = m.version;
    for (const dep of manifestDependencies(m)) {
      // A dependency on a sibling workspace has no lockfile entry: yarn links it.
      const to =
        bySpecifier.get(`${dep.name}@${dep.spec}`) ??
        bySpecifier.get(`${dep.name}@${yarnFilePath(dep.spec, input.dir, dir)}`) ??
        workspaceByName.get(dep.name);
      if (to !== undefined && to !== importer.id) {
        dep.resolvesTo = to;
        lockfile.edges.push({ from: importer.id, to, name: dep.name, spec: dep.spec, kind: dep.kind });
      }
      importer.dependencies.push(dep);
    }
    lockfile.importers.push(importer);
  }
}
