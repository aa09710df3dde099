import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../src/diff.js";

// The diff is checked by the tool that matters: `git apply` must turn `before` into `after`.
async function applies(before: string | null, after: string | null): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "rampart-diff-"));
  try {
    if (before !== null) writeFileSync(join(dir, "f.txt"), before);
    const patch = unifiedDiff("f.txt", before, after);
    writeFileSync(join(dir, "p.diff"), patch);
    execFileSync("git", ["apply", "p.diff"], { cwd: dir, stdio: "pipe" });
    if (after === null) return;
    expect(readFileSync(join(dir, "f.txt"), "utf8")).toBe(after);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lines = (n: number, f = (i: number) => `line ${i}`) =>
  `${Array.from({ length: n }, (_, i) => f(i)).join("\n")}\n`;

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a", "x\n", "x\n")).toBe("");
  });

  it("writes a new file as one hunk from /dev/null", async () => {
    const d = unifiedDiff("f.txt", null, "a\nb\n");
    expect(d).toBe("--- /dev/null\n+++ b/f.txt\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    await applies(null, "a\nb\n");
  });

  it("puts separate changes in separate hunks that git applies", async () => {
    const before = lines(40);
    const after = lines(40, (i) => (i === 3 ? "changed 3" : i === 30 ? "changed 30" : `line ${i}`)).replace(
      "line 20\n",
      "",
    );
    const d = unifiedDiff("f.txt", before, after);
    expect(d.match(/^@@/gm)).toHaveLength(3);
    expect(d).toContain("-line 3\n+changed 3\n");
    await applies(before, after);
  });

  it("handles insertions at the start and the end", async () => {
    await applies("b\nc\n", "a\nb\nc\nd\n");
    await applies("a\nb\nc\nd\n", "b\nc\n");
  });
});
