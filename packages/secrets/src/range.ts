import { RampartError, UsageError } from "@rampart/core/errors";
import type { CheckResult } from "@rampart/core/findings";
import { getRepoRoot, git as runGit } from "@rampart/core/git";
import { listCommits, type Narrowing, narrowingArgs, scanCommits } from "./commits.js";
import { scanRefNames, scanRefObjects } from "./objects.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import type { Scanner } from "./scanner.js";
import { finishScan, prepareScanner } from "./setup.js";

export interface ScanRangeOptions extends ScanOptions, Narrowing {
  /** `A..B` (what pre-push and CI check), or any revision range `git rev-list` accepts. */
  range: string;
  /** Called after each commit with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Names of the refs the range was pushed as (CI's `github.ref`, a pull request's head branch):
   * a name is published with the push and no object holds it, so each is judged as text
   * (scanRefNames). A tip of `range` given by name is judged so too.
   */
  refNames?: readonly string[];
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
  await scanTipTags(scanner, options.range, { ...git, cwd: root }, options.refNames ?? []);
  return finishScan(scanner, root, options);
}

/**
 * A tip of the range that names an annotated tag (`main..refs/tags/v1`, what CI passes on a tag
 * push): the tag's message and headers (and a tag it points to) are what the push adds beside the
 * commits, so they are scanned as pre-push scans them. `git rev-list` peels the tag to its commit
 * and lists commits only. The ref names (`refNames`, a tip given by name) are judged as text.
 */
async function scanTipTags(
  scanner: Scanner,
  range: string,
  git: { cwd: string; env?: NodeJS.ProcessEnv },
  refNames: readonly string[],
): Promise<void> {
  const sides = range.includes("...")
    ? range.split("...")
    : range.includes("..")
      ? range.split("..").slice(1)
      : [range];
  const tips = sides.filter((tip) => tip !== "" && !tip.startsWith("^") && !tip.startsWith("-"));
  const refs: Array<{ oid: string; name: string }> = [];
  for (const tip of tips) {
    const resolved = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", tip], {
      ...git,
      okExitCodes: [1],
    });
    const oid = resolved.stdout.trim();
    if (resolved.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(oid)) refs.push({ oid, name: tip });
  }
  // The names the range was pushed as, and a tip given by name (`main..refs/tags/v1`), as text.
  await scanRefNames(scanner, [...refNames, ...tips.filter((tip) => !/^[0-9a-f]{7,64}$/.test(tip))]);
  await scanRefObjects(scanner, git, refs);
}
