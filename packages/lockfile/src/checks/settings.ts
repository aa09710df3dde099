import { join } from "node:path";
import { isRecord } from "../parse/errors.js";
import { parseJsonObject } from "../parse/json.js";

/** What the repository's own package-manager configuration says about registries and builds. */
export interface RepoSettings {
  /** Hosts of every registry the repo configures (default and scoped). */
  registryHosts: Set<string>;
  /** "@scope" -> host of the registry that scope must come from. */
  scopeHosts: Map<string, string>;
  /** Host of the default (unscoped) registry the config names, the last one read; absent: the tool's own default. */
  defaultRegistryHost?: string;
  /** Names pnpm may build (onlyBuiltDependencies, allowBuilds: true). */
  allowedBuilds: Set<string>;
  /** Names whose builds pnpm never runs (allowBuilds: false, ignoredBuiltDependencies, neverBuiltDependencies). */
  deniedBuilds: Set<string>;
  /** npm `ignore-scripts=true` or yarn `enableScripts: false`: no install script runs at all. */
  scriptsDisabled: boolean;
  /** Catalogs (pnpm-workspace.yaml, .yarnrc.yml): catalog name ("default" for `catalog:`) -> package -> range. */
  catalogs: Map<string, Map<string, string>>;
  /** The config files read, for messages. */
  files: string[];
}

type Read = (relative: string) => Promise<string | undefined>;

/** Reads .npmrc, .yarnrc, .yarnrc.yml, pnpm-workspace.yaml and package.json's "pnpm" in each dir. */
export async function readRepoSettings(dirs: string[], read: Read = readFromDisk): Promise<RepoSettings> {
  const s: RepoSettings = {
    registryHosts: new Set(),
    scopeHosts: new Map(),
    allowedBuilds: new Set(),
    deniedBuilds: new Set(),
    scriptsDisabled: false,
    catalogs: new Map(),
    files: [],
  };
  for (const dir of [...new Set(dirs)]) {
    const at = (name: string) => (dir === "." || dir === "" ? name : join(dir, name));
    const text = async (name: string) => {
      const content = await read(at(name));
      if (content !== undefined) s.files.push(at(name));
      return content;
    };
    const npmrc = await text(".npmrc");
    if (npmrc !== undefined) applyNpmrc(s, npmrc);
    const yarnrc = await text(".yarnrc");
    if (yarnrc !== undefined) applyYarnrc(s, yarnrc);
    const yarnrcYml = await text(".yarnrc.yml");
    if (yarnrcYml !== undefined) applyYarnrcYml(s, await parseYaml(at(".yarnrc.yml"), yarnrcYml));
    const workspace = await text("pnpm-workspace.yaml");
    if (workspace !== undefined) applyPnpm(s, await parseYaml(at("pnpm-workspace.yaml"), workspace));
    const manifest = await read(at("package.json"));
    if (manifest !== undefined) applyPnpm(s, parseJsonObject(at("package.json"), manifest).pnpm);
  }
  return s;
}

async function readFromDisk(path: string): Promise<string | undefined> {
  try {
    // Synchronous, like checkLockfile's reader: config files are small, and fs/promises costs its load.
    return process.getBuiltinModule("node:fs").readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** A host from a registry URL ("https://npm.example.com/path/" -> "npm.example.com"). */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function addRegistry(s: RepoSettings, url: string, scope?: string): void {
  const host = hostOf(url.trim().replace(/^["']|["']$/g, ""));
  if (host === undefined) return;
  s.registryHosts.add(host);
  if (scope === undefined) s.defaultRegistryHost = host;
  if (scope !== undefined) s.scopeHosts.set(scope.startsWith("@") ? scope : `@${scope}`, host);
}

function applyNpmrc(s: RepoSettings, text: string): void {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === "registry") addRegistry(s, value);
    else if (/^@[^:]+:registry$/.test(key)) addRegistry(s, value, key.slice(0, key.indexOf(":")));
    else if (key === "ignore-scripts" && value === "true") s.scriptsDisabled = true;
  }
}

function applyYarnrc(s: RepoSettings, text: string): void {
  for (const m of text.matchAll(/^\s*(?:"?(@[^":\s]+):)?registry"?\s+"?([^"\s]+)"?/gm))
    addRegistry(s, m[2] as string, m[1]);
}

function applyYarnrcYml(s: RepoSettings, data: Record<string, unknown>): void {
  if (typeof data.npmRegistryServer === "string") addRegistry(s, data.npmRegistryServer);
  if (isRecord(data.npmScopes)) {
    for (const [scope, cfg] of Object.entries(data.npmScopes)) {
      if (isRecord(cfg) && typeof cfg.npmRegistryServer === "string") addRegistry(s, cfg.npmRegistryServer, scope);
    }
  }
  if (data.enableScripts === false) s.scriptsDisabled = true;
  applyCatalogs(s, data);
}

function applyCatalogs(s: RepoSettings, data: Record<string, unknown>): void {
  const add = (catalog: string, entries: unknown) => {
    if (!isRecord(entries)) return;
    const map = s.catalogs.get(catalog) ?? new Map<string, string>();
    for (const [name, range] of Object.entries(entries)) if (typeof range === "string") map.set(name, range);
    s.catalogs.set(catalog, map);
  };
  add("default", data.catalog);
  if (isRecord(data.catalogs)) for (const [name, entries] of Object.entries(data.catalogs)) add(name, entries);
}

function applyPnpm(s: RepoSettings, data: unknown): void {
  if (!isRecord(data)) return;
  if (typeof data.registry === "string") addRegistry(s, data.registry);
  // `registries: {default: url, "@scope": url}`, the shape pnpm reports its resolved config in.
  if (isRecord(data.registries)) {
    for (const [key, url] of Object.entries(data.registries)) {
      if (typeof url === "string") addRegistry(s, url, key === "default" ? undefined : key);
    }
  }
  applyCatalogs(s, data);
  for (const name of stringList(data.onlyBuiltDependencies)) s.allowedBuilds.add(name);
  for (const name of stringList(data.ignoredBuiltDependencies)) s.deniedBuilds.add(name);
  for (const name of stringList(data.neverBuiltDependencies)) s.deniedBuilds.add(name);
  if (isRecord(data.allowBuilds)) {
    for (const [name, allowed] of Object.entries(data.allowBuilds)) {
      // Keys may pin a version ("esbuild@0.25.0"); the check is by name.
      const bare = /^(@?[^@]+)@./.exec(name)?.[1] ?? name;
      (allowed === true ? s.allowedBuilds : s.deniedBuilds).add(bare);
    }
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The YAML reader loads only when a repository has YAML config (an npm project has none). */
async function parseYaml(file: string, text: string): Promise<Record<string, unknown>> {
  return (await import("../parse/yaml.js")).parseYamlObject(file, text);
}
