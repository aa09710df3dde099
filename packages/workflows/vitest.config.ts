import { defineProject } from "vitest/config";

// isolate: false: a worker runs file after file of this project with one module graph, instead of
// a new worker per file that imports the package's modules again. Tests here keep no state in
// modules between files.
export default defineProject({
  test: { name: "workflows", include: ["test/**/*.test.ts"], testTimeout: 30_000, isolate: false },
});
