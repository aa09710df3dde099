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

export class RampartError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: string, message: string, options: RampartErrorOptions = {}) {
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

/** Bad command-line usage: unknown command or flag, missing argument. */
export class UsageError extends RampartError {
  constructor(message: string, options: RampartErrorOptions = {}) {
    super("USAGE_INVALID", message, options);
    this.name = "UsageError";
  }
}

export function isRampartError(error: unknown): error is RampartError {
  return error instanceof RampartError;
}
