import { availableParallelism } from "node:os";
import type { CheckResult } from "@rampart/core/findings";
import { getRepoRoot, git as runGit } from "@rampart/core/git";
import { listCommits, type Narrowing, narrowingArgs, scanCommits } from "./commits.js";
import { scanRefNames, scanRefObjects } from "./objects.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import type { Scanner } from "./scanner.js";
import { finishScan, prepareScanner } from "./setup.js";
import { mergeInto, type StartedWorker, split, startWorkers, workerOptions } from "./workers.js";

export interface ScanHistoryOptions extends ScanOptions, Narrowing {
  /** Threads (default: the machine's available parallelism). 1 scans in this thread. */
  jobs?: number;
  /** Called as commits are done (every few dozen, and at the end) with the count and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Below this many commits per thread, starting threads costs more than it saves. */
const MIN_COMMITS_PER_JOB = 50;

/**
 * Scans every commit reachable from any ref (or the newest / most recent ones), split across
 * worker threads. Each thread streams its share: one batch of file lists and one commit's blobs
 * in memory at a time, never the whole log. Then what refs hold outside commits (objects.ts):
 * annotated tags' messages and blobs or trees a ref names directly, which no commit lists.
 */
export async function scanHistory(options: ScanHistoryOptions): Promise<CheckResult<SecretsStats>> {
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  // Workers start now: each loads and prepares its rules while this thread lists the commits;
  // those a short history does not need are stopped.
  const want = options.jobs ?? availableParallelism();
  const warm = { warm: options.rules === undefined };
  const workers = want > 1 ? startWorkers(want, warm) : [];
  try {
    const root = options.root ?? (await getRepoRoot(git));
    const commits = await listCommits(["--all", ...narrowingArgs(options)], { ...git, cwd: root });
    const jobs = Math.min(want, workers.length, Math.ceil(commits.length / MIN_COMMITS_PER_JOB));
    for (const w of workers.slice(Math.max(0, jobs))) w.stop();
    const scanner = await prepareScanner(root, options);
    const progress = options.onProgress;
    if (jobs <= 1) {
      let done = 0;
      await scanCommits(
        scanner,
        commits,
        { ...git, cwd: root },
        progress === undefined ? undefined : () => progress(++done, commits.length),
      );
    } else {
      const shares = split(commits, jobs);
      const env = options.env;
      const doneBy = shares.map(() => 0);
      const replies = await Promise.all(
        shares.map((share, i) =>
          (workers[i] as StartedWorker).run(
            {
              root,
              ...(env === undefined ? {} : { env }),
              options: workerOptions(options),
              task: { kind: "commits", commits: share },
            },
            progress === undefined
              ? undefined
              : (done) => {
                  doneBy[i] = done;
                  progress(
                    doneBy.reduce((a, b) => a + b, 0),
                    commits.length,
                  );
                },
          ),
        ),
      );
      for (const reply of replies) mergeInto(scanner.findings, scanner.stats, reply);
    }
    await scanOutsideCommits(scanner, { ...git, cwd: root });
    scanner.stats.commits = commits.length;
    return await finishScan(scanner, root, options);
  } finally {
    for (const w of workers) w.stop();
  }
}

/**
 * Every ref's name (a branch or lightweight tag named with a key: no object holds it), and every
 * ref naming a tag, blob or tree (one for-each-ref), through scanRefNames and scanRefObjects.
 */
async function scanOutsideCommits(scanner: Scanner, git: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<void> {
  const listed = await runGit(["for-each-ref", "--format=%(objecttype) %(objectname) %(refname)"], git);
  const refs: Array<{ oid: string; name: string }> = [];
  const names: string[] = [];
  for (const line of listed.stdout.split("\n")) {
    const [type, oid, ...name] = line.split(" ");
    if (type === undefined || oid === undefined || name.length === 0) continue;
    names.push(name.join(" "));
    if (type !== "commit") refs.push({ oid, name: name.join(" ") });
  }
  await scanRefNames(scanner, names);
  await scanRefObjects(scanner, git, refs);
}
