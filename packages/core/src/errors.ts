import { ExitCode } from "./exit-codes.js";
import { redact } from "./redact.js";

/**
 * The one error type a check throws when it could not run. The CLI prints `message` on one line,
 * then `hint`; the stack only with --verbose. `code` is stable (SCREAMING_SNAKE, prefixed by the
 * area: GIT_, CONFIG_, LOCKFILE_, SECRETS_, SIGNATURES_, SBOM_, HOOKS_, USAGE_).
 * Message and hint are redacted here, where they are made: an error quoting a URL, a git
 * argument or a line of a user's file never carries a credential whole, whoever prints it.
 */
export interface RampartErrorOptions {
  hint?: string;
  cause?: unknown;
  /** The file the problem is in, relative to the repo root where possible. */
  file?: string;
  /** 1-based line in `file`, where there is one. */
  line?: number;
  column?: number;
}

export class RampartError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: Code, message: string, options: RampartErrorOptions = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RampartError";
    this.code = code;
    this.hint = options.hint === undefined ? undefined : redact(options.hint);
    this.file = options.file === undefined ? undefined : redact(options.file);
    this.line = options.line;
    this.column = options.column;
  }

  /** `file:line:col: message`, the one line a user sees. */
  get location(): string | undefined {
    if (this.file === undefined) return undefined;
    let loc = this.file;
    if (this.line !== undefined) loc += `:${this.line}`;
    if (this.line !== undefined && this.column !== undefined) loc += `:${this.column}`;
    return loc;
  }
}

/** Bad command-line usage: unknown command or flag, missing or malformed argument. Every usage mistake is one. */
export class UsageError extends RampartError<"USAGE_INVALID"> {
  constructor(message: string, options: RampartErrorOptions = {}) {
    super("USAGE_INVALID", message, options);
    this.name = "UsageError";
  }
}

export function isRampartError(error: unknown): error is RampartError {
  return error instanceof RampartError;
}

/**
 * One row of a package's error-code table (`src/error-codes.ts`): what the code means and what to
 * do in general (each error's own hint is more specific). The README's table is generated from it
 * (`node scripts/gen-docs.mjs`); test/scripts/error-codes.test.ts fails on drift and on a code
 * raised anywhere that no table lists.
 */
export interface ErrorCodeInfo {
  meaning: string;
  hint: string;
}
export type ErrorCodeTable = Readonly<Record<string, ErrorCodeInfo>>;

/** The exit code for an error that stopped a command: 130 for a cancelled prompt, else 2. */
export function errorExitCode(error: unknown): ExitCode {
  return isRampartError(error) && error.code === "USAGE_CANCELLED" ? ExitCode.Interrupted : ExitCode.Error;
}
