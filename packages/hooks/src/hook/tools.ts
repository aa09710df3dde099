import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix, relative, sep } from "node:path";
import { isPlainRelativePath } from "@rampart/core/fs";
import { COMMITLINT_CONFIG_FILES, COMMITLINT_MANIFESTS } from "../commitlint-files.js";
import { type HeadObjects, headFiles, isModuleConfig, sameFilesBeside } from "./head-copy.js";

/** lint-staged's config files (its cosmiconfig search places), rampart's own template name included. */
export const LINT_STAGED_CONFIG_FILES = [
  ".lintstagedrc",
  ".lintstagedrc.json",
  ".lintstagedrc.yaml",
  ".lintstagedrc.yml",
  ".lintstagedrc.mjs",
  ".lintstagedrc.js",
  ".lintstagedrc.cjs",
  ".lintstagedrc.mts",
  ".lintstagedrc.cts",
  ".lintstagedrc.ts",
  "lint-staged.config.js",
  "lint-staged.config.cjs",
  "lint-staged.config.mjs",
  "lint-staged.config.mts",
  "lint-staged.config.cts",
  "lint-staged.config.ts",
] as const;

/** The lint-staged config file the package has, "package.json" for its key, or undefined. */
export function lintStagedConfig(pkgDir: string): string | undefined {
  return LINT_STAGED_CONFIG_FILES.find((n) => existsSync(join(pkgDir, n))) ?? packageKey(pkgDir, "lint-staged");
}

/**
 * The commitlint config the package has, in commitlint's order: "package.json" or "package.yaml"
 * for their "commitlint" key, else the first config file; undefined when none.
 */
export function commitlintConfig(pkgDir: string): string | undefined {
  return (
    packageKey(pkgDir, "commitlint") ??
    (yamlManifestKey(pkgDir, "commitlint") === undefined ? undefined : "package.yaml") ??
    COMMITLINT_CONFIG_FILES.find((n) => existsSync(join(pkgDir, n)))
  );
}

/**
 * The `key` of a package manifest's text (package.json, JSON; package.yaml, YAML), as JSON;
 * undefined when it has none or does not parse (a manifest that does not parse configures nothing
 * there). commitlint reads package.yaml's "commitlint" key as package.json's; lint-staged's
 * discovery reads both manifests' "lint-staged" key.
 */
export function manifestKeyOf(name: string, text: string | undefined, key: string): string | undefined {
  if (text === undefined) return undefined;
  try {
    const value = name.endsWith("json")
      ? (JSON.parse(text) as Record<string, unknown> | null)
      : ((createRequire(import.meta.url)("yaml") as typeof import("yaml")).parse(text, { logLevel: "error" }) as Record<
          string,
          unknown
        > | null);
    const found = value?.[key];
    return found === undefined ? undefined : JSON.stringify(found);
  } catch {
    return undefined;
  }
}

const yamlKeyOf = (text: string | undefined, key: string) => manifestKeyOf("package.yaml", text, key);

function yamlManifestKey(pkgDir: string, key: string): string | undefined {
  try {
    return yamlKeyOf(readFileSync(join(pkgDir, "package.yaml"), "utf8"), key);
  } catch {
    return undefined;
  }
}

/** The manifests whose key configures a tool, in its order: commitlint reads package.yaml's too (lint-staged: package.json's here). */
const manifestsOf = (key: string): readonly string[] =>
  key === "commitlint" ? COMMITLINT_MANIFESTS : ["package.json"];
/** Whether a config name is a manifest's key (its text is the key's value as JSON). */
export const isManifestKey = (name: string): boolean => name === "package.json" || name === "package.yaml";

/** "package.json" when the package's manifest has `key` (a tool configured there), else undefined. */
export function packageKey(pkgDir: string, key: string): "package.json" | undefined {
  try {
    return key in (JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as object)
      ? "package.json"
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The command that adds `packages` as devDependencies with the package manager the project
 * uses (from its lockfile, looked up from the package to the repository root).
 */
export function addDevCommand(pkgDir: string, root: string, packages: readonly string[]): string {
  const list = packages.join(" ");
  for (let dir = pkgDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-lock.yaml"))) return `pnpm add -D ${list}`;
    if (existsSync(join(dir, "yarn.lock"))) return `yarn add -D ${list}`;
    if (existsSync(join(dir, "package-lock.json")) || existsSync(join(dir, "npm-shrinkwrap.json")))
      return `npm install -D ${list}`;
    if (dir === root || dirname(dir) === dir) break;
  }
  return `npm install -D ${list}`;
}

/** Where init records the package that holds rampart (manifest.ts's MANIFEST_PATH). */
export const HOOKS_MANIFEST = ".rampart/hooks.lock.json";

/**
 * The package that holds rampart as the working tree's manifest names it (the root otherwise).
 * The hooks run the project's tools from the trusted side's (TrustedPolicy.pkgDir): this is only
 * where no trusted side exists, and a guess at it.
 */
export function packageDir(root: string): string {
  let text: string | undefined;
  try {
    text = readFileSync(join(root, HOOKS_MANIFEST), "utf8");
  } catch {
    text = undefined;
  }
  return packageDirOf(root, text);
}

/**
 * The package folder a manifest's text names (`packageJson.path`'s folder): the root when there
 * is no manifest, it does not parse, or its path is not a plain relative path inside the repository.
 */
export function packageDirOf(root: string, manifest: string | undefined): string {
  let path: unknown;
  try {
    path =
      manifest === undefined
        ? undefined
        : (JSON.parse(manifest) as { packageJson?: { path?: unknown } })?.packageJson?.path;
  } catch {
    return root;
  }
  if (typeof path !== "string") return root;
  const rel = path.replace(/\/?package\.json$/, "");
  if (rel === "") return root;
  const inside = isPlainRelativePath(rel) && !rel.split("/").some((s) => s.toLowerCase() === ".git");
  return inside ? join(root, rel) : root;
}

/** The package folder as a prefix of repository paths ("" at the root, else "dir/"). */
export function packagePrefix(root: string, pkgDir: string): string {
  const rel = relative(root, pkgDir).split(sep).join("/");
  return rel === "" || rel.startsWith("..") ? "" : `${rel}/`;
}

/**
 * The names a tool's config may have in a package folder, as the trusted side is read for them
 * (trusted.ts reads them with the policy, so that commit-msg reads them from pre-commit's record).
 */
export function toolConfigNames(prefix: string): string[] {
  return [...COMMITLINT_CONFIG_FILES, ...LINT_STAGED_CONFIG_FILES, "package.json", "package.yaml"].map(
    (n) => `${prefix}${n}`,
  );
}

/** A tool's config as the trusted side (HEAD) holds it: the file's name and text, or package.json's key as JSON. */
export interface TrustedToolConfig {
  /** The config file's name in the package folder, or "package.json" (its key). */
  name: string;
  /** The file's text; for "package.json", the key's value as JSON. */
  text: string;
  /** The package folder as a prefix of repository paths ("" or "dir/"). */
  prefix: string;
  /** Reads a repository file as the trusted side holds it (the files the config names: head-copy.ts). */
  read: (path: string) => Promise<string | undefined>;
  /** Every config of the tool the trusted side holds in the package folder, by name (package.json: its key as JSON; a symlink: its text). */
  held: ReadonlyMap<string, string>;
  /** The repository path of the file `text` is (a symlinked config's target). */
  path: string;
  /** The trusted side's folders and blobs (HEAD's copy of a module config: head-copy.ts). */
  objects: HeadObjects;
}

/**
 * Whether the trusted config is code (a module: `.js`, `.mjs`, `.ts`...): it may read any file by
 * a path it builds, so the working tree's copy of it, however equal, never stands in for HEAD's.
 */
export function isModuleToolConfig(trusted: TrustedToolConfig): boolean {
  return !isManifestKey(trusted.name) && isModuleConfig(trusted.path);
}

/** commitlint's own order among the configs of one folder: the manifest's key, then its files. */
const COMMITLINT_ORDER = [...COMMITLINT_MANIFESTS, ...COMMITLINT_CONFIG_FILES];

/**
 * The config the tool reads among those of one folder: commitlint's search order; lint-staged 17
 * loads every one and sorts them by path (localeCompare), the first judging the folder's files.
 */
function chosen(names: readonly string[], key: string, pkgDir: string): string | undefined {
  if (key === "commitlint") return COMMITLINT_ORDER.find((n) => names.includes(n)) ?? names[0];
  return [...names].sort((a, b) => join(pkgDir, a).localeCompare(join(pkgDir, b)))[0];
}

/** A repository path inside the repository, or undefined when `rel` (from `dir`) leaves it. */
function inside(dir: string, rel: string): string | undefined {
  const path = posix.normalize(posix.join(dir, rel));
  return path === ".." || path.startsWith("../") || path.startsWith("/") ? undefined : path;
}

/**
 * The tool's config the trusted side holds in the package folder (the one the tool reads there
 * when it finds several: `chosen`), or null when it holds none. `pkgDir`: where the working tree's
 * are; a config the working tree holds as a symlink whose target is the trusted side's link text
 * is read at its target (git keeps a link as its text).
 */
export async function trustedToolConfig(
  read: (path: string) => Promise<string | undefined>,
  prefix: string,
  files: readonly string[],
  key: string,
  pkgDir: string,
  objects: HeadObjects,
): Promise<TrustedToolConfig | null> {
  const texts = await Promise.all([...files, ...manifestsOf(key)].map((n) => read(`${prefix}${n}`)));
  const held = new Map<string, string>();
  const manifest = texts[files.length];
  try {
    const value = manifest === undefined ? undefined : (JSON.parse(manifest) as Record<string, unknown>)[key];
    if (value !== undefined) held.set("package.json", JSON.stringify(value));
  } catch {
    // a manifest that does not parse configures nothing there (the tool would fail on it)
  }
  const yamlKey = key === "commitlint" ? yamlKeyOf(texts[files.length + 1], key) : undefined;
  if (yamlKey !== undefined) held.set("package.yaml", yamlKey);
  for (const [i, name] of files.entries()) {
    const text = texts[i];
    if (text !== undefined) held.set(name, text);
  }
  const name = chosen([...held.keys()], key, pkgDir);
  if (name === undefined) return null;
  let text = held.get(name) as string;
  let path = `${prefix}${name}`;
  const link = isManifestKey(name) ? undefined : linkText(join(pkgDir, name));
  const target = link === text ? inside(posix.dirname(path), link) : undefined;
  const targetText = target === undefined ? undefined : await read(target);
  if (target !== undefined && targetText !== undefined) {
    text = targetText;
    path = target;
  }
  return { name, text, prefix, read, held, path, objects };
}

/**
 * The config file the trusted side holds at `path` (a repository path), as trustedToolConfig
 * reads the chosen one: when the working tree holds it as a symlink whose text is the trusted
 * side's, read at its target (path: the target's). Undefined when the trusted side has no such file.
 */
export async function trustedConfigFile(
  read: (path: string) => Promise<string | undefined>,
  path: string,
  root: string,
  objects: HeadObjects,
): Promise<{ name: string; text: string; path: string; read: typeof read; objects: HeadObjects } | undefined> {
  const text = await read(path);
  if (text === undefined) return undefined;
  const name = path.slice(path.lastIndexOf("/") + 1);
  const link = linkText(join(root, path));
  const target = link === text ? inside(posix.dirname(path), link) : undefined;
  const targetText = target === undefined ? undefined : await read(target);
  if (target !== undefined && targetText !== undefined) return { name, text: targetText, path: target, read, objects };
  return { name, text, path, read, objects };
}

/** A symlink's text, or undefined for anything else. */
function linkText(file: string): string | undefined {
  const { lstatSync, readlinkSync } = process.getBuiltinModule("node:fs");
  try {
    return lstatSync(file).isSymbolicLink() ? readlinkSync(file, "utf8") : undefined;
  } catch {
    return undefined;
  }
}

/** The tool's configs the working tree holds in the package folder, as trustedToolConfig's `held` (a symlink as its text). */
/**
 * The first of the tool's configs in the package folder (by path, as lint-staged orders them)
 * that the working tree holds otherwise than the trusted side: added, removed or edited (a
 * manifest: its key); undefined when every one is the same (a file one names differs, or none).
 */
export function differingToolConfig(
  pkgDir: string,
  trusted: TrustedToolConfig | null,
  files: readonly string[],
  key: string,
): string | undefined {
  const own = workingToolConfigs(pkgDir, files, key);
  const held = trusted?.held ?? new Map<string, string>();
  return [...new Set([...own.keys(), ...held.keys()])]
    .sort((a, b) => join(pkgDir, a).localeCompare(join(pkgDir, b)))
    .find((n) => own.get(n) !== held.get(n));
}

function workingToolConfigs(pkgDir: string, files: readonly string[], key: string): Map<string, string> {
  const held = new Map<string, string>();
  const value = (() => {
    try {
      return (JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as Record<string, unknown>)[key];
    } catch {
      return undefined;
    }
  })();
  if (value !== undefined) held.set("package.json", JSON.stringify(value));
  const yamlKey = key === "commitlint" ? yamlManifestKey(pkgDir, key) : undefined;
  if (yamlKey !== undefined) held.set("package.yaml", yamlKey);
  for (const name of files) {
    const file = join(pkgDir, name);
    const link = linkText(file);
    if (link !== undefined) held.set(name, link);
    else if (existsSync(file)) {
      try {
        held.set(name, readFileSync(file, "utf8"));
      } catch {
        held.set(name, "\0unreadable");
      }
    }
  }
  return held;
}

/**
 * The config the tool itself reads in the package folder: package.json's `key` first (both tools
 * look there first), else the first of `files`; "package.yaml" when one is there (never HEAD's:
 * HEAD's is read then).
 */
export function effectiveToolConfig(pkgDir: string, files: readonly string[], key: string): string | undefined {
  if (packageKey(pkgDir, key) !== undefined) return "package.json";
  if (existsSync(join(pkgDir, "package.yaml")) || existsSync(join(pkgDir, "package.yml"))) return "package.yaml";
  return files.find((n) => existsSync(join(pkgDir, n)));
}

/**
 * Whether the working tree holds the tool's configs in the package folder as the trusted side
 * does: the same config files (whichever the tool would read among several: the set is
 * compared, not one), the manifest's key, each symlink's target, and the files the chosen config
 * names by relative paths (head-copy.ts: `./rules.mjs`, `./base.js`), byte for byte. Anything
 * else (a config added beside it, removed, edited, a file it imports edited) is a change: the
 * trusted one judges.
 */
export async function sameToolConfigFiles(
  root: string,
  pkgDir: string,
  trusted: TrustedToolConfig,
  files: readonly string[],
  key: string,
): Promise<boolean> {
  const own = workingToolConfigs(pkgDir, files, key);
  if (own.size !== trusted.held.size || [...trusted.held].some(([n, t]) => own.get(n) !== t)) return false;
  if (existsSync(join(pkgDir, "package.yaml")) || existsSync(join(pkgDir, "package.yml"))) return false; // read by neither here
  try {
    if (
      trusted.path !== `${trusted.prefix}${trusted.name}` &&
      readFileSync(join(root, trusted.path), "utf8") !== trusted.text
    )
      return false;
    return sameFilesBeside(root, await headFiles(trusted.path, trusted.text, trusted.read));
  } catch {
    return false; // a path outside the repository: HEAD's is loaded, and refused naming it
  }
}
