import { parentPort, workerData } from "node:worker_threads";
import { isRampartError } from "@rampart/core";
import { scanCommits } from "./commits.js";
import type { WorkerInput, WorkerReply } from "./history.js";
import { prepareScanner } from "./setup.js";

// One slice of the history, scanned in its own thread with its own git processes.
const input = workerData as WorkerInput;
let reply: WorkerReply;
try {
  const git = { cwd: input.root, ...(input.env === undefined ? {} : { env: input.env }) };
  const scanner = await prepareScanner(input.root, { ...input.options, ...git });
  await scanCommits(scanner, input.commits, git);
  reply = { findings: scanner.findings, stats: scanner.stats };
} catch (error) {
  reply = isRampartError(error)
    ? { error: { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) } }
    : { error: { code: "SECRETS_WORKER_FAILED", message: String(error) } };
}
parentPort?.postMessage(reply);
