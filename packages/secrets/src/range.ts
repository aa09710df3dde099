import { RampartError, UsageError } from "@rampart/core/errors";
import type { CheckResult } from "@rampart/core/findings";
import { getRepoRoot } from "@rampart/core/git";
import { listCommits, type Narrowing, narrowingArgs, scanCommits } from "./commits.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import { finishScan, prepareScanner } from "./setup.js";

export interface ScanRangeOptions extends ScanOptions, Narrowing {
  /** `A..B` (what pre-push and CI check), or any revision range `git rev-list` accepts. */
  range: string;
  /** Called after each commit with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Scans the lines added by the commits in a range; merges contribute only their own edits. */
export async function scanRange(options: ScanRangeOptions): Promise<CheckResult<SecretsStats>> {
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  const root = options.root ?? (await getRepoRoot(git));
  if (options.range.trim() === "" || options.range.startsWith("-")) {
    throw new UsageError(`--range needs a revision range such as main..HEAD, got "${options.range}"`, {
      hint: "pass A..B: the commits reachable from B and not from A",
    });
  }
  const narrowing = narrowingArgs(options);
  const commits = await listCommits([...narrowing, options.range], { ...git, cwd: root }).catch((error: unknown) => {
    throw new RampartError("SECRETS_RANGE_INVALID", `git does not know the range ${options.range}`, {
      hint: "check both ends exist (`git rev-parse A B`); in CI fetch enough history (fetch-depth: 0)",
      cause: error,
    });
  });
  const scanner = await prepareScanner(root, options);
  let done = 0;
  const progress = options.onProgress;
  await scanCommits(
    scanner,
    commits,
    { ...git, cwd: root },
    progress === undefined ? undefined : () => progress(++done, commits.length),
  );
  scanner.stats.commits = commits.length;
  return finishScan(scanner, root, options);
}
