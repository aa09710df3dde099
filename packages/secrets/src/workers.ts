import { existsSync } from "node:fs";
import module from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { RampartError } from "@rampart/core/errors";
import type { Finding } from "@rampart/core/findings";
import type { CommitRef } from "./changes.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import { secretIdentity, setSecretIdentity } from "./report.js";

/**
 * Splitting a scan across threads (history, large file trees). Each worker builds its own
 * scanner from the same options, scans its share and sends back findings and stats.
 */
export type WorkerTask =
  | { kind: "commits"; commits: CommitRef[] }
  /**
   * Every thread gets the whole list and takes the next file not yet taken (an Int32 counter in
   * `next`, shared by all): threads that drew small files take more, so all finish together
   * whatever the sizes, without reading sizes up front.
   */
  | { kind: "files"; base: string; files: string[]; next: SharedArrayBuffer; slot: number };

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
  /** Each finding's secret identity (report.ts secretIdentity), "" for none: it is not a field of the finding. */
  identities?: string[];
  stats?: SecretsStats;
  /** When the thread began and ended its share, and its CPU time (RAMPART_TIMING). */
  timing?: ThreadTiming;
  error?: { code: string; message: string; hint?: string };
}

/** One thread's share of a scan: start and end (ms since the epoch), its CPU time (ms). */
export interface ThreadTiming {
  start: number;
  end: number;
  cpu: number;
  files: number;
  bytes: number;
}

/** Milliseconds since the epoch, comparable across threads (each has its own time origin). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** This thread's CPU time in ms (user + system). */
export function threadCpu(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/**
 * `rampart timing secrets scan: {...}` on stderr when RAMPART_TIMING=1: where a scan's time went,
 * per phase and per thread (ms from the process's start; total is the wall time so far, cpu the
 * process's user + system time). Threads' times overlap: on a loaded machine CPU is the steadier.
 */
export function reportTiming(
  env: NodeJS.ProcessEnv | undefined,
  phases: Record<string, number>,
  threads: ReadonlyArray<ThreadTiming | undefined>,
): void {
  if ((env ?? process.env).RAMPART_TIMING !== "1") return;
  const at = (epoch: number) => Math.round(epoch - performance.timeOrigin);
  const { user, system } = process.cpuUsage();
  const line = {
    node: Math.round(performance.nodeTiming.bootstrapComplete),
    ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, at(v)])),
    threads: threads.map((t) =>
      t === undefined
        ? "not started"
        : {
            start: at(t.start),
            end: at(t.end),
            cpu: Math.round(t.cpu),
            files: t.files,
            MB: +(t.bytes / 1e6).toFixed(1),
          },
    ),
    total: Math.round(performance.now()),
    cpu: Math.round((user + system) / 1000),
  };
  process.stderr.write(`rampart timing secrets scan: ${JSON.stringify(line)}\n`);
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

/** A running worker's reply; `stop()` ends it at once, and the reply is then empty. */
export type WorkerRun = Promise<WorkerReply> & { stop(): void };

/**
 * A worker started before its task is known: it loads its modules and prepares the built-in
 * rules (the rule table, the keyword loop's table) while this thread finds the repository and
 * lists the files or commits. `run` hands it its task (once); `stop` ends it, used or not.
 */
export interface StartedWorker {
  run(input: WorkerInput, onProgress?: (done: number) => void): WorkerRun;
  stop(): void;
}

/** What a worker is started with; its task follows as its first message. */
export interface WorkerStart {
  /** Prepare the built-in rules while waiting for the task (false when other rules are given). */
  warm: boolean;
  /** The folder of V8's code cache to open (scan-worker.ts), when this thread has one open. */
  cache?: string;
}

/**
 * The folder this thread's code cache was opened with (bin/rampart.js enableCompileCache, or
 * NODE_COMPILE_CACHE), for a worker to open the same: Node keeps the cache in a subfolder named
 * for its version and V8's flags (what getCompileCacheDir answers) of the folder it was given.
 * Undefined when no cache is open.
 */
export function compileCacheFolder(): string | undefined {
  const dir = module.getCompileCacheDir?.();
  return dir === undefined ? undefined : dirname(dir);
}

/**
 * A worker's young generation, in MB (Node's resourceLimits.maxYoungGenerationSizeMb). A scan
 * makes many short-lived strings and arrays (a file's text, a window's, match lists) and keeps
 * few: with V8's default the young generation grows to tens of MB per thread before collection,
 * and a worker is a thread of the same process, so that counts to its peak memory once per worker.
 * A small one is collected more often, each time as quickly (it holds little that lives).
 */
export const WORKER_YOUNG_MB = 8;

export function startWorker(start: WorkerStart): StartedWorker {
  const cache = start.cache ?? compileCacheFolder();
  const w = new Worker(WORKER, {
    workerData: cache === undefined ? start : { ...start, cache },
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  // Not waited for until it has a task: a scan that fails before (a missing path) still exits.
  w.unref();
  let stopped = false;
  let onProgress: ((done: number) => void) | undefined;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    void w.terminate();
  };
  const reply = new Promise<WorkerReply>((resolve, reject) => {
    w.on("message", (reply: WorkerReply) => {
      if (reply.progress !== undefined) {
        onProgress?.(reply.progress);
        return;
      }
      if (reply.error) reject(new RampartError(reply.error.code, reply.error.message, { hint: reply.error.hint }));
      else resolve(reply);
    });
    w.once("error", (error) => (stopped ? resolve({}) : reject(error)));
    w.once("exit", (code) => {
      if (stopped) resolve({});
      else if (code !== 0) reject(new RampartError("SECRETS_WORKER_FAILED", `a scan worker exited with code ${code}`));
      // Exited cleanly without its report (a bug in the worker): fail rather than wait forever.
      // Its messages are delivered before "exit"; a settled promise ignores this.
      else reject(new RampartError("SECRETS_WORKER_FAILED", "a scan worker ended without its report"));
    });
  });
  // A worker stopped or failed before it was given a task is no one's error.
  reply.catch(() => {});
  let ran = false;
  return {
    run(input, progress) {
      if (ran) throw new Error("a scan worker runs one task");
      ran = true;
      onProgress = progress;
      w.ref();
      w.postMessage(input);
      return Object.assign(reply, { stop });
    },
    stop,
  };
}

/** Starts `count` workers (none when workers are not available: running from sources). */
export function startWorkers(count: number, start: WorkerStart): StartedWorker[] {
  return workersAvailable() ? Array.from({ length: Math.max(0, count) }, () => startWorker(start)) : [];
}

/**
 * The shared state of a file scan across threads: the next file's index, then one word per
 * worker (0 not started, 1 scanning, 2 told not to start: the files ran out before it was ready).
 */
export function sharedFiles(workers: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * (1 + workers));
}

/**
 * Takes files from a shared list until none is left (see WorkerTask). `slot` is a worker's word
 * in the shared state; a worker that was told not to start scans nothing.
 */
export async function scanShared(
  files: readonly string[],
  next: SharedArrayBuffer,
  scan: (file: string) => Promise<void>,
  slot?: number,
): Promise<void> {
  const state = new Int32Array(next);
  if (slot !== undefined && Atomics.compareExchange(state, slot, 0, 1) !== 0) return;
  for (let i = Atomics.add(state, 0, 1); i < files.length; i = Atomics.add(state, 0, 1)) {
    await scan(files[i] as string);
  }
}

/**
 * Once this thread found no file left: workers still starting up are stopped (they would only
 * find the list empty); the others are waited for.
 */
export function stopIdle(next: SharedArrayBuffer, runs: readonly WorkerRun[]): Promise<WorkerReply[]> {
  const state = new Int32Array(next);
  runs.forEach((run, w) => {
    if (Atomics.compareExchange(state, w + 1, 0, 2) === 0) run.stop();
  });
  return Promise.all(runs);
}

/**
 * The lists of file names in merged stats, in the order of `files` (threads finish their files
 * in any order): the same report as a scan in one thread.
 */
export function sortStatLists(stats: SecretsStats, files: readonly string[]): void {
  const order = new Map(files.map((f, i) => [f, i]));
  const byOrder = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  stats.skippedBinaryFiles.sort(byOrder);
  stats.generatedFiles.sort(byOrder);
  stats.skippedTooLarge.sort(byOrder);
}

/** Round-robin shares: commit sizes vary, interleaving evens them out. */
export function split<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  for (const [i, item] of items.entries()) out[i % parts]?.push(item);
  return out;
}

/** A thread's findings, with the secret identities that do not travel inside them. */
export function replyFindings(findings: Finding[]): Pick<WorkerReply, "findings" | "identities"> {
  return { findings, identities: findings.map((f) => secretIdentity(f) ?? "") };
}

export function mergeInto(findings: Finding[], stats: SecretsStats, reply: WorkerReply): void {
  for (const [i, f] of (reply.findings ?? []).entries()) {
    const identity = reply.identities?.[i];
    if (identity) setSecretIdentity(f, identity);
    findings.push(f);
  }
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
