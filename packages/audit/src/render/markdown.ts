import type { AuditReport } from "../audit.js";
import type { Evidence } from "../model.js";
import { headline } from "./text.js";

/** Escapes what would break a table cell or start markup. */
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, "\\$&").replace(/\n/g, " ");
}

function cite(e: Evidence): string {
  const loc = e.file
    ? `\`${e.file.replace(/`/g, "'")}${e.line ? `:${e.line}` : ""}\` `
    : e.commit
      ? `commit \`${e.commit.slice(0, 12)}\` `
      : e.command
        ? `\`${e.command.replace(/`/g, "'")}\`: `
        : "";
  return `${loc}${md(e.text)}`;
}

/** The report a maintainer pastes into an issue: a summary table, then each row's evidence and fix. */
export function renderAuditMarkdown(report: AuditReport): string {
  const out = [
    "## rampart audit",
    "",
    `**${md(headline(report))}**`,
    "",
    "| id | status | question | fix |",
    "| --- | --- | --- | --- |",
  ];
  for (const row of report.checks) {
    const status = `${row.status}${row.suppressed ? " (suppressed)" : ""}`;
    out.push(`| ${row.id} | ${status} | ${md(row.title)} | ${row.fix ? md(row.fix) : ""} |`);
  }
  out.push("", "### Evidence", "");
  for (const row of report.checks) {
    out.push(`- **${row.id}** ${row.status}${row.because ? `, because ${md(row.because)}` : ""}`);
    if (row.suppressed) out.push(`  - suppressed until ${row.suppressed.expires}: ${md(row.suppressed.reason)}`);
    for (const e of row.evidence.slice(0, 6)) out.push(`  - ${cite(e)}`);
  }
  out.push("", "### Scorecard-compatible checks", "", "| check | score | reason |", "| --- | --- | --- |");
  for (const s of report.scorecard)
    out.push(`| ${s.name} | ${s.score === null ? "?" : `${s.score}/10`} | ${md(s.reason)} |`);
  if (report.online)
    out.push(
      "",
      `Online: ${md(report.online.repo)}, ${report.online.calls} REST call(s), ${report.online.cached} from the cache.`,
    );
  return `${out.join("\n")}\n`;
}
