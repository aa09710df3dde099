import { PassThrough } from "node:stream";
import { ExitCode, fingerprint, makeResult, RampartError } from "@rampart/core";
import type { CommandDefinition } from "../src/command.js";
import { execute } from "../src/main.js";
import { staticRegistry } from "../src/registry.js";

/** A command registered only in tests: reports two findings, or none with --clean. */
export const fakeCheck: CommandDefinition = {
  name: "check",
  summary: "A fake check for the shell's tests",
  framework: ["SRC-2"],
  usage: "rampart check <scan|explain> [options]",
  options: [{ name: "clean", type: "boolean", description: "Report no findings" }],
  subcommands: [
    {
      name: "scan",
      summary: "Scan",
      usage: "rampart check scan [--rev REV]",
      options: [{ name: "rev", type: "string", value: "REV", description: "Revision", default: "HEAD" }],
    },
    { name: "explain", summary: "Explain", usage: "rampart check explain" },
  ],
  formats: ["text", "json", "sarif"],
  available: true,
  async run(ctx) {
    if (ctx.positionals.includes("boom")) throw new Error("kaboom\nsecond line");
    if (ctx.positionals.includes("evil")) {
      throw new RampartError("CHECK_INPUT_INVALID", "cannot read\u001b[2J", { file: "a\nb.yaml", hint: "x\u0007" });
    }
    if (ctx.positionals.includes("cancel")) throw new RampartError("USAGE_CANCELLED", "cancelled; nothing was written");
    if (ctx.positionals.includes("bad")) {
      throw new RampartError("CHECK_INPUT_INVALID", "the input is bad", { file: "a.yaml", line: 3, hint: "fix it" });
    }
    const findings = ctx.values.clean
      ? []
      : [
          {
            ruleId: "check/warned",
            severity: "warning" as const,
            message: "Something to look at",
            file: "b dir/ü.txt",
            line: 2,
            framework: ["SRC-4" as const],
            fingerprint: fingerprint("w"),
          },
          {
            ruleId: "check/found",
            severity: "error" as const,
            message: "Something found",
            file: "a.txt",
            line: 1,
            column: 5,
            commit: "0123456789abcdef0123456789abcdef01234567",
            framework: ["SRC-2" as const],
            fingerprint: fingerprint("f"),
            hint: "remove it",
            properties: { provider: "test" },
          },
        ];
    ctx.info(`cwd=${ctx.cwd} rev=${String(ctx.values.rev)}`);
    return ctx.report(makeResult(findings, { filesScanned: 2 }), {
      rules: [{ id: "check/found", description: "Finds things", framework: ["SRC-2"] }],
    });
  },
};

export const fakeUnavailable: CommandDefinition = {
  name: "later",
  summary: "Comes later",
  framework: [],
  usage: "rampart later",
  options: [],
  available: false,
  async run() {
    return ExitCode.Clean;
  },
};

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the shell in-process over the fake commands, capturing its output. */
export async function runFake(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const code = await execute(argv, {
    io: { stdout, stderr, env, cwd: process.cwd() },
    registry: staticRegistry([fakeCheck, fakeUnavailable]),
  });
  return { code, stdout: out, stderr: err };
}
