import type { FrameworkId } from "../findings.js";

/** Describes a rule for reporters that list rules (SARIF). Optional: unknown rules get their id. */
export interface RuleInfo {
  id: string;
  /** One line, what the rule finds. */
  description: string;
  /** Longer explanation (SARIF fullDescription); default: the description. */
  fullDescription?: string;
  /** What to do about a finding, markdown allowed (SARIF help); default: from the findings' hints. */
  help?: string;
  helpUri?: string;
  framework?: FrameworkId[];
  /** GitHub code scanning's 0.0-10.0 score; default from the findings' severity (error 7.0, warning 4.0). */
  securitySeverity?: number;
  /** How often a result is a true positive; default from the findings' confidence (high). */
  precision?: "very-high" | "high" | "medium" | "low";
}

export interface ReportOptions {
  /** The command that produced the result, e.g. "secrets scan". */
  command: string;
  /** rampart's version. */
  version: string;
  /** Text only: style with colour (decide with shouldUseColor). */
  color?: boolean;
  rules?: readonly RuleInfo[];
  /**
   * Mask credentials in every field (core's `redact`), the output boundary's defence in depth.
   * Default true; false only when the user asked for secrets whole (`--show-secrets`).
   */
  redact?: boolean;
  /**
   * Inputs the check could not read (a lockfile that does not parse), each naming its file: not
   * judged, so the report is not ok (json `ok: false` and `notJudged`, SARIF executionSuccessful
   * false with one notification each, text one `✖` line) and the command exits 2.
   */
  notJudged?: readonly NotJudged[];
}

/** An input a check could not judge: the error that stopped its read (a RampartError's fields). */
export interface NotJudged {
  code?: string | undefined;
  message: string;
  file?: string | undefined;
  line?: number | undefined;
  hint?: string | undefined;
}

export const REPORT_FORMATS = ["text", "json", "sarif"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
