import type { FrameworkId } from "@rampart/core";
import type { AuditContext } from "./context.js";

export const SECTIONS = ["SRC", "MAT", "BLD", "ART"] as const;
export type Section = (typeof SECTIONS)[number];

/** pass and partial need evidence; unknown always says why (and what would settle it). */
export const STATUSES = ["pass", "partial", "fail", "unknown"] as const;
export type Status = (typeof STATUSES)[number];

/** One piece of evidence: a file and line, a commit, or a command's output. */
export interface Evidence {
  /** One line, never a secret. */
  text: string;
  file?: string;
  line?: number;
  commit?: string;
  /** The command whose output this is (e.g. `rampart signatures verify ...`). */
  command?: string;
}

/** What a check returns. */
export interface Outcome {
  status: Status;
  evidence: Evidence[];
  /** For unknown: the reason, and the online check or manual question that would settle it. */
  because?: string;
  /** What to do about a fail, partial or unknown (a `rampart init` profile step, a rampart command). */
  fix?: string;
}

/** One framework question judged from a repository. */
export interface AuditCheck {
  id: FrameworkId;
  title: string;
  run(ctx: AuditContext): Outcome | Promise<Outcome>;
}

export interface Suppressed {
  reason: string;
  expires: string;
}

/** One row of the report. */
export interface CheckReport {
  id: FrameworkId;
  section: Section;
  status: Status;
  title: string;
  evidence: Evidence[];
  because: string | null;
  fix: string | null;
  /** Set when a suppression in .rampart/config.yaml covers the row: the row leaves the score. */
  suppressed: Suppressed | null;
}

export function sectionOf(id: FrameworkId): Section {
  return id.slice(0, 3) as Section;
}

/** Helpers that keep the checks short. */
export const outcome = {
  pass: (evidence: Evidence[]): Outcome => ({ status: "pass", evidence }),
  partial: (evidence: Evidence[], fix: string): Outcome => ({ status: "partial", evidence, fix }),
  fail: (evidence: Evidence[], fix: string): Outcome => ({ status: "fail", evidence, fix }),
  unknown: (because: string, evidence: Evidence[] = [], fix?: string): Outcome => ({
    status: "unknown",
    evidence,
    because,
    ...(fix === undefined ? {} : { fix }),
  }),
};

/** One part of a graded row: whether it holds, what shows it, what is missing, what to do. */
export interface Part {
  ok: boolean;
  evidence: Evidence[];
  /** Said as evidence when the part fails with nothing to show (so a fail is never silent). */
  none?: string;
  fix: string;
}

/**
 * pass/partial/fail from how many of the parts hold: all = pass, none = fail, else partial.
 * Evidence is listed once (two parts may cite the same line).
 */
export function graded(parts: readonly Part[]): Outcome {
  const seen = new Set<string>();
  const evidence = parts
    .flatMap((p) => (p.evidence.length === 0 && !p.ok && p.none ? [{ text: p.none }] : p.evidence))
    .filter((e) => {
      const key = `${e.file ?? ""}:${e.line ?? ""}:${e.commit ?? ""}:${e.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const missing = parts.filter((p) => !p.ok).map((p) => p.fix);
  if (missing.length === 0) return outcome.pass(evidence);
  const fix = missing.join("; ");
  return missing.length === parts.length ? outcome.fail(evidence, fix) : outcome.partial(evidence, fix);
}
