import { closeSync, fstatSync, openSync, readdirSync, readSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { type CheckResult, getRepoRoot, gitBuffer, isRampartError, splitNul } from "@rampart/core";
import type { ScanOptions, SecretsStats } from "./options.js";
import type { Scanner } from "./scanner.js";
import { finishScan, prepareScanner } from "./setup.js";

export interface ScanPathsOptions extends ScanOptions {
  /** Files or directories, relative to cwd (default: cwd itself). */
  paths?: string[];
  /** Respect .gitignore (default true). Needs a git repository; outside one the fs is walked. */
  gitignore?: boolean;
}

/**
 * Scans files on disk. In a repository, the file list comes from git (tracked plus untracked
 * not ignored), so build output and node_modules are skipped as the user's .gitignore says.
 */
export async function scanPaths(options: ScanPathsOptions): Promise<CheckResult<SecretsStats>> {
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  const root = await findRoot(git);
  const scanner = await prepareScanner(root, options);
  const base = root ?? options.cwd;
  const targets = options.paths !== undefined && options.paths.length > 0 ? options.paths : ["."];
  const files =
    root !== undefined && options.gitignore !== false
      ? await listGitFiles(targets, git)
      : walk(
          targets.map((p) => resolve(options.cwd, p)),
          base,
        );
  for (const file of files) await scanFile(scanner, base, file);
  return finishScan(scanner, root, options);
}

async function findRoot(git: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string | undefined> {
  try {
    return await getRepoRoot(git);
  } catch (error) {
    if (isRampartError(error) && error.code === "NOT_A_GIT_REPO") return undefined;
    throw error;
  }
}

/** Tracked and untracked-but-not-ignored files under the targets, repo-relative. */
async function listGitFiles(targets: string[], git: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string[]> {
  const r = await gitBuffer(["ls-files", "-co", "--exclude-standard", "--full-name", "-z", "--", ...targets], git);
  return [...new Set(splitNul(r.stdout))].sort();
}

/** Every regular file below the targets (symlinks are not followed; .git is skipped). */
function walk(targets: string[], base: string): string[] {
  const out: string[] = [];
  const visit = (abs: string): void => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      out.push(toRelative(base, abs));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isDirectory()) {
        if (e.name !== ".git") visit(join(abs, e.name));
      } else if (e.isFile()) out.push(toRelative(base, join(abs, e.name)));
    }
  };
  for (const t of targets) visit(t);
  return out;
}

function toRelative(base: string, abs: string): string {
  const rel = relative(base, abs);
  const path = rel === "" || rel.startsWith("..") || isAbsolute(rel) ? abs : rel;
  return sep === "/" ? path : path.split(sep).join("/");
}

/** Reads at most maxFileSize bytes: a larger file is reported, not loaded. */
async function scanFile(scanner: Scanner, base: string, file: string): Promise<void> {
  if (scanner.isIgnored(file)) {
    scanner.stats.ignored++;
    return;
  }
  let fd: number;
  try {
    fd = openSync(isAbsolute(file) ? file : join(base, file), "r");
  } catch {
    return; // deleted from the working tree but still in the index, or unreadable: nothing to scan
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return;
    if (stat.size > scanner.maxFileSize) return scanner.tooLarge(stat.size, { file });
    const content = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, content, read, stat.size - read, null);
      if (n === 0) break;
      read += n;
    }
    await scanner.scan({ file, content: content.subarray(0, read) });
  } finally {
    closeSync(fd);
  }
}
