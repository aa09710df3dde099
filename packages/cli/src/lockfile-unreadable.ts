import type { ExitCode } from "@rampart/core/errors";
import type { CheckResult } from "@rampart/core/findings";
import type { NotJudged } from "@rampart/core/report";
import type { CommandContext, ReportMeta } from "./command.js";

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

/**
 * The report of the lockfiles that were read, saying the unreadable ones were not judged (never
 * "no problems found"; json `ok: false` and `notJudged`; SARIF executionSuccessful false), then
 * each unreadable one named on stderr as an error would be: exit 2 when there are any.
 */
export async function reportJudged(
  ctx: CommandContext,
  result: CheckResult<object>,
  meta: ReportMeta,
  unreadable: unknown[],
): Promise<ExitCode> {
  const notJudged = unreadable as NotJudged[]; // LOCKFILE_PARSE_FAILED RampartErrors (unlessUnreadable)
  return reportUnreadable(ctx, ctx.report(result, notJudged.length === 0 ? meta : { ...meta, notJudged }), unreadable);
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
