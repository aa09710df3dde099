import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cleanEnv, cliBin, tempDir } from "@rampart/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The bin writes its output with write(2) on the descriptors until something needs Node's
// stream (src/stdio.ts). These run the real bin with its stdout a pipe, as hooks, CI and
// `rampart ... | jq` have it.

/** A project with one package and nothing to report. */
function cleanProject(dir: string): void {
  const packages = {
    "": { name: "clean", version: "1.0.0", dependencies: { ms: "2.1.3" } },
    "node_modules/ms": {
      version: "2.1.3",
      resolved: "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
      integrity: `sha512-${Buffer.alloc(64, 7).toString("base64")}`,
    },
  };
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "clean", version: "1.0.0", dependencies: { ms: "2.1.3" } }),
  );
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify({ lockfileVersion: 3, packages }, null, 2));
}

/** A project whose JSON report is ~10 pipe buffers long (1,500 sha1-only entries: one finding each). */
function bigProject(dir: string): void {
  const packages: Record<string, unknown> = { "": { name: "big", version: "1.0.0" } };
  for (let i = 0; i < 1500; i++) {
    packages[`node_modules/p${i}`] = {
      version: "1.0.0",
      resolved: `https://registry.npmjs.org/p${i}/-/p${i}-1.0.0.tgz`,
      integrity: "sha1-2jmtfdbqF9M6YmI7OTpwd8vYmnY=",
    };
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "big", version: "1.0.0" }));
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify({ lockfileVersion: 3, packages }, null, 2));
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node [pre] bin args` with stdout a pipe this side reads only after `holdMs` (so a long
 * report fills the pipe first), or closes after its first chunk (`closeEarly`).
 */
function run(
  args: string[],
  cwd: string,
  opts: { pre?: string[]; holdMs?: number; closeEarly?: boolean } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.pre ?? []), cliBin, ...args], {
      cwd,
      env: { ...cleanEnv(), NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on("data", (d: Buffer) => {
        out.push(d);
        if (opts.closeEarly) child.stdout.destroy();
      });
      child.stdout.resume();
    }, opts.holdMs ?? 0);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr }));
  });
}

describe("the bin's stdout and stderr", () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir("rampart-stdio-"));
    bigProject(dir);
  });
  afterAll(() => cleanup());

  const check = ["lockfile", "check", "package-lock.json", "--format", "json"];

  it("a report longer than the pipe holds arrives whole, and parses", async () => {
    const r = await run(check, dir, { holdMs: 300 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0); // sha1 only: warnings
    const report = JSON.parse(r.stdout) as { findings: unknown[] };
    expect(report.findings).toHaveLength(1500);
    expect(r.stdout.length).toBeGreaterThan(10 * 65536);
  });

  it("a pipe left non-blocking (EAGAIN) gets the rest through Node's stream, in order", async () => {
    // Building process.stdout first leaves the pipe non-blocking (libuv), as another process
    // sharing the pipe may: write(2) then refuses once the pipe is full.
    const pre = join(dir, "nonblocking.mjs");
    writeFileSync(pre, "process.stdout;\n");
    const whole = await run(check, dir, { holdMs: 0 });
    const r = await run(check, dir, { pre: ["--import", pathToFileURL(pre).href], holdMs: 300 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(whole.stdout);
  });

  it("a reader that goes away early is not an error", async () => {
    const r = await run(check, dir, { closeEarly: true });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("a clean JSON report to a pipe builds no stream: Node's net and stream modules stay unloaded", async () => {
    // (A finding's fingerprint loads node:crypto, which loads the stream modules itself.)
    const clean = join(dir, "clean");
    mkdirSync(clean);
    cleanProject(clean);
    // process.moduleLoadList: the built-ins this process loaded (a resolve hook sees none of them).
    const trace = join(dir, "builtins.txt");
    const pre = join(dir, "builtins.mjs");
    writeFileSync(
      pre,
      `process.on("exit", () => process.getBuiltinModule("node:fs").writeFileSync(${JSON.stringify(trace)}, process.moduleLoadList.join("\\n")));\n`,
    );
    const r = await run(check, clean, { pre: ["--import", pathToFileURL(pre).href] });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tool: "rampart", findings: [] });
    const loaded = readFileSync(trace, "utf8").split("\n");
    expect(loaded).toContain("NativeModule path"); // the list is the real one
    expect(
      loaded.filter((m) =>
        /^NativeModule (net|tty|internal\/streams\/writable|internal\/fs\/sync_write_stream)$/.test(m),
      ),
    ).toEqual([]);
  });
});
