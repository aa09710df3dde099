import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "e2e",
    include: ["e2e/**/*.test.ts", "scripts/**/*.test.ts", "*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
