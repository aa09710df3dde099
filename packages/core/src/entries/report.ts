// @rampart/core/report: The reporters (text, json, sarif) and terminal colour. A lean entry: it loads only these modules.

export { type ColorOptions, createPaint, type Paint, type Style, shouldUseColor } from "../color.js";
export {
  COMMIT_FINDING_PATH,
  escapeControlChars,
  type JsonReport,
  type NotJudged,
  REPORT_FORMATS,
  type ReportFormat,
  type ReportOptions,
  type RuleInfo,
  renderJson,
  renderReport,
  renderSarif,
  renderText,
  reportSchemaPath,
  sarifFailure,
  toJsonReport,
  toSarif,
  validateJsonReport,
} from "../reporters/index.js";
