import type { FrameworkId } from "../findings.js";

/** Describes a rule for reporters that list rules (SARIF). Optional: unknown rules get their id. */
export interface RuleInfo {
  id: string;
  /** One line, what the rule finds. */
  description: string;
  helpUri?: string;
  framework?: FrameworkId[];
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
}

export const REPORT_FORMATS = ["text", "json", "sarif"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
