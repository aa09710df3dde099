import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { COMMITLINT_CONFIG_FILES } from "../commitlint-files.js";

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
