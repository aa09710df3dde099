import { basename, relative, resolve, sep } from "node:path";
import { getRepoRoot, git, splitNul } from "@rampart/core/git";
import type { Lockfile } from "./model.js";
import { LOCKFILE_NAMES, parseLockfile } from "./parse/index.js";

export interface LoadLockfilesOptions {
  /** Any directory inside the repository. */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Lockfiles to read (relative to `cwd` or absolute); default: every tracked lockfile in the repo. */
  paths?: string[];
}

export interface LoadedLockfiles {
  /** Repository root; each lockfile's `path` is relative to it (or as given, for explicit paths). */
  root: string;
  lockfiles: Lockfile[];
}

/** Parses the given lockfiles, or every lockfile `git ls-files` knows (nested projects included). */
export async function loadLockfiles(options: LoadLockfilesOptions): Promise<LoadedLockfiles> {
  const gitOptions = options.env === undefined ? { cwd: options.cwd } : { cwd: options.cwd, env: options.env };
  const root = await getRepoRoot(gitOptions);
  const explicit = options.paths !== undefined && options.paths.length > 0;
  const paths = explicit
    ? (options.paths as string[]).map((p) => relative(root, resolve(options.cwd, p)).split(sep).join("/"))
    : await listLockfiles(root, options.env);
  const lockfiles: Lockfile[] = [];
  for (const path of paths) lockfiles.push(await parseLockfile({ path, cwd: root }));
  return { root, lockfiles };
}

/**
 * Tracked lockfiles, shortest path first (the root's before nested ones), node_modules excluded.
 * Paths are relative to the repository root whichever directory of it `root` is (`top` pathspecs,
 * --full-name), so a caller can run this alongside finding the root.
 */
export async function listLockfiles(root: string, env?: NodeJS.ProcessEnv): Promise<string[]> {
  const patterns = LOCKFILE_NAMES.map((n) => `:(top,glob)**/${n}`);
  const args = ["ls-files", "-z", "--full-name", "--", ...patterns];
  const r = await git(args, env === undefined ? { cwd: root } : { cwd: root, env });
  return splitNul(r.stdout)
    .filter(
      (p) => (LOCKFILE_NAMES as readonly string[]).includes(basename(p)) && !p.split("/").includes("node_modules"),
    )
    .sort((x, y) => x.split("/").length - y.split("/").length || (x < y ? -1 : x > y ? 1 : 0));
}
