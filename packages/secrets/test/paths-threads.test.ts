import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { ExitCode } from "@rampart/core";
import { runCli, tempDir } from "@rampart/test-helpers";
import { describe, expect, it, onTestFinished } from "vitest";
import { scanPaths } from "../src/paths.js";
import { awsAccessKeyId, githubToken, privateKeyPem, tokenLine } from "./synthetic.js";

// A path scan of a large tree shares its files between threads (the built CLI: worker threads
// exist only once built). Whatever thread takes which file, the report must be the one a scan
// in one thread makes: same findings, same stats, lists of files in the same order.
describe("path scans in worker threads (built CLI)", () => {
  it("report exactly what one thread reports", async () => {
    const { dir, cleanup } = tempDir();
    onTestFinished(cleanup);
    const files = 1200;
    for (let i = 0; i < files; i++) {
      const sub = join(dir, `d${i % 17}`, `e${i % 5}`);
      mkdirSync(sub, { recursive: true });
      // Sizes vary widely so that threads take very different numbers of files.
      let text = `export const v${i} = ${i};\n`.repeat(1 + ((i * 7919) % 400));
      if (i % 97 === 0) text += tokenLine(githubToken(i));
      if (i % 131 === 0) text += `aws_access_key_id = ${awsAccessKeyId(i)}\n`;
      if (i % 211 === 0) text += privateKeyPem("ed25519");
      if (i % 89 === 0) text += `${"x".repeat(3000)}\n`; // a generated line
      writeFileSync(join(sub, `f${i}.js`), text);
      if (i % 150 === 0) writeFileSync(join(sub, `b${i}.bin`), Buffer.from([0, 1, 2, 0, 3]));
    }
    const r = await runCli(["secrets", "scan", "--no-gitignore", "--format", "json", "."], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(ExitCode.Findings);
    const threads = JSON.parse(r.stdout);
    const one = await scanPaths({ cwd: dir, paths: ["."], gitignore: false, jobs: 1, baseline: false });
    const shape = (fs: Array<{ ruleId: string; file?: string; line?: number; column?: number; message: string }>) =>
      fs.map((f) => [f.ruleId, f.file, f.line, f.column, f.message]);
    expect(shape(threads.findings)).toEqual(shape(one.findings));
    expect(threads.findings.filter((f: { ruleId: string }) => !f.ruleId.startsWith("file-")).length).toBeGreaterThan(
      20,
    );
    expect(threads.stats).toEqual(JSON.parse(JSON.stringify(one.stats)));
    expect(threads.stats.files).toBe(files);
    // Secrets are masked in the threads' report as in any other.
    expect(r.stdout).not.toContain(githubToken(97));
    if (availableParallelism() < 2) console.warn("one core: the scan ran in one thread");
  });
});
