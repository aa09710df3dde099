import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ExitCode } from "@rampart/core";
import { cleanEnv, gitRepo, repoRoot, runCli, runCommand, tempDir } from "@rampart/test-helpers";
import { describe, expect, it, onTestFinished } from "vitest";
import { scanHistory } from "../src/history.js";
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
    const r = await runCli(["secrets", "scan", "--no-gitignore", "--format", "json", "."], {
      cwd: dir,
      env: { ...cleanEnv(), RAMPART_TIMING: "1" },
    });
    expect(r.exitCode, r.stderr).toBe(ExitCode.Findings);
    const threads = JSON.parse(r.stdout);
    const one = await scanPaths({ cwd: dir, paths: ["."], gitignore: false, jobs: 1, baseline: false });
    const shape = (
      fs: Array<{
        ruleId: string;
        file?: string;
        line?: number;
        column?: number;
        message: string;
        fingerprint: string;
      }>,
    ) => fs.map((f) => [f.ruleId, f.file, f.line, f.column, f.message, f.fingerprint]);
    expect(shape(threads.findings)).toEqual(shape(one.findings));
    expect(threads.findings.filter((f: { ruleId: string }) => !f.ruleId.startsWith("file-")).length).toBeGreaterThan(
      20,
    );
    expect(threads.stats).toEqual(JSON.parse(JSON.stringify(one.stats)));
    // Binary files are read too, as raw bytes (binary.test.ts): one every 150.
    const scanned = files + Math.ceil(files / 150);
    expect(threads.stats.files).toBe(scanned);
    // Secrets are masked in the threads' report as in any other.
    expect(r.stdout).not.toContain(githubToken(97));
    // RAMPART_TIMING: one line saying where the time went, each thread with its share of the files.
    const timing = /^rampart timing secrets scan: (.*)$/m.exec(r.stderr);
    expect(timing, r.stderr).not.toBeNull();
    const line = JSON.parse(timing?.[1] as string) as { threads: Array<{ files: number } | string>; listed: number };
    // A worker still starting when the files ran out is stopped: "not started".
    expect(line.threads).toHaveLength(Math.min(availableParallelism(), 3));
    expect(line.threads.reduce((n, t) => n + (typeof t === "string" ? 0 : t.files), 0)).toBe(scanned);
    expect(line.listed).toBeGreaterThan(0);
    if (availableParallelism() < 2) console.warn("one core: the scan ran in one thread");
  });

  // A worker thread does not inherit the code cache the CLI opens (bin/rampart.js): it opens the
  // same folder itself, so a second run compiles none of the modules the worker loads. Node says
  // what its cache does on stderr with NODE_DEBUG_NATIVE=COMPILE_CACHE. The worker is given a task
  // (no files), so it runs to its end and writes the cache, whatever the machine's load.
  it("a worker opens the code cache its process opened, in the same folder", async () => {
    const { dir, cleanup } = tempDir();
    onTestFinished(cleanup);
    const cache = join(dir, "cache");
    const script = join(dir, "start-worker.mjs");
    writeFileSync(
      script,
      `import module from "node:module";
module.enableCompileCache(${JSON.stringify(cache)});
const { sharedFiles, startWorker } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, "packages/secrets/dist/workers.js")).href)});
const reply = await startWorker({ warm: false }).run({
  root: undefined,
  options: { policy: {}, showSecrets: false, baseline: false },
  task: { kind: "files", base: ${JSON.stringify(dir)}, files: [], next: sharedFiles(1), slot: 1 },
});
process.stdout.write(JSON.stringify(reply.stats));
`,
    );
    const env: NodeJS.ProcessEnv = { ...cleanEnv(), NODE_DEBUG_NATIVE: "COMPILE_CACHE" };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const run = () => runCommand(process.execPath, [script], { cwd: dir, env });
    const first = await run();
    expect(first.exitCode, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).files).toBe(0);
    const second = await run();
    expect(second.exitCode, second.stderr).toBe(0);
    // The worker's own module, read back in the second run from the process's folder (Node keeps
    // its entries one folder down, named for its version), not from a folder of its own.
    const escaped = cache.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const read = new RegExp(
      `reading cache from ${escaped}/[^/\\s]+/[^/\\s]+ for ESM \\S+/scan-thread\\.js\\.\\.\\.[^\\n]* success`,
    );
    expect(second.stderr, second.stderr).toMatch(read);
    expect(second.stderr).toMatch(/V8 code cache for ESM \S+\/scan-thread\.js was accepted/);
  });

  // Workers start before the files are listed: a scan that fails after that (a config error) or
  // needs none of them (a small folder) still ends at once, with its own answer.
  it("ends at once when it fails or needs no worker after its workers started", async () => {
    const broken = await gitRepo({ ".gitleaks.toml": "[[rules]\nid = 1\n", "a.js": "x\n" });
    const failed = await runCli(["secrets", "scan", "."], { cwd: broken.dir, env: broken.env, timeout: 20_000 });
    expect(failed.exitCode, failed.stderr).toBe(ExitCode.Error);
    expect(failed.stderr).toContain(".gitleaks.toml");
    const small = await gitRepo({ "a.js": tokenLine(githubToken(5)), "b.js": "ok\n" });
    const found = await runCli(["secrets", "scan", "--format", "json", "."], {
      cwd: small.dir,
      env: small.env,
      timeout: 20_000,
    });
    expect(found.exitCode, found.stderr).toBe(ExitCode.Findings);
    expect(JSON.parse(found.stdout).findings.map((f: { file: string }) => f.file)).toEqual(["a.js"]);
  });

  it("--all-history in threads reports what one thread reports", async () => {
    const repo = await gitRepo({ "start.txt": "0\n" });
    // 130 commits in one git process (fast-import), a token added every 20th.
    const commits = 130;
    let stream = "";
    const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
    for (let i = 1; i <= commits; i++) {
      stream += `commit refs/heads/main\ncommitter A <a@example.com> ${1_600_000_000 + i} +0000\n${data(`c${i}`)}`;
      if (i === 1) stream += "from refs/heads/main^0\n";
      const text = `export const v${i} = ${i};\n${i % 20 === 0 ? tokenLine(githubToken(i)) : ""}`;
      stream += `M 100644 inline f${i % 7}.js\n${data(text)}`;
    }
    await repo.git(["fast-import", "--quiet"], { input: stream });
    await repo.git(["reset", "-q", "--hard", "main"]);
    const cli = await runCli(["secrets", "scan", "--all-history", "--format", "json"], {
      cwd: repo.dir,
      env: repo.env,
      timeout: 60_000,
    });
    expect(cli.exitCode, cli.stderr).toBe(ExitCode.Findings);
    const threads = JSON.parse(cli.stdout);
    const one = await scanHistory({ cwd: repo.dir, env: repo.env, jobs: 1, baseline: false });
    const shape = (fs: Array<{ ruleId: string; file?: string; commit?: string; line?: number }>) =>
      fs.map((f) => [f.ruleId, f.file, f.commit, f.line]);
    expect(shape(threads.findings)).toEqual(shape(one.findings));
    expect(threads.findings).toHaveLength(Math.floor(commits / 20));
    expect(threads.stats.commits).toBe(commits + 1);
  });
});
