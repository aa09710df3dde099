import type { DependencyKind, Importer, Lockfile, LockPackage, SourceKind } from "../model.js";
import { type ParseInput, setLineIndexer } from "./context.js";
import { describeValue, isRecord, parseError } from "./errors.js";
import { computeReachabilityFlags } from "./graph.js";
import { parseBerryChecksum } from "./integrity.js";
import { parseJsonObject } from "./json.js";
import { classifyResolved, gitCommit, newPackage, splitNameAt } from "./source.js";
import { type NameSuspect, setNameSuspects } from "./suspects.js";
import { parseYarnSyntax, splitDescriptors, type YarnMap } from "./yarn-syntax.js";

type Resolver = (name: string, range: string) => string | undefined;

/**
 * yarn berry (`__metadata.version` 4 to 10). Ids are resolutions (`name@npm:1.2.3`); entries
 * resolving to `@workspace:` are importers. `checksum` hashes yarn's cache zip, so it is kept with
 * subject "yarn-cache". Protocols yarn does not define (plugins such as babel's `condition:`) are
 * source "other" with the protocol kept in `resolved`.
 */
export async function parseYarnBerry(input: ParseInput): Promise<Lockfile> {
  const doc = parseYarnSyntax(input.path, input.text, "berry");
  const meta = doc.root.__metadata;
  const version = typeof meta === "object" && typeof meta.version === "string" ? meta.version : undefined;
  if (version === undefined || !/^\d+$/.test(version) || Number(version) < 4 || Number(version) > 10) {
    throw parseError(
      input.path,
      `unknown yarn lockfile __metadata.version ${describeValue(version)} (rampart reads 4 to 10)`,
      doc.lines.get("__metadata"),
    );
  }
  // Checksums without a "<cacheKey>/" prefix (metadata 6 and older) use the metadata's cacheKey.
  const cacheKey = typeof meta === "object" && typeof meta.cacheKey === "string" ? meta.cacheKey : undefined;
  const lockfile: Lockfile = {
    format: "yarn-berry",
    formatVersion: version,
    path: input.path,
    packages: [],
    edges: [],
    importers: [],
  };
  const byDescriptor = new Map<string, string>();
  const entries: Array<[string, YarnMap]> = [];
  const importerLines = new Map<string, number>();
  const seen = new Set<string>();
  const suspects: NameSuspect[] = [];
  setLineIndexer(lockfile, () => importerLines);
  for (const [key, entry] of Object.entries(doc.root)) {
    if (key === "__metadata") continue;
    const line = doc.lines.get(key);
    if (typeof entry === "string" || typeof entry.resolution !== "string") {
      throw parseError(input.path, `entry ${key} has no resolution`, line);
    }
    const id = workspaceImporterId(entry.resolution) ?? entry.resolution;
    if (seen.has(id)) throw parseError(input.path, `resolution ${entry.resolution} appears in two entries`, line);
    seen.add(id);
    for (const d of splitDescriptors(key)) {
      if (byDescriptor.has(d)) throw parseError(input.path, `${d} appears in two entries`, line);
      byDescriptor.set(d, id);
    }
    entries.push([id, entry]);
    if (id.startsWith("importer:")) {
      lockfile.importers.push(toImporter(id, entry));
      if (line !== undefined) importerLines.set(id, line);
    } else {
      const pkg = toPackage(id, key, entry, suspects, cacheKey);
      if (line !== undefined) pkg.line = line;
      lockfile.packages.push(pkg);
    }
  }
  const resolve: Resolver = (name, range) =>
    byDescriptor.get(`${name}@${range}`) ?? byDescriptor.get(`${name}@npm:${range}`);
  const importerKinds = await readImporterKinds(input, lockfile.importers);
  for (const [id, entry] of entries) addEdges(id, entry, resolve, lockfile, importerKinds.get(id));
  computeReachabilityFlags(lockfile, { dev: true, optional: true });
  setNameSuspects(lockfile, suspects);
  return lockfile;
}

/** The package a descriptor asks for: "a@npm:^1" -> a, "a@npm:b@^1" -> b; other protocols: undefined. */
function requestedName(descriptor: string): string | undefined {
  const [name, range] = splitNameAt(descriptor);
  if (range.startsWith("npm:")) {
    const target = range.slice(4);
    return /^(@[^/@]+\/)?[^/@]+@/.test(target) ? splitNameAt(target)[0] : name;
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(range) ? undefined : name; // bare ranges mean npm:
}

/** "name@workspace:packages/a" -> "importer:packages/a" (yarn URL-encodes nothing in workspace paths). */
function workspaceImporterId(resolution: string): string | undefined {
  const [, range] = splitNameAt(resolution);
  return range.startsWith("workspace:") ? `importer:${range.slice("workspace:".length) || "."}` : undefined;
}

function toImporter(id: string, entry: YarnMap): Importer {
  const [name] = splitNameAt(entry.resolution as string);
  return { id, path: id.slice("importer:".length), name, dependencies: [] };
}

function toPackage(
  id: string,
  key: string,
  entry: YarnMap,
  suspects: NameSuspect[],
  cacheKey: string | undefined,
): LockPackage {
  const [name, range] = splitNameAt(id);
  const { source, resolved } = describeProtocol(range);
  const pkg = newPackage(id, name, typeof entry.version === "string" ? entry.version : "", source);
  pkg.resolved = resolved;
  pkg.integrity = parseBerryChecksum(typeof entry.checksum === "string" ? entry.checksum : undefined, cacheKey);
  const descriptors = splitDescriptors(key);
  const installNames = new Set(descriptors.map((d) => splitNameAt(d)[0]));
  installNames.delete(name);
  if (installNames.size > 0) pkg.aliases = [...installNames];
  const declared = descriptors.map(requestedName).find((n) => n !== undefined && n !== name);
  if (declared !== undefined && source === "registry") suspects.push({ id, declared });
  if (typeof entry.conditions === "string") applyConditions(pkg, entry.conditions);
  if (source === "patch") {
    const inner = /^patch:(.+?)#(.+?)(::|$)/.exec(range);
    if (inner?.[1] !== undefined && inner[2] !== undefined) {
      pkg.patch = { of: decodeURIComponent(inner[1]), path: inner[2] };
    }
  }
  if (source === "git") {
    const commit = gitCommit(range) ?? /[#&]commit=([0-9a-f]{40})/.exec(range)?.[1];
    if (commit !== undefined) pkg.commit = commit;
  }
  return pkg;
}

/** Source kind from a resolution's range: "npm:1.2.3", "patch:...", "link:...", "https://...", "condition:...". */
function describeProtocol(range: string): { source: SourceKind; resolved: string } {
  const protocol = /^([a-z][a-z0-9+.-]*):/i.exec(range)?.[1]?.toLowerCase();
  if (protocol === "npm") return { source: "registry", resolved: range };
  if (protocol === "patch") return { source: "patch", resolved: range };
  if (protocol === "link" || protocol === "portal") return { source: "link", resolved: range };
  if (protocol === "file") return { source: "file", resolved: range };
  if (protocol === "git" || protocol === "git+ssh" || protocol === "git+https" || protocol === "github") {
    return { source: "git", resolved: range };
  }
  if (protocol === "http" || protocol === "https") {
    return { source: /\.git(#|$)|#commit=/.test(range) ? "git" : classifyResolved(range), resolved: range };
  }
  return { source: "other", resolved: range };
}

function applyConditions(pkg: LockPackage, conditions: string): void {
  // "os=darwin & cpu=arm64", or negated "!os=win32", written as npm does: os ["!win32"].
  for (const part of conditions.split("&")) {
    const m = /^\s*(!?)(os|cpu|libc)=(\S+)\s*$/.exec(part);
    if (m === null) continue;
    const field = m[2] as "os" | "cpu" | "libc";
    const list = pkg[field] ?? [];
    list.push(`${m[1]}${m[3]}`);
    pkg[field] = list;
  }
}

/** A workspace entry merges dependencies and devDependencies; its package.json says which is which. */
async function readImporterKinds(input: ParseInput, importers: Importer[]) {
  const kinds = new Map<string, Map<string, DependencyKind>>();
  await Promise.all(
    importers.map(async (importer) => {
      const rel = importer.path === "." ? "package.json" : `${importer.path}/package.json`;
      const text = await input.readSibling(rel);
      const byName = new Map<string, DependencyKind>();
      if (text !== undefined) {
        const manifest = parseJsonObject(rel, text);
        if (typeof manifest.version === "string") importer.version = manifest.version;
        for (const [field, kind] of [
          ["devDependencies", "dev"],
          ["optionalDependencies", "optional"],
          ["dependencies", "prod"],
        ] as const) {
          const deps = manifest[field];
          if (isRecord(deps)) for (const name of Object.keys(deps)) byName.set(name, kind);
        }
      }
      kinds.set(importer.id, byName);
    }),
  );
  return kinds;
}

function addEdges(
  from: string,
  entry: YarnMap,
  resolve: Resolver,
  lockfile: Lockfile,
  kinds?: Map<string, DependencyKind>,
) {
  const deps = entry.dependencies;
  const meta = typeof entry.dependenciesMeta === "object" ? entry.dependenciesMeta : undefined;
  const importer = kinds === undefined ? undefined : importerById(lockfile, from);
  if (typeof deps === "object") {
    for (const [name, range] of Object.entries(deps)) {
      if (typeof range !== "string") continue;
      const depMeta = meta?.[name];
      const optional = typeof depMeta === "object" && depMeta.optional === "true";
      const kind: DependencyKind = kinds?.get(name) ?? (optional ? "optional" : "prod");
      const to = resolve(name, range);
      if (to !== undefined) lockfile.edges.push({ from, to, name, spec: range, kind });
      importer?.dependencies.push({ name, spec: range, kind, ...(to === undefined ? {} : { resolvesTo: to }) });
    }
  }
  const peers = entry.peerDependencies;
  if (importer !== undefined && typeof peers === "object") {
    for (const [name, range] of Object.entries(peers)) {
      if (typeof range === "string") importer.dependencies.push({ name, spec: range, kind: "peer" });
    }
  }
}

const importerIndex = new WeakMap<Lockfile, Map<string, Importer>>();

function importerById(lockfile: Lockfile, id: string): Importer | undefined {
  let index = importerIndex.get(lockfile);
  if (index === undefined) {
    index = new Map(lockfile.importers.map((i) => [i.id, i]));
    importerIndex.set(lockfile, index);
  }
  return index.get(id);
}
