import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { scanHistory } from "../src/history.js";
import { scanPaths } from "../src/paths.js";
import { scanRange } from "../src/range.js";
import { scanStaged } from "../src/staged.js";
import { githubToken } from "./synthetic.js";

// A file over secrets.maxFileSize is read all the same, in 4 MiB windows that overlap (scanner.ts
// scanLarge). Before, it was named in a warning and never read: the scan passed with a key in it.

const MIB = 1024 * 1024;
const noBaseline = { baseline: false } as const;

/**
 * ~9 MiB of 100-byte lines with a token on a line that crosses where the first 4 MiB window's
 * own part ends, one across that window's end, one across the second window's end, as text or as a
 * binary (a NUL in its first bytes). Returns the content and each token's line.
 */
function largeFile(binary: boolean): { content: Buffer; tokens: Array<{ token: string; line: number }> } {
  const filler = `${"x".repeat(99)}\n`;
  const parts: string[] = [binary ? "\0binary\n" : "text\n"];
  let size = parts[0]!.length;
  let line = 2;
  const tokens: Array<{ token: string; line: number }> = [];
  for (const [seed, at] of [
    [42, 4 * MIB - 64 * 1024 - 15], // across where the first window's own part ends
    [41, 4 * MIB - 15], // across the first window's end
    [43, 8 * MIB - 64 * 1024 - 30], // across the second window's end
  ] as const) {
    while (size + filler.length < at) {
      parts.push(filler);
      size += filler.length;
      line++;
    }
    const token = githubToken(seed);
    const text = `${"y".repeat(at - size)}\ntoken = "${token}"\n`;
    parts.push(text);
    size += text.length;
    tokens.push({ token, line: line + 1 });
    line += 2;
  }
  while (size < 9 * MIB) {
    parts.push(filler);
    size += filler.length;
  }
  return { content: Buffer.from(parts.join(""), "latin1"), tokens };
}

const found = (r: { findings: Array<{ ruleId: string; line?: number; severity: string }> }) =>
  r.findings
    .filter((f) => f.ruleId.startsWith("github"))
    .map((f) => [f.line, f.severity])
    .sort((a, b) => (a[0] as number) - (b[0] as number));

describe("a file over maxFileSize is read, in windows", () => {
  it("tree scan, --staged, --range and history each find every key once, at its line", async () => {
    for (const binary of [false, true]) {
      const repo = await gitRepo({ "README.md": "hi\n" });
      const base = await repo.git(["rev-parse", "HEAD"]);
      const { content, tokens } = largeFile(binary);
      repo.write("data/big.txt", content);
      const expected = tokens.map((t) => [t.line, "error"]).sort((a, b) => (a[0] as number) - (b[0] as number));
      const tree = await scanPaths({ cwd: repo.dir, ...noBaseline, jobs: 1 });
      expect({ binary, how: "tree", lines: found(tree), ok: tree.ok }).toEqual({
        binary,
        how: "tree",
        lines: expected,
        ok: false,
      });
      expect(tree.findings.map((f) => f.ruleId)).not.toContain("file-too-large");
      await repo.git(["add", "-A"]);
      const staged = await scanStaged({ cwd: repo.dir, ...noBaseline });
      expect({ binary, how: "staged", lines: found(staged) }).toEqual({ binary, how: "staged", lines: expected });
      await repo.git(["commit", "-q", "--no-verify", "-m", "data"]);
      const range = await scanRange({ cwd: repo.dir, ...noBaseline, range: `${base}..HEAD` });
      expect({ binary, how: "range", lines: found(range) }).toEqual({ binary, how: "range", lines: expected });
      // History reads blobs as ranges do (commits.ts): the text file is enough there.
      const history = binary ? range : await scanHistory({ cwd: repo.dir, ...noBaseline, jobs: 1 });
      expect({ binary, how: "history", lines: found(history) }).toEqual({ binary, how: "history", lines: expected });
      // Nothing is shown whole.
      for (const r of [tree, staged, range, history])
        for (const { token } of tokens) expect(JSON.stringify(r.findings)).not.toContain(token);
    }
  });
});
