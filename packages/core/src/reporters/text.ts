import { createPaint } from "../color.js";
import type { CheckResult, Finding } from "../findings.js";
import { reportedFindings } from "./prepare.js";
import type { ReportOptions } from "./types.js";

/**
 * Human output: one line per finding, its hint indented below, then a count. Returns "" when
 * there is nothing to report, so a clean run prints nothing on stdout (the CLI may say "no
 * problems" on stderr).
 */
export function renderText(result: CheckResult<object>, options: ReportOptions): string {
  if (result.findings.length === 0) return "";
  const paint = createPaint(options.color === true);
  const lines: string[] = [];
  for (const f of reportedFindings(result, options)) {
    const severity = f.severity === "error" ? paint("red", "error  ") : paint("yellow", "warning");
    const ids = f.framework.length > 0 ? `  ${paint("dim", f.framework.join(","))}` : "";
    const where = escapeControlChars(describeLocation(f));
    lines.push(
      `${paint("bold", where)}  ${severity}  ${escapeControlChars(f.message)}  ${paint("dim", escapeControlChars(f.ruleId))}${ids}`,
    );
    if (f.hint) lines.push(`  ${paint("cyan", "hint:")} ${escapeControlChars(f.hint)}`);
  }
  const errors = result.findings.filter((f) => f.severity === "error").length;
  const warnings = result.findings.length - errors;
  const total = result.findings.length;
  const summary = `${total} ${total === 1 ? "problem" : "problems"} (${plural(errors, "error")}, ${plural(warnings, "warning")})`;
  lines.push("", errors > 0 ? paint("red", `✖ ${summary}`) : paint("yellow", `⚠ ${summary}`));
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
