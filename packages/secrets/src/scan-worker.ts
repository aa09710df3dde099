import module from "node:module";
import { workerData } from "node:worker_threads";
import type { WorkerStart } from "./workers.js";

// A scan worker's entry. A worker thread does not inherit the code cache the CLI opened for its
// own thread (bin/rampart.js enableCompileCache): without it, each worker compiled every module
// it loads on each run. The cache is opened here, in the folder the CLI chose (workers.ts
// compileCacheFolder), before anything else is loaded; then the thread's work (scan-thread.ts).
const { cache } = workerData as WorkerStart;
if (cache !== undefined && module.getCompileCacheDir?.() === undefined) module.enableCompileCache?.(cache);
await import("./scan-thread.js");
