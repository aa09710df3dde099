import type { CheckResult, Finding } from "../findings.js";
import { reportedFindings, reportedNotJudged, reportedStats } from "./prepare.js";
import type { NotJudged, ReportOptions } from "./types.js";

/** The JSON document's shape; documented in the package README. Add fields, never rename. */
export interface JsonReport {
  tool: "rampart";
  version: string;
  command: string;
  /** False when any finding is an error, or when an input could not be judged (`notJudged`). */
  ok: boolean;
  findings: Finding[];
  stats: Record<string, unknown>;
  /** Inputs that could not be read, each naming its file (present only when there are some). */
  notJudged?: NotJudged[];
}

// Field order of each finding in the output: fixed, so diffs of two runs stay readable.
const FINDING_KEYS = [
  "ruleId",
  "severity",
  "message",
  "file",
  "line",
  "column",
  "commit",
  "framework",
  "fingerprint",
  "hint",
  "confidence",
  "properties",
] as const satisfies ReadonlyArray<keyof Finding>;

export function toJsonReport(result: CheckResult<object>, options: ReportOptions): JsonReport {
  const notJudged = reportedNotJudged(options);
  return {
    tool: "rampart",
    version: options.version,
    command: options.command,
    ok: result.ok && notJudged.length === 0,
    findings: reportedFindings(result, options).map(normalizeFinding),
    stats: reportedStats(result, options),
    ...(notJudged.length === 0 ? {} : { notJudged }),
  };
}

/** One JSON document, two-space indented, with a trailing newline. */
export function renderJson(result: CheckResult<object>, options: ReportOptions): string {
  return `${JSON.stringify(toJsonReport(result, options), null, 2)}\n`;
}

function normalizeFinding(f: Finding): Finding {
  const out: Record<string, unknown> = {};
  for (const key of FINDING_KEYS) if (f[key] !== undefined) out[key] = f[key];
  return out as unknown as Finding;
}
