import { posix } from "node:path";
import { RampartError } from "@rampart/core/errors";
import type { DependencyKind, Importer, Lockfile, LockPackage } from "@rampart/lockfile";
import { packageLine } from "@rampart/lockfile/parse";
import { importerComponent, packageComponent } from "./components.js";
import type { HashAlgorithmName } from "./identity.js";
import { computeReach, type Scope, strongerKind, strongerScope } from "./reach.js";
import { isPlainText, showText, unwritableChar } from "./text.js";

/** What a package.json tells beyond the lockfile (from the workspace or node_modules). */
export interface Manifest {
  name?: string;
  version?: string;
  description?: string;
  license?: string;
  author?: string;
}

export interface InventoryComponent {
  /** bom-ref: the purl for registry packages, `workspace:<path>` / `<source>:<path>` for first-party ones. */
  ref: string;
  name: string;
  version?: string;
  firstParty: boolean;
  source: LockPackage["source"];
  purl?: string;
  scope: Scope;
  hashes: Array<{ algorithm: HashAlgorithmName; hex: string }>;
  downloadUrl?: string;
  vcsUrl?: string;
  license?: string;
  description?: string;
  author?: string;
  /** Sorted [name, value] pairs (CycloneDX properties). */
  properties: Array<[string, string]>;
}

export interface Inventory {
  root: InventoryComponent;
  /** Every component but the root, sorted by ref. */
  components: InventoryComponent[];
  /** ref -> dependency ref -> strongest edge kind. Every component (and the root) has an entry. */
  dependencies: Map<string, Map<string, DependencyKind>>;
  warnings: string[];
}

export interface InventoryOptions {
  includeDev: boolean;
  /** Name or path of one workspace: its SBOM and transitive closure only. */
  workspace?: string;
  /** Used for placeholder names (the project directory's name). */
  projectName: string;
  /** package.json data of importers, by importer id. */
  importerManifests?: Map<string, Manifest>;
  /** package.json data from node_modules, by name@version. */
  packageManifests?: Map<string, Manifest>;
}

/** The lockfile model as SBOM components: one per name@version, first-party ones marked, with the graph. */
export function buildInventory(lockfile: Lockfile, options: InventoryOptions): Inventory {
  const warnings: string[] = [];
  const rootImporter = pickRoot(lockfile, options);
  const roots = options.workspace === undefined ? lockfile.importers.map((i) => i.id) : [rootImporter.id];
  const reach = computeReach(lockfile, roots);
  const refOf = new Map<string, string>();
  const components: InventoryComponent[] = [];
  let root: InventoryComponent | undefined;
  for (const importer of lockfile.importers) {
    if (!reach.scopes.has(importer.id)) continue;
    refuseUnwritableImporter(lockfile, importer, options);
    const c = importerComponent(importer, options, warnings);
    refOf.set(importer.id, c.ref);
    if (importer.id === rootImporter.id) root = c;
    else components.push(c);
  }
  const groups = groupPackages(lockfile, reach.scopes, options);
  const usedRefs = new Set(components.map((c) => c.ref).concat(root ? [root.ref] : []));
  for (const [key, group] of groups) {
    for (const p of group.members) refuseUnwritable(lockfile, p);
    const c = packageComponent(key, group, lockfile.format, options, warnings);
    if (usedRefs.has(c.ref)) c.ref = `${c.ref}#${key}`;
    usedRefs.add(c.ref);
    for (const p of group.members) refOf.set(p.id, c.ref);
    components.push(c);
  }
  if (root === undefined) root = importerComponent(rootImporter, options, warnings);
  const dependencies = new Map<string, Map<string, DependencyKind>>([[root.ref, new Map()]]);
  for (const c of components) dependencies.set(c.ref, new Map());
  const known = new Set([...lockfile.packages.map((p) => p.id), ...lockfile.importers.map((i) => i.id)]);
  for (const e of lockfile.edges) {
    const from = refOf.get(e.from);
    const to = refOf.get(e.to);
    if (!known.has(e.to))
      warnings.push(`${lockfile.path}: ${e.from} depends on ${e.to}, which the lockfile does not define`);
    if (from === undefined || to === undefined || from === to) continue;
    const deps = dependencies.get(from) as Map<string, DependencyKind>;
    deps.set(to, strongerKind(deps.get(to), e.kind));
  }
  components.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return { root, components, dependencies, warnings };
}

const TEXT_HINT =
  "no package manager writes that: the lockfile was damaged or edited by hand; `rampart lockfile check` judges the entry, then delete it and reinstall";

/**
 * A lockfile entry whose name, version, URL, licence (or, as written into a property, npm install
 * path, patch path or yarn cache checksum) has text no SBOM can carry (see text.ts) ends the run,
 * naming the file, the line and the entry: the package cannot be written as it is (a purl of it
 * would not even encode), and an SBOM that leaves a package out, or names one no registry has,
 * would be a wrong inventory that reads as a complete one. SRI integrity is written as hex only
 * when it decodes (identity.ts), so its text is not checked.
 */
function refuseUnwritable(lockfile: Lockfile, p: LockPackage): void {
  // The common case in one pass of cheap tests: ~11M instructions on nodejs.org's 2,611 entries.
  if (
    isPlainText(p.name) &&
    isPlainText(p.version) &&
    (p.resolved === undefined || isPlainText(p.resolved)) &&
    (p.license === undefined || isPlainText(p.license)) &&
    (lockfile.format !== "npm" || isPlainText(p.id)) &&
    p.patch === undefined &&
    lockfile.format !== "yarn-berry"
  )
    return;
  const fields: Array<[string, string | undefined]> = [
    ["name", p.name],
    ["version", p.version],
    ["key", lockfile.format === "npm" ? p.id : undefined],
    ["resolved URL", p.resolved],
    ["licence", p.license],
    ["patch", p.patch?.path],
  ];
  for (const i of p.integrity) if (i.subject === "yarn-cache") fields.push(["checksum", i.raw]);
  for (const [what, value] of fields) {
    const bad = value === undefined ? undefined : unwritableChar(value);
    if (bad === undefined) continue;
    const line = packageLine(lockfile, p.id);
    throw new RampartError(
      "SBOM_LOCKFILE_TEXT_INVALID",
      `the ${what} of ${showText(p.name)}@${showText(p.version)} (entry ${showText(p.id)}) has ${bad}, a character no SBOM can carry`,
      { file: lockfile.path, ...(line === undefined ? {} : { line }), hint: TEXT_HINT },
    );
  }
}

/** The same for a workspace: its lockfile entry, then what its package.json adds. */
function refuseUnwritableImporter(lockfile: Lockfile, importer: Importer, options: InventoryOptions): void {
  const manifest = options.importerManifests?.get(importer.id);
  const fields: Array<[string, string | undefined, boolean]> = [
    ["path", importer.path, false],
    ["name", importer.name, false],
    ["version", importer.version, false],
    ["name", manifest?.name, true],
    ["version", manifest?.version, true],
    ["licence", manifest?.license, true],
    ["description", manifest?.description, true],
    ["author", manifest?.author, true],
  ];
  for (const [what, value, fromManifest] of fields) {
    const bad = value === undefined ? undefined : unwritableChar(value);
    if (bad === undefined) continue;
    const manifestFile = posix.join(posix.dirname(lockfile.path), importer.path, "package.json");
    throw new RampartError(
      "SBOM_LOCKFILE_TEXT_INVALID",
      `the ${what} of workspace ${showText(importer.path)} has ${bad}, a character no SBOM can carry`,
      fromManifest
        ? { file: manifestFile, hint: "fix the package.json (no package manager writes that character there)" }
        : { file: lockfile.path, hint: TEXT_HINT },
    );
  }
}

function pickRoot(lockfile: Lockfile, options: InventoryOptions): Importer {
  if (options.workspace !== undefined) {
    const want = options.workspace.replace(/^\.\//, "").replace(/\/$/, "") || ".";
    const found = lockfile.importers.find((i) => i.path === want || importerName(i, options) === want);
    if (found) return found;
    const names = lockfile.importers.map((i) => importerName(i, options) ?? i.path).sort();
    throw new RampartError("SBOM_WORKSPACE_NOT_FOUND", `no workspace named ${options.workspace}`, {
      file: lockfile.path,
      hint: `workspaces: ${names.slice(0, 12).join(", ")}${names.length > 12 ? `, ... (${names.length} in all)` : ""}`,
    });
  }
  return (
    lockfile.importers.find((i) => i.path === ".") ??
    lockfile.importers[0] ?? { id: "importer:.", path: ".", dependencies: [] }
  );
}

function importerName(i: Importer, options: InventoryOptions): string | undefined {
  return options.importerManifests?.get(i.id)?.name ?? i.name;
}

export interface Group {
  members: LockPackage[];
  scope: Scope;
}

function groupPackages(lockfile: Lockfile, scopes: Map<string, Scope>, options: InventoryOptions): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const p of lockfile.packages) {
    // Packages no importer reaches (extraneous entries, pnpm's unreferenced metadata) keep the
    // lockfile's own flags in a full SBOM; a workspace SBOM holds only its closure.
    const scope = scopes.get(p.id) ?? (options.workspace === undefined ? flagScope(p) : undefined);
    if (scope === undefined || (scope === "excluded" && !options.includeDev)) continue;
    const key = `${p.name}@${p.version}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { members: [p], scope });
    else {
      g.members.push(p);
      g.scope = strongerScope(g.scope, scope);
    }
  }
  return groups;
}

function flagScope(p: LockPackage): Scope {
  return p.dev ? "excluded" : p.optional ? "optional" : "required";
}
