export { type AuditOptions, type AuditReport, runAudit } from "./audit.js";
export { CHECKS } from "./checks/index.js";
export { AuditContext, type AuditContextOptions } from "./context.js";
export { type AuditErrorCode, errorCodes } from "./error-codes.js";
export {
  type AuditCheck,
  type CheckReport,
  type Evidence,
  type Outcome,
  SECTIONS,
  type Section,
  STATUSES,
  type Status,
} from "./model.js";
export { GitHubClient } from "./online/client.js";
export { collectOnline, NEEDED_SCOPES, repoFromRemote } from "./online/collect.js";
export type { OnlineFacts } from "./online/facts.js";
export { renderBadge } from "./render/badge.js";
export { renderAuditJson } from "./render/json.js";
export { renderAuditMarkdown } from "./render/markdown.js";
export { auditFindings, auditRules } from "./render/sarif.js";
export { renderAuditText } from "./render/text.js";
export { judgedCount, scoreOf, sectionScores } from "./score.js";
export { runScorecard, SCORECARD_CHECKS } from "./scorecard/index.js";
export type { ScorecardResult } from "./scorecard/model.js";
export { applySuppressions, readSuppressions, type Suppression } from "./suppressions.js";

import { fileURLToPath } from "node:url";

/** Absolute path of the JSON report's schema (also exported as `@rampart/audit/report.schema.json`). */
export const AUDIT_REPORT_SCHEMA_PATH = fileURLToPath(new URL("../schema/audit-report.schema.json", import.meta.url));
