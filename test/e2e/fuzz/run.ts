import { resolve } from "node:path";
import { Readable, Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../../helpers/src/index.js";
import { leaks } from "./mutate.js";

/**
 * Runs the built CLI in this process: `execute()` from packages/cli/dist, the bin's own code path
 * (argument parsing, dispatch, error printing, output redaction) with injected argv, cwd, env and
 * streams. What a library prints around those streams (console.*, process warnings) is captured
 * and redacted as the bin's process-wide redaction would.
 */

/** Far above any sane run on a loaded machine; only a hang or a runaway reaches it. */
export const CASE_TIME_LIMIT_MS = 20_000;

export interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** What went around the CLI's streams (console.*, process warnings), as the bin would print it. */
  around: string;
}

type Execute = (argv: readonly string[], options: { io: object }) => Promise<number>;
let loaded: { execute: Execute; redact: (text: string) => string } | undefined;

async function load(): Promise<NonNullable<typeof loaded>> {
  if (loaded) return loaded;
  const url = (p: string) => pathToFileURL(resolve(repoRoot, p)).href;
  const { execute } = (await import(url("packages/cli/dist/main.js"))) as { execute: Execute };
  const { redact } = (await import(url("packages/core/dist/index.js"))) as { redact: (t: string) => string };
  loaded = { execute, redact };
  return loaded;
}

function sink(): { stream: Writable & { isTTY: boolean }; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, cb) {
        chunks.push(Buffer.from(chunk));
        cb();
      },
    }),
    { isTTY: false },
  );
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

export async function runInProcess(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const { execute, redact } = await load();
  const out = sink();
  const err = sink();
  const around: string[] = [];
  const originals = [process.stdout.write, process.stderr.write] as const;
  const capture = ((chunk: unknown) => {
    around.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  }) as typeof process.stdout.write;
  const onWarning = (w: Error) => around.push(`${w.name}: ${w.message}\n`);
  process.stdout.write = capture;
  process.stderr.write = capture;
  process.on("warning", onWarning);
  let timer: NodeJS.Timeout | undefined;
  try {
    const run = execute(args, { io: { stdin: Readable.from([]), stdout: out.stream, stderr: err.stream, env, cwd } });
    const limit = new Promise<number>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CASE_TIME_LIMIT_MS} ms`)), CASE_TIME_LIMIT_MS);
    });
    const exitCode = await Promise.race([run, limit]);
    await new Promise((r) => setImmediate(r)); // let a pending process warning arrive
    return { exitCode, stdout: out.text(), stderr: err.text(), around: redact(around.join("")) };
  } finally {
    clearTimeout(timer);
    process.off("warning", onWarning);
    [process.stdout.write, process.stderr.write] = originals;
  }
}

/**
 * What is wrong with a run (empty when nothing): an exit code outside 0/1/2, an "unexpected error",
 * a stack trace, or an 8-character slice of one of `secrets` in the output or in a written file.
 */
export function problems(o: Outcome, secrets: readonly string[], written: Array<[string, string]> = []): string[] {
  const found: string[] = [];
  if (![0, 1, 2].includes(o.exitCode)) found.push(`exit code ${o.exitCode}`);
  const all = `${o.stdout}\n${o.stderr}\n${o.around}`;
  if (/unexpected error|likely a bug/.test(all)) found.push("unexpected error");
  if (/^\s+at .+(:\d+:\d+\)?|\(node:[^)]*\))$/m.test(all)) found.push("stack trace");
  for (const [where, text] of [
    ["stdout", o.stdout],
    ["stderr", o.stderr],
    ["printed around the streams", o.around],
    ...written.map(([p, t]) => [`file ${p}`, t] as const),
  ] as const)
    for (const leak of leaks(text, secrets)) found.push(`${leak} in ${where}`);
  return found;
}
