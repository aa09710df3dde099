import { type CheckResult, RampartError } from "@rampart/core";
import { type DiffEntry, hasNewBlob, parseRawPatch } from "./diff.js";
import { findRepoRoot, readObjects, runGit } from "./light-git.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import { finishScan, prepareScanner } from "./setup.js";

/**
 * Flags shared by every diff we parse: machine-readable, no user diff drivers or textconv, no
 * `diff.relative` narrowing to the current folder, renames found.
 */
export const DIFF_FLAGS = [
  "--raw",
  "-z",
  "--no-abbrev",
  "-p",
  "-U0",
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  "--no-relative",
  "-M",
] as const;

/** The staged diff with unlimited context: each changed file's new version is in the patch. */
const STAGED_FLAGS = ["diff", "--cached", ...DIFF_FLAGS.filter((f) => f !== "-U0"), "--unified=1000000000"] as const;

/**
 * Scans exactly what the next commit will contain: the lines `git diff --cached` adds, judged
 * on the staged content (never the working tree, so a partially staged file is judged on what
 * is staged). Each file is matched whole and matches that touch an added line are kept, so a
 * private key is caught whole even when only part of it is new.
 *
 * The staged content comes from the diff itself: with unlimited context its ' ' and '+' lines
 * are the staged file, so one git process does the work of a diff plus a cat-file. Only files
 * git calls binary (a NUL byte, or a `-diff` attribute a secret could hide behind) are read as
 * blobs, by id, with `git cat-file --batch`. On the pre-commit path every process counts
 * (light-git.ts says why not core's runner).
 */
export async function scanStaged(options: ScanOptions): Promise<CheckResult<SecretsStats>> {
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
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
  const blobs: DiffEntry[] = [];
  for (const entry of parseRawPatch(diff, "full").filter(hasNewBlob)) {
    const text = entry.hunks[0]?.text;
    if (scanner.isIgnored(entry.path)) scanner.stats.ignored++;
    else if (text === undefined || entry.binary) blobs.push(entry);
    else await scanner.scan({ file: entry.path, content: Buffer.from(text), added: entry.added, oid: entry.newOid });
  }
  const contents = await readObjects(
    blobs.map((e) => e.newOid),
    { ...git, cwd: root },
  );
  for (const [i, entry] of blobs.entries()) {
    const content = contents[i];
    // Which lines are new is unknown for these: the whole blob counts as added.
    if (content) await scanner.scan({ file: entry.path, content, oid: entry.newOid });
  }
  return finishScan(scanner, root, options);
}
