import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import type { SecretRule } from "../src/rule.js";
import { rules } from "../src/rules/index.js";
import { Rand } from "./support/secrets.js";

/**
 * Catastrophic backtracking guard: every rule runs over 256 KiB inputs built from the characters
 * its own pattern accepts. A linear pattern takes milliseconds; an exponential or quadratic one
 * takes tens of seconds to hours (a quadratic `[a-z]*=` over 256 KiB of letters: 30-43 s of CPU
 * here; the test below proves the size still catches one). The bound is generous so this never
 * becomes a timing test. (Inputs of 1 MiB made this file take 95 s, all of it spent on the
 * 1,913 linear rules.)
 *
 * Each rule's regex runs in a worker thread that is terminated when it overruns a hard deadline,
 * so a catastrophic pattern fails its own test, named by the rule's id, instead of hanging the
 * suite in the middle of one `exec`.
 *
 * Times are the thread's own CPU time where Node can say (process.threadCpuUsage): on a machine
 * shared with other jobs, wall time measures the load, not the regex.
 */
const SIZE = 1 << 18;
const BOUND_MS = 2000;
/** After this long the worker is killed: the regex would not have finished (4 inputs of BOUND_MS each and slack). */
const KILL_MS = 20_000;
const CANDIDATES = [
  ..." !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\t\n",
  // Beyond ASCII (values may hold letters of any script, symbols, emoji): Latin, Cyrillic, Han,
  // a currency sign, and the two halves of an emoji's surrogate pair, each one code unit.
  ..."\u00e9\u00df\u044f\u4e2d\u20ac",
  "\ud83d",
  "\udd11",
];

/** The bracketed character classes of a RegExp source. */
function classesOf(source: string): RegExp[] {
  const out: RegExp[] = [];
  for (let i = 0; i < source.length; i++) {
    if (source[i] === "\\") {
      i++;
      continue;
    }
    if (source[i] !== "[") continue;
    let j = i + 1;
    while (j < source.length && source[j] !== "]") j += source[j] === "\\" ? 2 : 1;
    out.push(new RegExp(`^${source.slice(i, j + 1)}$`));
    i = j;
  }
  return out;
}

/** Characters the pattern's classes accept, most widely accepted first. */
function acceptedChars(rule: SecretRule): string[] {
  const classes = classesOf(rule.pattern);
  const scored = CANDIDATES.map((c) => [c, classes.filter((re) => re.test(c)).length] as const);
  return scored
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([c]) => c);
}

function fill(unit: string, size = SIZE): string {
  return unit.repeat(Math.ceil(size / Math.max(1, unit.length))).slice(0, size);
}

function adversarialInputs(rule: SecretRule): Array<[string, string]> {
  const kw = rule.keywords[0] ?? "";
  const chars = acceptedChars(rule);
  const wide = chars[0] ?? "a";
  const rand = new Rand(rule.id.length * 31 + 7);
  const alphabet = chars.join("") + kw;
  return [
    ["keyword + run of its widest character", kw + fill(wide)],
    ["keyword, separator and near-miss values, repeated", fill(`${kw}=${fill(chars.join(""), 64)} `)],
    ["keyword repeated", fill(kw || wide)],
    // A random 4 KiB block repeated: random enough to trip backtracking, cheap to build.
    ["random mix of accepted characters", kw + fill(rand.of(alphabet || "a", 4096))],
  ];
}

interface Probe {
  pattern: string;
  flags: string;
  warm: string;
  inputs: Array<[string, string]>;
}
type Timing = Array<[string, number]>;

// The worker runs each regex to the end of each input and replies with the milliseconds of CPU
// time its thread spent (wall time where Node cannot tell).
// V8 interprets a regex on its first run and compiles it after; the engine reuses compiled
// regexes across files, so the compiled form is timed. Plain JavaScript: it runs uncompiled.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const now = () => {
  const cpu = process.threadCpuUsage?.();
  return cpu === undefined ? performance.now() : (cpu.user + cpu.system) / 1000;
};
parentPort.on("message", ({ pattern, flags, warm, inputs }) => {
  const re = new RegExp(pattern, "gd" + flags);
  re.exec(warm);
  const out = [];
  for (const [label, input] of inputs) {
    re.lastIndex = 0;
    const started = now();
    for (let m = re.exec(input); m !== null; m = re.exec(input)) if (m[0].length === 0) re.lastIndex++;
    out.push([label, now() - started]);
  }
  parentPort.postMessage(out);
});
`;

/** One worker at a time runs the probes; an overrun kills it and the next probe gets a fresh one. */
class ProbeRunner {
  private worker: Worker | undefined;

  private get current(): Worker {
    this.worker ??= new Worker(WORKER_SOURCE, { eval: true });
    return this.worker;
  }

  /** The timings, or "killed" when the worker overran `deadline` and was terminated. */
  run(probe: Probe, deadline: number): Promise<Timing | "killed"> {
    const worker = this.current;
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
      };
      const onMessage = (timing: Timing): void => {
        done();
        resolve(timing);
      };
      const onError = (error: Error): void => {
        done();
        this.worker = undefined;
        reject(error);
      };
      const timer = setTimeout(() => {
        done();
        this.worker = undefined;
        void worker.terminate().then(() => resolve("killed"));
      }, deadline);
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.postMessage(probe);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

/** This thread's CPU time in milliseconds (wall time where Node cannot tell). */
function threadCpuMs(): number {
  const cpu = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.();
  return cpu === undefined ? performance.now() : (cpu.user + cpu.system) / 1000;
}

const runner = new ProbeRunner();
afterAll(() => runner.close());

function probeOf(rule: SecretRule): Probe {
  return {
    pattern: rule.pattern,
    flags: rule.flags ?? "",
    warm: `warm ${rule.keywords[0] ?? ""}`,
    inputs: adversarialInputs(rule),
  };
}

describe("ReDoS: every rule is linear on megabyte adversarial inputs", () => {
  it.each(rules.map((r) => [r.id, r] as const))(
    "%s",
    async (_id, rule) => {
      const timing = await runner.run(probeOf(rule), KILL_MS);
      expect(timing, `${rule.id}: killed after ${KILL_MS} ms (catastrophic backtracking)`).not.toBe("killed");
      for (const [label, ms] of timing as Timing) {
        expect(ms, `${rule.id}: ${label} took ${ms.toFixed(0)} ms`).toBeLessThan(BOUND_MS);
      }
    },
    KILL_MS + 10_000,
  );

  it("a catastrophic pattern is killed at the deadline and named, not left to hang the suite", async () => {
    const rule: SecretRule = {
      id: "test-catastrophic",
      provider: "test",
      description: "nested quantifiers",
      keywords: ["a"],
      pattern: "(?:a+)+b",
      framework: ["SRC-2"],
      confidence: "low",
    };
    const started = performance.now();
    const timing = await runner.run({ ...probeOf(rule), inputs: [["run of a", fill("a", 64)]] }, 500);
    expect(timing).toBe("killed");
    expect(performance.now() - started).toBeLessThan(KILL_MS);
    // The runner recovers: the next probe gets a fresh worker.
    const next = await runner.run({ ...probeOf(rule), inputs: [["short", "aab"]] }, KILL_MS);
    expect(next).not.toBe("killed");
  });

  it("a quadratic pattern overruns the bound at this input size (the size is not too small to tell)", async () => {
    const rule: SecretRule = {
      id: "test-quadratic",
      provider: "test",
      description: "a run the regex retries from every start",
      keywords: ["="],
      pattern: "[a-z]*=",
      framework: ["SRC-2"],
      confidence: "low",
    };
    const timing = await runner.run({ ...probeOf(rule), inputs: [["run of letters", fill("a")]] }, BOUND_MS * 2);
    if (timing !== "killed") expect(timing[0]?.[1]).toBeGreaterThan(BOUND_MS);
  });

  it("the whole engine stays bounded on 256 KiB of keyword soup", () => {
    const soup = fill([...new Set(rules.flatMap((r) => r.keywords))].join(" = "));
    const started = threadCpuMs();
    matchText(soup);
    expect(threadCpuMs() - started).toBeLessThan(BOUND_MS * 5);
  });
});
