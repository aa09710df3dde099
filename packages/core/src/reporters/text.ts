import { createPaint } from "../color.js";
import type { CheckResult, Finding } from "../findings.js";
import { reportedFindings, reportedNotJudged } from "./prepare.js";
import type { ReportOptions } from "./types.js";

/** A warning group longer than this shows its first lines and a count of the rest. */
export const WARNINGS_SHOWN_PER_GROUP = 5;

/**
 * Human output, grouped: findings of one rule with one hint are listed together (errors first),
 * the hint once under the group, not once per line. Every error line is shown; a long group of
 * warnings shows its first WARNINGS_SHOWN_PER_GROUP lines and how many more there are (json and
 * sarif keep every finding). Then a count, and the files that could not be read (options.notJudged).
 * Returns "" when there is nothing to report, so a clean run prints nothing on stdout (the CLI may
 * say "no problems" on stderr).
 */
export function renderText(result: CheckResult<object>, options: ReportOptions): string {
  const notJudged = reportedNotJudged(options);
  if (result.findings.length === 0 && notJudged.length === 0) return "";
  const paint = createPaint(options.color === true);
  const lines: string[] = [];
  // What could not be read is said on stdout too (each error follows on stderr): stdout alone
  // never reads as a clean run while something went unjudged.
  const unjudged =
    notJudged.length === 0
      ? undefined
      : paint(
          "red",
          `✖ ${plural(notJudged.length, "file")} could not be read, not judged: ${notJudged
            .map((e) => escapeControlChars(`${e.file ?? "(input)"}${e.line === undefined ? "" : `:${e.line}`}`))
            .join(", ")}`,
        );
  if (result.findings.length === 0) return `${unjudged}\n`;
  for (const group of groupFindings(reportedFindings(result, options))) {
    const shown = group.severity === "error" ? group.findings : group.findings.slice(0, WARNINGS_SHOWN_PER_GROUP);
    for (const f of shown) {
      const severity = f.severity === "error" ? paint("red", "error  ") : paint("yellow", "warning");
      const ids = f.framework.length > 0 ? `  ${paint("dim", f.framework.join(","))}` : "";
      const where = escapeControlChars(describeLocation(f));
      lines.push(
        `${paint("bold", where)}  ${severity}  ${escapeControlChars(f.message)}  ${paint("dim", escapeControlChars(f.ruleId))}${ids}`,
      );
    }
    const more = group.findings.length - shown.length;
    if (more > 0)
      lines.push(
        `  ${paint("dim", `… and ${more} more ${escapeControlChars(group.ruleId)} warning${more === 1 ? "" : "s"} like these (--format json lists every one)`)}`,
      );
    if (group.hint)
      lines.push(
        `  ${paint("cyan", group.findings.length > 1 ? `hint (all ${group.findings.length}):` : "hint:")} ${escapeControlChars(group.hint)}`,
      );
  }
  const errors = result.findings.filter((f) => f.severity === "error").length;
  const warnings = result.findings.length - errors;
  const total = result.findings.length;
  const summary = `${total} ${total === 1 ? "problem" : "problems"} (${plural(errors, "error")}, ${plural(warnings, "warning")})`;
  lines.push("", errors > 0 ? paint("red", `✖ ${summary}`) : paint("yellow", `⚠ ${summary}`));
  if (unjudged !== undefined) lines.push(unjudged);
  return `${lines.join("\n")}\n`;
}

/**
 * Control characters shown as escapes: a file name or message must not be able to move the
 * cursor, recolour the terminal or forge extra lines (file names may hold any byte but NUL).
 */
export function escapeControlChars(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `file:line:col`, plus the short commit when the finding is in history. */
function describeLocation(f: Finding): string {
  let loc = f.file ?? "";
  if (f.file !== undefined && f.line !== undefined) loc += `:${f.line}`;
  if (f.file !== undefined && f.line !== undefined && f.column !== undefined) loc += `:${f.column}`;
  if (f.commit !== undefined) loc += `${loc === "" ? "" : " "}@${f.commit.slice(0, 12)}`;
  return loc === "" ? "(repository)" : loc;
}

interface FindingGroup {
  severity: Finding["severity"];
  ruleId: string;
  hint: string | undefined;
  findings: Finding[];
}

/** Findings grouped by severity, rule and hint: errors first, groups in order of their first finding. */
function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const key = JSON.stringify([f.severity, f.ruleId, f.hint ?? null]);
    let group = groups.get(key);
    if (group === undefined) {
      group = { severity: f.severity, ruleId: f.ruleId, hint: f.hint, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(f);
  }
  const all = [...groups.values()];
  return [...all.filter((g) => g.severity === "error"), ...all.filter((g) => g.severity !== "error")];
}
