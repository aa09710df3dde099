import { RampartError } from "@rampart/core/errors";
import type { DependencyKind, Importer, Lockfile, LockPackage } from "@rampart/lockfile";
import { importerComponent, packageComponent } from "./components.js";
import type { HashAlgorithmName } from "./identity.js";
import { computeReach, type Scope, strongerKind, strongerScope } from "./reach.js";

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
    const c = importerComponent(importer, options, warnings);
    refOf.set(importer.id, c.ref);
    if (importer.id === rootImporter.id) root = c;
    else components.push(c);
  }
  const groups = groupPackages(lockfile, reach.scopes, options);
  const usedRefs = new Set(components.map((c) => c.ref).concat(root ? [root.ref] : []));
  for (const [key, group] of groups) {
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
