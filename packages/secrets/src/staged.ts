import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { RampartError } from "@rampart/core/errors";
import type { CheckResult } from "@rampart/core/findings";
import { CatFileBatch, STAGED_DIFF_ARGS } from "@rampart/core/git";
import { fileChanges, parseRaw } from "./changes.js";
import { findRepoRoot, runGit } from "./light-git.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import { finishScan, prepareScanner } from "./setup.js";

/** The staged diff scanStaged reads (core's STAGED_DIFF_ARGS: the pre-commit hook runs the same). */
export const STAGED_FLAGS = STAGED_DIFF_ARGS;

/** scanStaged's options: what a caller (the pre-commit hook) has at hand already. */
export interface StagedScanOptions extends ScanOptions {
  /**
   * The output of `git diff` with STAGED_FLAGS, when the caller ran it and the index has not
   * changed since (the hook's own staged list, when no lint-staged task ran): no second diff.
   */
  diff?: Buffer;
  /** A `git cat-file --batch` the caller keeps open (and closes): blobs are read by id through it. */
  batch?: CatFileBatch;
}

/**
 * Scans exactly what the next commit will contain: the staged blobs (never the working tree, so
 * a partially staged file is judged on what is staged). Each file is matched whole and only
 * matches that touch a line new to the commit are kept (changes.ts: lines in neither HEAD's
 * version nor any file the commit removes), so a private key is caught whole even when only part
 * of it is new, and a secret already committed is not reported again.
 *
 * Two git processes, started together: the raw diff and one `git cat-file --batch` for the blobs
 * (none when the caller hands both in).
 */
export async function scanStaged(options: StagedScanOptions): Promise<CheckResult<SecretsStats>> {
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  const cat = options.batch ?? new CatFileBatch(git);
  try {
    // Outside a repository `git diff` fails with a confusing usage message: report the real cause.
    const [root, diff] = await Promise.all([
      options.root ?? findRepoRoot(git),
      options.diff ?? runGit(STAGED_FLAGS, git).catch((error: unknown) => error as Error),
    ]);
    if (root === undefined) {
      throw new RampartError("NOT_A_GIT_REPO", `${options.cwd} is not inside a git repository`, {
        hint: "run this inside a git repository, or pass --cwd <repo>; `git init` creates one",
      });
    }
    if (diff instanceof Error) throw diff;
    const scanner = await prepareScanner(root, options);
    const diffs = [parseRaw(diff), ...(await mergeDiffs(root, git))];
    for (const change of await fileChanges(diffs, cat, { readLimit: scanner.maxFileSize })) {
      await scanner.scanWhole(change);
    }
    return await finishScan(scanner, root, options);
  } finally {
    if (cat !== options.batch) cat.close();
  }
}

/**
 * While a merge is being concluded (`.git/MERGE_HEAD`), the commit will have the merged heads as
 * parents too: the index is compared with each of them, so only the merge's own edits (conflict
 * resolutions, "evil" lines) count as added, as they will in --range and history scans. Found
 * without a git process ($GIT_DIR, else .git); where it is not found (a worktree run outside a
 * hook) the index is compared with HEAD alone, which reports more, never less.
 */
async function mergeDiffs(root: string, git: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const env = git.env ?? process.env;
  // Hooks run with GIT_DIR exported (relative to the hook's working directory).
  const gitDir = env.GIT_DIR === undefined || env.GIT_DIR === "" ? join(root, ".git") : resolve(git.cwd, env.GIT_DIR);
  const file = join(gitDir, "MERGE_HEAD");
  if (!existsSync(file)) return [];
  let heads: string[];
  try {
    heads = readFileSync(file, "latin1")
      .split("\n")
      .filter((l) => /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(l));
  } catch {
    return [];
  }
  const diffs = await Promise.all(heads.map((h) => runGit([...STAGED_FLAGS, h], { ...git, cwd: root })));
  return diffs.map(parseRaw);
}
