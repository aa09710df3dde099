import type { ExitCode } from "@rampart/core/errors";
import type { CommandContext } from "./command.js";

// lockfile check and deps check read every tracked lockfile, the pre-commit hook every staged one:
// one that cannot be read is named (exit 2) after the others were judged, never the end of the run
// (a malicious package in the next lockfile would go unreported behind a broken one).

/**
 * A lockfile that cannot be read (LOCKFILE_PARSE_FAILED) is kept in `unreadable` and undefined is
 * returned: one broken lockfile never stops the judgement of the others. Any other error throws.
 */
export async function unlessUnreadable<T>(parsing: Promise<T>, unreadable: unknown[]): Promise<T | undefined> {
  try {
    return await parsing;
  } catch (error) {
    const { isRampartError } = await import("@rampart/core/errors");
    if (!isRampartError(error) || error.code !== "LOCKFILE_PARSE_FAILED") throw error;
    unreadable.push(error);
    return undefined;
  }
}

/** After the others' report: each unreadable lockfile named as an error would be (exit 2), else `code`. */
export async function reportUnreadable(ctx: CommandContext, code: ExitCode, unreadable: unknown[]): Promise<ExitCode> {
  if (unreadable.length === 0) return code;
  const [{ writeError }, { ExitCode }] = await Promise.all([
    import("./report-error.js"),
    import("@rampart/core/errors"),
  ]);
  for (const error of unreadable) writeError(ctx.stderr, error, ctx.verbose);
  return ExitCode.Error;
}
