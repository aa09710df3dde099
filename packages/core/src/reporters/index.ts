import type { CheckResult } from "../findings.js";
import { renderJson } from "./json.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";
import type { ReportFormat, ReportOptions } from "./types.js";

export { type JsonReport, renderJson, toJsonReport } from "./json.js";
export { reportSchemaPath, validateJsonReport } from "./json-schema.js";
export { COMMIT_FINDING_PATH, renderSarif, sarifFailure, toSarif } from "./sarif.js";
export { escapeControlChars, renderText } from "./text.js";
export { type NotJudged, REPORT_FORMATS, type ReportFormat, type ReportOptions, type RuleInfo } from "./types.js";

/** Renders a check result in one of the output formats. Pure: returns the text to print. */
export function renderReport(format: ReportFormat, result: CheckResult<object>, options: ReportOptions): string {
  if (format === "json") return renderJson(result, options);
  if (format === "sarif") return renderSarif(result, options);
  return renderText(result, options);
}
