import type { CheckResult } from "@rampart/core";
import { hasNewBlob, parseRawPatch } from "./diff.js";
import { readObjects, runGit } from "./light-git.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import { finishScan, prepareScanner } from "./setup.js";

/** Flags shared by every diff we parse: machine-readable, no user diff drivers, renames found. */
export const DIFF_FLAGS = [
  "--raw",
  "-z",
  "--no-abbrev",
  "-p",
  "-U0",
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  "-M",
] as const;

/**
 * Scans exactly what the next commit will contain: the lines `git diff --cached` adds, judged
 * on the staged blobs (never the working tree, so a partially staged file is judged on what is
 * staged). Each blob is matched whole and matches that touch an added line are kept, so a
 * private key is caught whole even when only part of it is new. Blobs are read by id with one
 * `git cat-file --batch` (light-git.ts says why not core's reader).
 */
export async function scanStaged(options: ScanOptions): Promise<CheckResult<SecretsStats>> {
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  // Both git calls start at once: on the hook's path, process start-up is most of the cost.
  const [top, diff] = await Promise.all([
    options.root ?? runGit(["rev-parse", "--show-toplevel"], git),
    runGit(["diff", "--cached", ...DIFF_FLAGS], git),
  ]);
  const root = typeof top === "string" ? top : top.toString("utf8").trim();
  const scanner = await prepareScanner(root, options);
  const entries = parseRawPatch(diff).filter((e) => hasNewBlob(e));
  // Ignored paths are counted by scan(); filtering here only saves reading their blobs.
  const wanted = entries.filter((e) => !scanner.isIgnored(e.path));
  scanner.stats.ignored += entries.length - wanted.length;
  const blobs = await readObjects(
    wanted.map((e) => e.newOid),
    { ...git, cwd: root },
  );
  for (const [i, entry] of wanted.entries()) {
    const blob = blobs[i];
    if (blob === null || blob === undefined) continue;
    await scanner.scan({ file: entry.path, content: blob, added: entry.added });
  }
  return finishScan(scanner, root, options);
}
