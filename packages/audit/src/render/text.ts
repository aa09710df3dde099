import type { AuditReport } from "../audit.js";
import type { CheckReport, Evidence } from "../model.js";

export function where(e: Evidence): string {
  const loc = e.file
    ? `${e.file}${e.line ? `:${e.line}` : ""}`
    : e.commit
      ? `commit ${e.commit.slice(0, 12)}`
      : e.command
        ? `$ ${e.command}`
        : "";
  return loc ? `${loc}  ${e.text}` : e.text;
}

export function statusLabel(row: CheckReport): string {
  return row.status === "unknown" ? "unknown" : row.status;
}

function pct(n: number | null): string {
  return n === null ? "-" : String(n);
}

export function headline(report: AuditReport): string {
  const s = report.sections;
  return `score ${pct(report.score)}/100 (SRC ${pct(s.SRC)}, MAT ${pct(s.MAT)}, BLD ${pct(s.BLD)}, ART ${pct(s.ART)}); ${report.judged} of ${report.checks.length} judged`;
}

/** Plain text: one line per framework id; evidence and the fix under the rows that are not a pass. */
export function renderAuditText(report: AuditReport): string {
  const out = [`rampart audit: ${headline(report)}`, ""];
  for (const row of report.checks) {
    const mark = row.suppressed ? `${statusLabel(row)}*` : statusLabel(row);
    out.push(`${mark.padEnd(8)} ${row.id.padEnd(6)} ${row.title}`);
    if (row.status === "pass" && !row.suppressed) {
      const first = row.evidence[0];
      if (first) out.push(`         ${where(first)}`);
      continue;
    }
    if (row.suppressed) out.push(`         suppressed until ${row.suppressed.expires}: ${row.suppressed.reason}`);
    if (row.because) out.push(`         because ${row.because}`);
    for (const e of row.evidence.slice(0, 4)) out.push(`         ${where(e)}`);
    if (row.evidence.length > 4) out.push(`         (${row.evidence.length - 4} more in --format json)`);
    if (row.fix) out.push(`         fix: ${row.fix}`);
  }
  out.push("", "Scorecard-compatible checks (0-10, ? = inconclusive):");
  for (const s of report.scorecard)
    out.push(`  ${(s.score === null ? "?" : String(s.score)).padStart(2)}  ${s.name.padEnd(23)} ${s.reason}`);
  if (report.online)
    out.push(
      "",
      `online: ${report.online.repo} (${report.online.branch}), ${report.online.calls} REST call(s), ${report.online.cached} answered from the cache`,
    );
  return `${out.join("\n")}\n`;
}
