import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { isPlainRelativePath } from "@rampart/core/fs";
import { COMMITLINT_CONFIG_FILES } from "../commitlint-files.js";
import { headFiles, sameFilesBeside } from "./head-copy.js";

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

/** The commitlint config file the package has, "package.json" for its key, or undefined. */
export function commitlintConfig(pkgDir: string): string | undefined {
  return COMMITLINT_CONFIG_FILES.find((n) => existsSync(join(pkgDir, n))) ?? packageKey(pkgDir, "commitlint");
}

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
  return [...COMMITLINT_CONFIG_FILES, ...LINT_STAGED_CONFIG_FILES, "package.json"].map((n) => `${prefix}${n}`);
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
}

/**
 * The tool's config the trusted side holds in the package folder (the first of `files` there, as
 * the tool looks for them, else package.json's `key`), or null when it holds none.
 */
export async function trustedToolConfig(
  read: (path: string) => Promise<string | undefined>,
  prefix: string,
  files: readonly string[],
  key: string,
): Promise<TrustedToolConfig | null> {
  const texts = await Promise.all([...files, "package.json"].map((n) => read(`${prefix}${n}`)));
  // package.json's key first, as both tools look (cosmiconfig, lint-staged's CONFIG_FILE_NAMES).
  const manifest = texts[files.length];
  try {
    const value = manifest === undefined ? undefined : (JSON.parse(manifest) as Record<string, unknown>)[key];
    if (value !== undefined) return { name: "package.json", text: JSON.stringify(value), prefix, read };
  } catch {
    // a manifest that does not parse configures nothing there (the tool would fail on it)
  }
  for (const [i, name] of files.entries()) {
    const text = texts[i];
    if (text !== undefined) return { name, text, prefix, read };
  }
  return null;
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

/** Whether the package folder's config of the tool is the trusted one, byte for byte (package.json: its key's value). */
export function sameToolConfig(
  pkgDir: string,
  own: string | undefined,
  trusted: TrustedToolConfig,
  key: string,
): boolean {
  if (own !== trusted.name) return false;
  try {
    if (own === "package.json") {
      const value = (JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as Record<string, unknown>)[key];
      return JSON.stringify(value) === trusted.text;
    }
    return readFileSync(join(pkgDir, own), "utf8") === trusted.text;
  } catch {
    return false;
  }
}

/**
 * sameToolConfig, and the files HEAD's config names by relative paths (head-copy.ts: a config
 * importing `./rules.mjs`, extending `./base.js`) are HEAD's in the working tree too: a commit
 * editing only such a file would otherwise judge itself by it, through the unchanged config.
 */
export async function sameToolConfigFiles(
  root: string,
  pkgDir: string,
  own: string | undefined,
  trusted: TrustedToolConfig,
  key: string,
): Promise<boolean> {
  if (!sameToolConfig(pkgDir, own, trusted, key)) return false;
  try {
    return sameFilesBeside(root, await headFiles(`${trusted.prefix}${trusted.name}`, trusted.text, trusted.read));
  } catch {
    return false; // a path outside the repository: HEAD's is loaded, and refused naming it
  }
}
