import type { Readable, Writable } from "node:stream";
import { ExitCode } from "@rampart/core/errors";
import type { CheckResult } from "@rampart/core/findings";
import { type ReportFormat, renderReport, shouldUseColor } from "@rampart/core/report";
import type { Values } from "./args.js";
import type { CommandContext, OutputFormat } from "./command.js";

export interface IO {
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The directory rampart was started in (before --cwd). */
  cwd: string;
}

export interface ContextInput {
  io: IO;
  version: string;
  /** "secrets scan": the name results are reported under. */
  commandName: string;
  subcommand: string | undefined;
  positionals: string[];
  values: Values;
  cwd: string;
  format: OutputFormat;
  quiet: boolean;
  verbose: boolean;
  noColor: boolean;
  /** Mask credentials in reports (false only for --show-secrets). */
  redact?: boolean;
}

export function createContext(input: ContextInput): CommandContext {
  const { io } = input;
  // Decided on first use: a terminal check builds the process's stdout stream (stdio.ts), which
  // a JSON or SARIF report never needs.
  let color: boolean | undefined;
  const useColor = () => (color ??= shouldUseColor({ stream: io.stdout, env: io.env, noColor: input.noColor }));
  return {
    subcommand: input.subcommand,
    positionals: input.positionals,
    values: input.values,
    cwd: input.cwd,
    env: io.env,
    version: input.version,
    format: input.format,
    quiet: input.quiet,
    verbose: input.verbose,
    get color() {
      return useColor();
    },
    get stdin() {
      return io.stdin; // on first use only (execute's io)
    },
    stdout: io.stdout,
    stderr: io.stderr,
    report(result: CheckResult<object>, meta = {}) {
      const command = meta.command ?? input.commandName;
      const options = {
        command,
        version: input.version,
        color: input.format === "text" && useColor(),
        redact: input.redact !== false,
        ...(meta.rules ? { rules: meta.rules } : {}),
        ...(meta.notJudged ? { notJudged: meta.notJudged } : {}),
      };
      const text = renderReport(input.format as ReportFormat, result, options);
      if (text !== "") io.stdout.write(text);
      const unjudged = (meta.notJudged?.length ?? 0) > 0;
      // stdout stays empty on a clean text run; say so on stderr, where diagnostics go. Never
      // while an input could not be judged.
      if (input.format === "text" && result.findings.length === 0 && !unjudged && !input.quiet) {
        io.stderr.write(`rampart ${command}: no problems found\n`);
      }
      return unjudged ? ExitCode.Error : result.ok ? ExitCode.Clean : ExitCode.Findings;
    },
    info(line: string) {
      if (!input.quiet) io.stderr.write(`${line}\n`);
    },
  };
}
