import type { CheckResult } from "@rampart/core";
import type { ScanOptions, SecretsStats } from "./options.js";
import { finishScan, prepareScanner } from "./setup.js";

export interface ScanMessageOptions extends Omit<ScanOptions, "cwd"> {
  /** The commit message (e.g. the content of the file git passes to commit-msg). */
  text: string;
  /** Repository root, for the baseline and the repo's own rule configs; optional. */
  cwd?: string;
  /** Name shown as the finding's file (default "COMMIT_EDITMSG"). */
  name?: string;
}

/** Scans a commit message: a token pasted into a message is in history just the same. */
export async function scanMessage(options: ScanMessageOptions): Promise<CheckResult<SecretsStats>> {
  const scanOptions: ScanOptions = { ...options, cwd: options.cwd ?? "." };
  const root = options.cwd;
  const scanner = await prepareScanner(root, scanOptions);
  // Lines starting with '#' are scanned too: git strips them only when it strips comments (an
  // edited message with the default cleanup); `-m`/`-F` clean up whitespace only, as do
  // --cleanup=verbatim and another core.commentChar, and the line is committed. (The commit-msg
  // hook drops `git commit -v`'s diff below the scissors line before this runs.)
  const text = options.text;
  scanner.stats.bytes += Buffer.byteLength(text);
  await scanner.scanText(text, { file: options.name ?? "COMMIT_EDITMSG" });
  return finishScan(scanner, root, scanOptions);
}
