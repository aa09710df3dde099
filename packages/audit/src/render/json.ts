import type { AuditReport } from "../audit.js";

/** The JSON report (schema/audit-report.schema.json): stable keys, trailing newline. */
export function renderAuditJson(report: AuditReport): string {
  return `${JSON.stringify({ version: 1, ...report }, null, 2)}\n`;
}
