import { defineProject } from "vitest/config";

// isolate: false: a worker runs file after file of this project with one module graph, instead of
// a new worker per file re-importing the rule modules (whole project, paired, load 17-37: 239 s of
// CPU isolated, 187 s not). Module state shared between files is reset before each file (setupFiles).
export default defineProject({
  test: {
    name: "secrets",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    isolate: false,
    setupFiles: ["test/support/setup.ts"],
  },
});
