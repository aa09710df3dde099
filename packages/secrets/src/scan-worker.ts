import { parentPort, workerData } from "node:worker_threads";
import { isRampartError } from "@rampart/core";
import { scanCommits } from "./commits.js";
import { scanFile } from "./paths.js";
import { prepareScanner } from "./setup.js";
import type { WorkerInput, WorkerReply } from "./workers.js";

// One share of a scan (commits of the history, or files of a tree), in its own thread.
const input = workerData as WorkerInput;
let reply: WorkerReply;
try {
  const git = { cwd: input.root ?? ".", ...(input.env === undefined ? {} : { env: input.env }) };
  const scanner = await prepareScanner(input.root, { ...input.options, ...git });
  const { task } = input;
  if (task.kind === "commits") {
    // Progress every few dozen commits: cheap next to scanning them.
    let done = 0;
    await scanCommits(scanner, task.commits, git, () => {
      done++;
      if (done % 25 === 0) parentPort?.postMessage({ progress: done } satisfies WorkerReply);
    });
    parentPort?.postMessage({ progress: done } satisfies WorkerReply);
  } else for (const file of task.files) await scanFile(scanner, task.base, file);
  reply = { findings: scanner.findings, stats: scanner.stats };
} catch (error) {
  reply = isRampartError(error)
    ? { error: { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) } }
    : { error: { code: "SECRETS_WORKER_FAILED", message: String(error) } };
}
parentPort?.postMessage(reply);
