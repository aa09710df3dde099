import { defineConfig } from "vitest/config";

// One vitest run over every package and the cross-package tests in test/, so `npm test` reports
// one total. Each project runs its own test/ folder.
export default defineConfig({
  test: {
    projects: ["packages/*", "test"],
    reporters: ["default", "./test/helpers/src/summary-reporter.ts"],
  },
});
