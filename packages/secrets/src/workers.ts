import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type Finding, RampartError } from "@rampart/core";
import type { CommitRef } from "./changes.js";
import type { ScanOptions, SecretsStats } from "./options.js";

/**
 * Splitting a scan across threads (history, large file trees). Each worker builds its own
 * scanner from the same options, scans its share and sends back findings and stats.
 */
export type WorkerTask = { kind: "commits"; commits: CommitRef[] } | { kind: "files"; base: string; files: string[] };

export interface WorkerInput {
  root: string | undefined;
  env?: NodeJS.ProcessEnv;
  options: Omit<ScanOptions, "cwd" | "env" | "root">;
  task: WorkerTask;
}

export interface WorkerReply {
  /** A progress note (commits done so far); the final reply has none. */
  progress?: number;
  findings?: Finding[];
  stats?: SecretsStats;
  error?: { code: string; message: string; hint?: string };
}

const WORKER = fileURLToPath(new URL("./scan-worker.js", import.meta.url));

/** False when running from sources (tests): the worker script exists only once built. */
export function workersAvailable(): boolean {
  return existsSync(WORKER);
}

/** The options a worker needs (functions and the like do not cross threads). */
export function workerOptions(options: ScanOptions): WorkerInput["options"] {
  const { policy, showSecrets, rules } = options;
  return { policy, showSecrets, rules, baseline: false };
}

export function runWorker(input: WorkerInput, onProgress?: (done: number) => void): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { workerData: input });
    w.on("message", (reply: WorkerReply) => {
      if (reply.progress !== undefined) {
        onProgress?.(reply.progress);
        return;
      }
      if (reply.error) reject(new RampartError(reply.error.code, reply.error.message, { hint: reply.error.hint }));
      else resolve(reply);
    });
    w.once("error", reject);
    w.once("exit", (code) => {
      if (code !== 0) reject(new RampartError("SECRETS_WORKER_FAILED", `a scan worker exited with code ${code}`));
    });
  });
}

/** Round-robin shares: file and commit sizes vary, interleaving evens them out. */
export function split<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  for (const [i, item] of items.entries()) out[i % parts]?.push(item);
  return out;
}

export function mergeInto(findings: Finding[], stats: SecretsStats, reply: WorkerReply): void {
  findings.push(...(reply.findings ?? []));
  const s = reply.stats;
  if (s === undefined) return;
  stats.files += s.files;
  stats.bytes += s.bytes;
  stats.skippedBinary += s.skippedBinary;
  for (const f of s.skippedBinaryFiles) if (!stats.skippedBinaryFiles.includes(f)) stats.skippedBinaryFiles.push(f);
  for (const f of s.generatedFiles) if (!stats.generatedFiles.includes(f)) stats.generatedFiles.push(f);
  if (s.messages !== undefined) stats.messages = (stats.messages ?? 0) + s.messages;
  stats.skippedTooLarge.push(...s.skippedTooLarge);
  stats.ignored += s.ignored;
  stats.allowed += s.allowed;
}
