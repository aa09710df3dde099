import type { CheckResult, Finding } from "../findings.js";
import { sortFindings } from "../findings.js";
import { redactDeep, redactFinding } from "../redact.js";
import type { NotJudged, ReportOptions } from "./types.js";

/**
 * The findings every reporter prints: sorted and, unless the caller asked for secrets whole,
 * redacted. A finding that carries a raw URL or token (a future check, a library's message) is
 * still masked here, at the output boundary.
 */
export function reportedFindings(result: CheckResult<object>, options: ReportOptions): Finding[] {
  const sorted = sortFindings(result.findings);
  return options.redact === false ? sorted : sorted.map(redactFinding);
}

/** The stats object as reported (redacted unless asked otherwise): stats echo user data too (versions, URLs). */
export function reportedStats(result: CheckResult<object>, options: ReportOptions): Record<string, unknown> {
  const stats = { ...result.stats } as Record<string, unknown>;
  return options.redact === false ? stats : redactDeep(stats);
}

/**
 * The inputs not judged, as reported: only the fields a report prints (a RampartError's stack and
 * cause stay out), in the order given, redacted unless asked otherwise (a parser's message may
 * quote the file).
 */
export function reportedNotJudged(options: ReportOptions): NotJudged[] {
  const out: NotJudged[] = (options.notJudged ?? []).map((e) => ({
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    message: String(e.message),
    ...(typeof e.file === "string" ? { file: e.file } : {}),
    ...(typeof e.line === "number" ? { line: e.line } : {}),
    ...(typeof e.hint === "string" ? { hint: e.hint } : {}),
  }));
  return options.redact === false ? out : (redactDeep(out) as NotJudged[]);
}
