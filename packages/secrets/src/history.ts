import { availableParallelism } from "node:os";
import { type CheckResult, getRepoRoot } from "@rampart/core";
import { listCommits, scanCommits } from "./commits.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import { finishScan, prepareScanner } from "./setup.js";
import { mergeInto, runWorker, split, workerOptions, workersAvailable } from "./workers.js";

export interface ScanHistoryOptions extends ScanOptions {
  /** Threads (default: the machine's available parallelism). 1 scans in this thread. */
  jobs?: number;
}

/** Below this many commits per thread, starting threads costs more than it saves. */
const MIN_COMMITS_PER_JOB = 50;

/** Scans every commit reachable from any ref, split across worker threads. */
export async function scanHistory(options: ScanHistoryOptions): Promise<CheckResult<SecretsStats>> {
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  const root = options.root ?? (await getRepoRoot(git));
  const commits = await listCommits(["--all"], { ...git, cwd: root });
  const jobs = Math.min(options.jobs ?? availableParallelism(), Math.ceil(commits.length / MIN_COMMITS_PER_JOB));
  const scanner = await prepareScanner(root, options);
  if (jobs <= 1 || !workersAvailable()) {
    await scanCommits(scanner, commits, { ...git, cwd: root });
  } else {
    const shares = split(commits, jobs);
    const env = options.env;
    const replies = await Promise.all(
      shares.map((share) =>
        runWorker({
          root,
          ...(env === undefined ? {} : { env }),
          options: workerOptions(options),
          task: { kind: "commits", commits: share },
        }),
      ),
    );
    for (const reply of replies) mergeInto(scanner.findings, scanner.stats, reply);
  }
  scanner.stats.commits = commits.length;
  return finishScan(scanner, root, options);
}
