import { parentPort, workerData } from "node:worker_threads";
import { isRampartError } from "@rampart/core/errors";
import { scanCommits } from "./commits.js";
import { warmUp } from "./match.js";
import { scanFile } from "./paths.js";
import { prepareScanner } from "./setup.js";
import {
  epochNow,
  replyFindings,
  scanShared,
  threadCpu,
  type WorkerInput,
  type WorkerReply,
  type WorkerStart,
} from "./workers.js";

// One share of a scan (commits of the history, or files of a tree), in its own thread, loaded by
// scan-worker.ts once V8's code cache is open. The thread starts before its task is known
// (workers.ts startWorker): the task is its first message.
const task = new Promise<WorkerInput>((resolve) => parentPort?.once("message", resolve));
if ((workerData as WorkerStart).warm) {
  try {
    warmUp();
  } catch {
    // Only a head start: the scan prepares its rules again and reports what is wrong then.
  }
}
const input = await task;
let reply: WorkerReply;
try {
  const git = { cwd: input.root ?? ".", ...(input.env === undefined ? {} : { env: input.env }) };
  const scanner = await prepareScanner(input.root, { ...input.options, ...git });
  const start = epochNow();
  const { task } = input;
  if (task.kind === "commits") {
    // Progress every few dozen commits: cheap next to scanning them.
    let done = 0;
    await scanCommits(scanner, task.commits, git, () => {
      done++;
      if (done % 25 === 0) parentPort?.postMessage({ progress: done } satisfies WorkerReply);
    });
    parentPort?.postMessage({ progress: done } satisfies WorkerReply);
  } else await scanShared(task.files, task.next, (file) => scanFile(scanner, task.base, file), task.slot);
  const { files, bytes } = scanner.stats;
  const timing = { start, end: epochNow(), cpu: threadCpu(), files, bytes };
  reply = { ...replyFindings(scanner.findings), stats: scanner.stats, timing };
} catch (error) {
  reply = isRampartError(error)
    ? { error: { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) } }
    : { error: { code: "SECRETS_WORKER_FAILED", message: String(error) } };
}
parentPort?.postMessage(reply);
