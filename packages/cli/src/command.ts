import type { Readable, Writable } from "node:stream";
import type { ExitCode } from "@rampart/core/errors";
import type { CheckResult } from "@rampart/core/findings";
import type { NotJudged, RuleInfo } from "@rampart/core/report";

/** One row of a command's option table. The same table drives parsing, --help and the README. */
export interface OptionSpec {
  /** Long name without dashes, e.g. "staged". */
  name: string;
  short?: string;
  type: "boolean" | "string";
  multiple?: boolean;
  /** Placeholder shown in help for string options, e.g. "REV". */
  value?: string;
  description: string;
  default?: string | boolean;
}

export interface SubcommandSpec {
  name: string;
  summary: string;
  /** e.g. "rampart secrets scan [options] [PATH...]" */
  usage: string;
  options?: OptionSpec[];
}

export type OutputFormat = "text" | "json" | "sarif";

export interface ReportMeta {
  /** Name the result is reported under (default: "<command> <subcommand>"). */
  command?: string;
  /** Descriptions of the rules the findings name (SARIF lists them). */
  rules?: readonly RuleInfo[];
  /**
   * Inputs that could not be read (RampartErrors naming their files): the report says they were
   * not judged (never "no problems found", json `ok: false`) and the exit code is 2.
   */
  notJudged?: readonly NotJudged[];
}

export interface CommandContext {
  /** The subcommand name when the command has subcommands (first positional). */
  subcommand: string | undefined;
  /** Positionals after the command (and subcommand). */
  positionals: string[];
  /** Parsed option values of the command's (and subcommand's) table. */
  values: Record<string, string | boolean | string[] | undefined>;
  /** Absolute --cwd (default process.cwd()). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** rampart's version (what a cache of verdicts is keyed by). */
  version?: string;
  format: OutputFormat;
  quiet: boolean;
  verbose: boolean;
  color: boolean;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Prints a check result in --format and returns the exit code it implies (0 ok, 1 findings). */
  report(result: CheckResult<object>, meta?: ReportMeta): ExitCode;
  /** Progress/diagnostics line to stderr (suppressed by --quiet). */
  info(line: string): void;
}

export interface CommandDefinition {
  name: string;
  summary: string;
  /** Framework ids the command serves, shown in help. */
  framework: string[];
  usage: string;
  /** Options shared by every subcommand (besides the global ones). */
  options: OptionSpec[];
  subcommands?: SubcommandSpec[];
  /** Formats this command supports for --format (default: ["text"]). */
  formats?: OutputFormat[];
  /** False while the issue that fills it has not landed: the CLI says so and exits 2. */
  available: boolean;
  /**
   * The bin ends the process as soon as the command is done (its output and V8's compile cache
   * flushed first) instead of letting Node wind its heap down: the hooks run on every commit, and
   * the wind-down cost each ~5-8 ms of CPU and more of wall time on a busy machine.
   */
  exitWhenDone?: boolean;
  /**
   * Runs the command. Must be cheap to import: heavy packages are loaded with `await import()`
   * inside run, so that `rampart hook pre-commit` never pays for the SBOM code.
   */
  run(ctx: CommandContext): Promise<ExitCode>;
}
