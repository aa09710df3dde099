import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, that any CI can read
 * without knowing vitest's own summary format, preceded by the reason of every skipped suite
 * whose reason is known (e.g. the fixtures of ../shared are absent on a plain clone).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    const reasons = new Map<string, number>();
    for (const mod of testModules) {
      if (mod.state() === "failed" && [...mod.children.allTests()].length === 0) failed++;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else {
          skipped++;
          const reason = /\[skipped: (.+)\]$/.exec(test.parent.type === "suite" ? test.parent.name : "")?.[1];
          if (reason !== undefined) {
            const key = `${mod.project.name}/${mod.relativeModuleId}: ${reason}`;
            reasons.set(key, (reasons.get(key) ?? 0) + 1);
          }
        }
      }
    }
    if (reasons.size > 0)
      process.stdout.write(`\nskipped suites:\n${[...reasons.keys()].map((r) => `  ${r}\n`).join("")}`);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
