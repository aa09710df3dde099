import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type CheckResult, type Finding, getRepoRoot, RampartError } from "@rampart/core";
import { listCommits, scanCommits } from "./commits.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import { finishScan, prepareScanner } from "./setup.js";

export interface ScanHistoryOptions extends ScanOptions {
  /** Worker threads (default: the machine's available parallelism). 1 scans in this thread. */
  jobs?: number;
}

/** What a worker sends back: its findings and stats, or the error that stopped it. */
export interface WorkerReply {
  findings?: Finding[];
  stats?: SecretsStats;
  error?: { code: string; message: string; hint?: string };
}

export interface WorkerInput {
  root: string;
  env?: NodeJS.ProcessEnv;
  options: Omit<ScanOptions, "cwd" | "env">;
  commits: string[];
}

/** Below this many commits per worker, starting threads costs more than it saves. */
const MIN_COMMITS_PER_JOB = 50;

/** Scans every commit reachable from any ref, split across worker threads. */
export async function scanHistory(options: ScanHistoryOptions): Promise<CheckResult<SecretsStats>> {
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  const root = await getRepoRoot(git);
  const commits = await listCommits(["--all"], { ...git, cwd: root });
  const worker = fileURLToPath(new URL("./history-worker.js", import.meta.url));
  const jobs = Math.min(options.jobs ?? availableParallelism(), Math.ceil(commits.length / MIN_COMMITS_PER_JOB));
  const scanner = await prepareScanner(root, options);
  if (jobs <= 1 || !existsSync(worker)) {
    await scanCommits(scanner, commits, { ...git, cwd: root });
  } else {
    const { policy, showSecrets, baseline, rules } = options;
    const shared: WorkerInput["options"] = { policy, showSecrets, baseline, rules };
    const slices = Array.from({ length: jobs }, (_, j) => commits.filter((_, i) => i % jobs === j));
    const replies = await Promise.all(
      slices.map((s) => runWorker(worker, { root, env: options.env, options: shared, commits: s })),
    );
    for (const reply of replies) mergeInto(scanner.findings, scanner.stats, reply);
  }
  scanner.stats.commits = commits.length;
  return finishScan(scanner, root, options);
}

function runWorker(file: string, input: WorkerInput): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const w = new Worker(file, { workerData: input });
    w.once("message", (reply: WorkerReply) => {
      if (reply.error) reject(new RampartError(reply.error.code, reply.error.message, { hint: reply.error.hint }));
      else resolve(reply);
    });
    w.once("error", reject);
    w.once("exit", (code) => {
      if (code !== 0) reject(new RampartError("SECRETS_WORKER_FAILED", `a history worker exited with code ${code}`));
    });
  });
}

function mergeInto(findings: Finding[], stats: SecretsStats, reply: WorkerReply): void {
  findings.push(...(reply.findings ?? []));
  const s = reply.stats;
  if (s === undefined) return;
  stats.files += s.files;
  stats.bytes += s.bytes;
  stats.skippedBinary += s.skippedBinary;
  stats.skippedTooLarge.push(...s.skippedTooLarge);
  stats.ignored += s.ignored;
  stats.allowed += s.allowed;
}
