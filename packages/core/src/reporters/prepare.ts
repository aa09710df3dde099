import type { CheckResult, Finding } from "../findings.js";
import { sortFindings } from "../findings.js";
import { redactDeep, redactFinding } from "../redact.js";
import type { ReportOptions } from "./types.js";

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
