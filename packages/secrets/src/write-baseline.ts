import { resolve } from "node:path";
import type { CheckResult } from "@rampart/core/findings";
import { getRepoRoot } from "@rampart/core/git";
import { readBaseline, updateBaseline, writeBaselineFile } from "./baseline.js";
import { DEFAULT_BASELINE, type SecretsStats } from "./options.js";
import { type ScanPathsOptions, scanPaths } from "./paths.js";

export interface WriteBaselineOptions extends ScanPathsOptions {
  /** Baseline path relative to the repo root (default: policy's, else .rampart/secrets-baseline.json). */
  file?: string;
}

export interface WriteBaselineResult {
  /** Absolute path written. */
  file: string;
  /** Fingerprints new in this baseline, and those dropped because their secret is gone. */
  added: string[];
  removed: string[];
  total: number;
  /** Entries of a version 1 (unsalted) baseline carried over under version 2 keys. */
  migrated: number;
  /** The scan the baseline was built from (unfiltered by any baseline). */
  scan: CheckResult<SecretsStats>;
}

/**
 * Accepts every current finding of the repository's files: entries whose secret is still
 * present are kept (with the file they were first seen in), the others removed.
 */
export async function writeBaseline(options: WriteBaselineOptions): Promise<WriteBaselineResult> {
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  const root = options.root ?? (await getRepoRoot(git));
  const name = options.file ?? options.policy?.baseline ?? DEFAULT_BASELINE;
  const file = resolve(root, name); // an absolute --baseline is taken as it is
  const previous = await readBaseline(file, false, name);
  const scan = await scanPaths({ ...options, cwd: root, baseline: false });
  const update = await updateBaseline(previous, scan.findings);
  writeBaselineFile(file, update.baseline, { root, userNamed: options.file !== undefined });
  return {
    file,
    added: update.added,
    removed: update.removed,
    total: Object.keys(update.baseline.entries).length,
    migrated: update.migrated,
    scan,
  };
}
