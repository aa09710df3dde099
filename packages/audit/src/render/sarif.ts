import { type CheckResult, type Finding, fingerprint, type RuleInfo } from "@rampart/core";
import type { AuditReport } from "../audit.js";
import { CHECKS } from "../checks/index.js";

/** Rows that are not a pass as findings (fail: error; partial and unknown: warning), for SARIF. */
export function auditFindings(report: AuditReport): CheckResult<{ score: number | null }> {
  const findings: Finding[] = [];
  for (const row of report.checks) {
    if (row.status === "pass" || row.suppressed) continue;
    const at = row.evidence.find((e) => e.file);
    findings.push({
      ruleId: `audit/${row.id}`,
      severity: row.status === "fail" ? "error" : "warning",
      message: `${row.id} ${row.status}: ${row.because ?? row.evidence[0]?.text ?? row.title}`,
      file: at?.file ?? ".rampart/config.yaml",
      ...(at?.line ? { line: at.line } : {}),
      framework: [row.id],
      fingerprint: fingerprint("audit", row.id, row.status),
      ...(row.fix ? { hint: row.fix } : {}),
      properties: { status: row.status },
    });
  }
  return { ok: !findings.some((f) => f.severity === "error"), findings, stats: { score: report.score } };
}

export function auditRules(): RuleInfo[] {
  return CHECKS.map((c) => ({ id: `audit/${c.id}`, description: c.title, framework: [c.id] }));
}
