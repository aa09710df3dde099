import { CatFileBatch, type CheckResult, RampartError } from "@rampart/core";
import { fileChanges, parseRaw } from "./changes.js";
import { findRepoRoot, runGit } from "./light-git.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import { finishScan, prepareScanner } from "./setup.js";

/**
 * The index against HEAD as raw records: exact names (NUL-terminated), modes and blob ids, no
 * patch text; no rename pairing (changes.ts compares contents instead), no user diff drivers, no
 * `diff.relative` narrowing to the current folder.
 */
export const STAGED_FLAGS = [
  "diff",
  "--cached",
  "--raw",
  "-z",
  "--no-abbrev",
  "--no-renames",
  "--no-relative",
  "--no-ext-diff",
  "--no-textconv",
] as const;

/**
 * Scans exactly what the next commit will contain: the staged blobs (never the working tree, so
 * a partially staged file is judged on what is staged). Each file is matched whole and only
 * matches that touch a line new to the commit are kept (changes.ts: lines in neither HEAD's
 * version nor any file the commit removes), so a private key is caught whole even when only part
 * of it is new, and a secret already committed is not reported again.
 *
 * Two git processes, started together: the raw diff and one `git cat-file --batch` for the blobs.
 */
export async function scanStaged(options: ScanOptions): Promise<CheckResult<SecretsStats>> {
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  const cat = new CatFileBatch(git);
  try {
    // Outside a repository `git diff` fails with a confusing usage message: report the real cause.
    const [root, diff] = await Promise.all([
      options.root ?? findRepoRoot(git),
      runGit(STAGED_FLAGS, git).catch((error: unknown) => error as Error),
    ]);
    if (root === undefined) {
      throw new RampartError("NOT_A_GIT_REPO", `${options.cwd} is not inside a git repository`, {
        hint: "run this inside a git repository, or pass --cwd <repo>; `git init` creates one",
      });
    }
    if (diff instanceof Error) throw diff;
    const scanner = await prepareScanner(root, options);
    for (const change of await fileChanges([parseRaw(diff)], cat, { readLimit: scanner.maxFileSize })) {
      await scanner.scanWhole(change);
    }
    return await finishScan(scanner, root, options);
  } finally {
    cat.close();
  }
}
