import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import * as nodeModule from "node:module";
import { basename, dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type ResolveResult, registerHooks } from "./narrow-imports.js";

// What @commitlint/load's result was derived from, recorded while it runs, so that the result
// can be kept and served only while every input is unchanged: each project file it loaded (the
// config, a local preset) by its digest, each package it loaded (presets extended at any depth,
// parser presets, plugins, commitlint itself) by the digest of its package.json (its version),
// and where each package was found from (a reinstall that moves a dependency is a change too).
// Node's module hooks see every module loaded (import and require, Node >= 22.15); load.js's
// two seams are observed through thin wrappers: the config cosmiconfig found (a function config
// computes its value on every load) and each rule it executes (a function rule, such as the
// scopes presets', reads the workspace on every load). Anything the recording cannot vouch for
// makes the config not cacheable: the hook then loads it on every commit, as commitlint does.

/** The inputs of one resolved config, each as it was when the config was loaded. */
export type Inputs = {
  /** Project files (outside node_modules) by content; null: absent. */
  files: Array<[path: string, digest: string | null]>;
  /** Each package loaded: its real root and the digest of its package.json. */
  packages: Array<[root: string, digest: string]>;
  /** Where a package was found from: a directory, the package name, the package's real root. */
  lookups: Array<[dir: string, name: string, root: string]>;
};

const OBSERVE = Symbol.for("rampart.hooks.commitlint-load");
type Observer = (event: "config" | "rule", value: unknown) => void;
const observers = globalThis as { [OBSERVE]?: Observer };

// load.js's imports answered by a wrapper (once per process: the module stays linked to it).
const SEAMS: Record<string, (real: string) => string> = {
  "./utils/load-config.js": (real) =>
    `import * as real from ${JSON.stringify(real)};\nexport * from ${JSON.stringify(real)};\n` +
    "export async function loadConfig(...args) {\n  const found = await real.loadConfig(...args);\n" +
    `  globalThis[Symbol.for(${JSON.stringify(OBSERVE.description)})]?.("config", found);\n  return found;\n}\n`,
  "@commitlint/execute-rule": (real) =>
    `import real from ${JSON.stringify(real)};\nexport * from ${JSON.stringify(real)};\n` +
    "export default async function executeRule(rule) {\n" +
    `  globalThis[Symbol.for(${JSON.stringify(OBSERVE.description)})]?.("rule", rule);\n  return real(rule);\n}\n`,
};
const wrapped = new Set<string>();

const requireCache = nodeModule.createRequire(import.meta.url).cache;

/** A resolution as Node's loader made it: [importer URL, specifier, URL, format]. */
export type Resolution = [parent: string, specifier: string, url: string, format: string | null];

/**
 * What commitlint resolved, loaded and executed while importing @commitlint/lint (its
 * resolutions are kept: resolving is most of what loading lint's ~80 small modules costs) and
 * while @commitlint/load ran (its inputs key the kept config).
 */
export class LoadRecording {
  /** Module URLs in the graph (the entries, and all they import or require, transitively). */
  readonly #graph = new Set<string>();
  /** Package roots in the graph: every module of such a package is in it too. */
  readonly #graphRoots = new Set<string>();
  /** Resolutions made while the phase is "lint". */
  readonly resolutions: Resolution[] = [];
  #phase: "lint" | "load" = "load";
  /** Bare specifiers resolved in the graph: [importer's directory, package name, resolved file]. */
  readonly #resolved = new Map<string, [string, string, string]>();
  /** Bare specifiers looked up from outside the graph, or that did not resolve: name → directories. */
  readonly #hints = new Map<string, string[]>();
  /** Why the result may not be kept (a function config or rule, an unobserved seam...). */
  readonly dynamic: string[] = [];
  #configFile: string | undefined;
  #sawConfig = false;
  #hooks: { deregister(): void } | undefined;
  /** require's cache before the run: jiti (TypeScript configs) puts the files it loads itself there. */
  #required: Set<string> | undefined;
  readonly #requiredDuring = new Set<string>();

  /** Starts recording the graphs of `entryURLs` (false: this Node has no module hooks). */
  start(entryURLs: readonly string[]): boolean {
    if (registerHooks === undefined) return false;
    for (const url of entryURLs) this.#add(url);
    this.#required = new Set(Object.keys(requireCache));
    observers[OBSERVE] = (event, value) => this.#observe(event, value);
    this.#hooks = registerHooks({
      resolve: (specifier, context, next) => {
        const parent = context.parentURL;
        const seam = SEAMS[specifier];
        if (seam !== undefined && parent?.endsWith("/@commitlint/load/lib/load.js") && this.#has(parent)) {
          const real = next(specifier, context);
          if (!real.url.startsWith("file:")) return real;
          wrapped.add(specifier);
          if (isBare(specifier)) this.#hint(specifier, parent);
          const url = `data:text/javascript;base64,${Buffer.from(seam(real.url)).toString("base64")}`;
          this.#add(url);
          this.#add(real.url);
          return { url, format: "module", shortCircuit: true };
        }
        let result: ResolveResult;
        try {
          result = next(specifier, context);
        } catch (error) {
          // Where a preset was looked for (resolve-extends then finds ESM-only ones itself).
          if (parent?.startsWith("file:") && isBare(specifier)) this.#hint(specifier, parent);
          throw error;
        }
        if (parent === undefined) return result;
        // resolve-extends looks presets up from a made-up "noop.js" in the config's directory,
        // not a module of the graph; the preset is then imported by its path.
        if (parent.startsWith("file:") && !this.#has(parent) && isBare(specifier)) this.#hint(specifier, parent);
        if (parent.startsWith("data:") && this.#phase === "lint" && this.#has(result.url)) {
          // A narrowed barrel (narrow-imports.ts: the same text each time) importing its files.
          this.resolutions.push([parent, specifier, result.url, result.format ?? null]);
          return result;
        }
        if (!this.#has(parent)) return result;
        this.#add(result.url);
        if (this.#phase === "lint" && parent.startsWith("file:") && /^(file|node):/.test(result.url)) {
          this.resolutions.push([parent, specifier, result.url, result.format ?? null]);
        }
        if (isBare(specifier) && parent.startsWith("file:") && result.url.startsWith("file:")) {
          const dir = lookupDir(fileURLToPath(parent));
          const name = packageName(specifier);
          this.#resolved.set(`${dir}\0${name}`, [dir, name, fileURLToPath(result.url)]);
        }
        return result;
      },
    });
    return true;
  }

  /** "lint": @commitlint/lint is being imported (its resolutions are kept); "load": the config. */
  phase(phase: "lint" | "load"): void {
    this.#phase = phase;
  }

  #hint(specifier: string, parent: string): void {
    const name = packageName(specifier);
    this.#hints.set(name, [...(this.#hints.get(name) ?? []), lookupDir(fileURLToPath(parent))]);
  }

  #add(url: string): void {
    this.#graph.add(url);
    const root = url.startsWith("file:") ? packageRoot(fileURLToPath(url)) : undefined;
    if (root !== undefined) this.#graphRoots.add(root);
  }

  #has(url: string): boolean {
    if (this.#graph.has(url)) return true;
    const root = url.startsWith("file:") ? packageRoot(fileURLToPath(url)) : undefined;
    return root !== undefined && this.#graphRoots.has(root);
  }

  /** A resolution made outside the graph (commitlint itself, found from the project). */
  note(dir: string, name: string, file: string): void {
    this.#resolved.set(`${dir}\0${name}`, [dir, name, file]);
  }

  stop(): void {
    this.#hooks?.deregister();
    this.#hooks = undefined;
    for (const file of Object.keys(requireCache)) if (!this.#required?.has(file)) this.#requiredDuring.add(file);
    if (observers[OBSERVE] !== undefined) delete observers[OBSERVE];
  }

  #observe(event: "config" | "rule", value: unknown): void {
    if (event === "config") {
      this.#sawConfig = true;
      const found = value as { config?: unknown; filepath?: unknown } | null;
      if (typeof found?.config === "function") this.dynamic.push("the config is a function");
      this.#configFile = typeof found?.filepath === "string" ? found.filepath : undefined;
    } else if (Array.isArray(value) && typeof value[1] === "function") {
      this.dynamic.push(`rule ${String(value[0])} is a function`);
    }
  }

  /**
   * The inputs to key the loaded config on (a config computed on each load, see `dynamic`: the
   * inputs that make it so), or why they are not known. `candidates`: the config
   * files commitlint looks for in `pkgDir` (their presence decides which one it reads).
   */
  inputs(pkgDir: string, candidates: readonly string[]): Inputs | { reason: string } {
    for (const seam of Object.keys(SEAMS)) {
      if (!wrapped.has(seam)) return { reason: `commitlint's ${seam} was not observed` };
    }
    if (!this.#sawConfig || this.#configFile === undefined) return { reason: "commitlint's config file was not seen" };
    const realDir = realpathSync(pkgDir);
    if (realpathSync(dirname(this.#configFile)) !== realDir) {
      return { reason: `commitlint read ${this.#configFile}, outside ${pkgDir}` };
    }
    const files = new Map<string, string | null>();
    for (const name of candidates) files.set(join(realDir, name), null);
    const graphFiles = [...this.#graph].filter((url) => url.startsWith("file:")).map((url) => fileURLToPath(url));
    const roots = new Set<string>(this.#graphRoots);
    for (const file of [...graphFiles, ...this.#requiredDuring]) {
      const root = packageRoot(file);
      if (root === undefined) files.set(file, null);
      else roots.add(root);
    }
    const lookups = new Map<string, [string, string, string]>();
    const found = new Set<string>();
    for (const [dir, name, file] of this.#resolved.values()) {
      const root = lookup(dir, name);
      if (root === undefined || !file.startsWith(root + sep)) {
        return { reason: `${name} (from ${dir}) is not where Node finds it in node_modules` };
      }
      lookups.set(`${dir}\0${name}`, [dir, name, root]);
      found.add(root);
      if (packageRoot(file) !== undefined) roots.add(root);
    }
    // A package reached by its path (resolve-extends finds ESM-only presets itself): where it is
    // found from, where it was looked for first, else the project or another package of the graph.
    for (const root of roots) {
      if (found.has(root)) continue;
      const name = packageName(root.slice(root.lastIndexOf(`${sep}node_modules${sep}`) + 14).replaceAll(sep, "/"));
      const places = [...new Set([...(this.#hints.get(name) ?? []), realDir, ...roots])];
      const place = places.find((dir) => dir !== root && lookup(dir, name) === root);
      if (place === undefined) return { reason: `${root} is not found from the project or another package` };
      lookups.set(`${place}\0${name}`, [place, name, root]);
    }
    const packages: Inputs["packages"] = [];
    for (const root of roots) {
      const digest = fileDigest(join(root, "package.json"));
      if (digest === null) return { reason: `${root} has no package.json` };
      packages.push([root, digest]);
    }
    return {
      files: [...files.keys()].sort().map((file) => [file, fileDigest(file)]),
      packages: packages.sort((a, b) => a[0].localeCompare(b[0])),
      lookups: [...lookups.values()],
    };
  }
}

/** True when every input is as it was recorded (a file, package or lookup that changed: false). */
export function inputsUnchanged(inputs: Inputs): boolean {
  for (const [file, digest] of inputs.files) if (fileDigest(file) !== digest) return false;
  for (const [root, digest] of inputs.packages) if (fileDigest(join(root, "package.json")) !== digest) return false;
  for (const [dir, name, root] of inputs.lookups) if (lookup(dir, name) !== root) return false;
  return true;
}

/** Well-formed resolutions (to file: or node: URLs only). */
export function isResolutions(value: unknown): value is Resolution[] {
  return (
    Array.isArray(value) &&
    value.every(
      (r) =>
        Array.isArray(r) &&
        r.length === 4 &&
        typeof r[0] === "string" &&
        typeof r[1] === "string" &&
        typeof r[2] === "string" &&
        /^(file|node):/.test(r[2]) &&
        (r[3] === null || typeof r[3] === "string"),
    )
  );
}

/**
 * Runs `load` (an import) with `resolutions` answering the loader, as it answered them when they
 * were recorded (anything else is resolved as usual).
 */
export async function withResolutions<T>(resolutions: readonly Resolution[], load: () => Promise<T>): Promise<T> {
  if (registerHooks === undefined || resolutions.length === 0) return load();
  const known = new Map(
    resolutions.map(([parent, specifier, url, format]) => [`${parent}\0${specifier}`, { url, format }]),
  );
  const hooks = registerHooks({
    resolve(specifier, context, next) {
      const hit = known.get(`${context.parentURL}\0${specifier}`);
      return hit === undefined ? next(specifier, context) : { ...hit, shortCircuit: true };
    },
  });
  try {
    return await load();
  } finally {
    hooks.deregister();
  }
}

/** A well-formed Inputs (a cache entry is data from disk: anything else is a miss). */
export function isInputs(value: unknown): value is Inputs {
  const v = value as Partial<Inputs> | null;
  const tuples = (list: unknown, check: (t: unknown[]) => boolean) =>
    Array.isArray(list) && list.every((t) => Array.isArray(t) && check(t));
  const str = (x: unknown) => typeof x === "string";
  return (
    v !== null &&
    typeof v === "object" &&
    tuples(v.files, (t) => t.length === 2 && str(t[0]) && (t[1] === null || str(t[1]))) &&
    tuples(v.packages, (t) => t.length === 2 && str(t[0]) && str(t[1])) &&
    tuples(v.lookups, (t) => t.length === 3 && t.every(str))
  );
}

function fileDigest(file: string): string | null {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return null;
  }
  return createHash("sha256").update(data).digest("hex");
}

/** Node's node_modules lookup of a package from a directory: the package's real root. */
export function lookup(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (basename(dir) !== "node_modules") {
      const candidate = join(dir, "node_modules", name);
      if (existsSync(candidate)) {
        try {
          return realpathSync.native(candidate);
        } catch {
          return undefined;
        }
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Where a lookup from `file` starts: its package's root for a file in a package (the same answer
 * from each of its folders, fewer to check), else its directory.
 */
function lookupDir(file: string): string {
  return packageRoot(file) ?? dirname(file);
}

/** The package root (…/node_modules/name or …/node_modules/@scope/name) of a file, if any (none under node_modules/.cache). */
function packageRoot(file: string): string | undefined {
  const marker = `${sep}node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at === -1) return undefined;
  const parts = file.slice(at + marker.length).split(sep);
  // node_modules/.cache holds tools' files, no package (HEAD's copy of a config: project files).
  if (parts[0] === ".cache") return undefined;
  const length = parts[0]?.startsWith("@") ? 2 : 1;
  if (parts.length <= length) return undefined;
  return file.slice(0, at + marker.length) + parts.slice(0, length).join(sep);
}

function isBare(specifier: string): boolean {
  return !/^(\.|\/|#|[a-z][a-z0-9+.-]*:)/i.test(specifier) && !nodeModule.isBuiltin(specifier);
}

/** "@scope/name/sub/path" → "@scope/name"; "name/sub" → "name". */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}
