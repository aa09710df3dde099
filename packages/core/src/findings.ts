/** A question of ../FRAMEWORK.md, e.g. "SRC-2". */
export type FrameworkId = `${"SRC" | "MAT" | "BLD" | "ART"}-${number}`;
export type Severity = "error" | "warning";
export type Confidence = "high" | "medium" | "low";

/**
 * What every checker returns for each problem. Field names are part of the JSON output's
 * contract (see the README of @rampart/core); add optional fields, never rename.
 */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** One line, no trailing period, never containing a secret. */
  message: string;
  /** Path relative to the repository root, forward slashes. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  commit?: string;
  framework: FrameworkId[];
  /**
   * Stable identity across runs and line moves (SARIF's partial fingerprint). Written to JSON and
   * SARIF: never computed over a secret or a credential, only over where it is or masked text.
   */
  fingerprint: string;
  hint?: string;
  confidence?: Confidence;
  /** Tool-specific, JSON-serialisable extra data (e.g. provider, package name). Never a secret. */
  properties?: Record<string, unknown>;
}

export interface CheckResult<Stats extends object = Record<string, unknown>> {
  /** False when any finding has severity "error". */
  ok: boolean;
  findings: Finding[];
  stats: Stats;
}

/** sha256 over the parts, joined by NUL, hex. Use for `Finding.fingerprint`. */
export function fingerprint(...parts: Array<string | number | undefined>): string {
  // node:crypto loads on the first finding: a clean run never pays for it. The parts, each
  // followed by a NUL, hashed in one call (the digest of feeding them one by one, without a Hash
  // object per finding: a lockfile with a thousand findings made a thousand). One SHA-256 for the
  // project: node:crypto's, not one of our own (a second implementation saved ~22M instructions of
  // a lockfile check with findings, ~3% of it).
  let text = "";
  for (const p of parts) text += `${p ?? ""}\0`;
  return process.getBuiltinModule("node:crypto").hash("sha256", text, "hex");
}

export function makeResult<Stats extends object>(findings: Finding[], stats: Stats): CheckResult<Stats> {
  return { ok: !findings.some((f) => f.severity === "error"), findings, stats };
}

/** Code-unit order: identical on every machine (localeCompare depends on ICU and costs ~30 ms to warm up). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort findings by file, line, column, rule: the order every reporter prints. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.file ?? "", b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.commit ?? "", b.commit ?? ""),
  );
}
