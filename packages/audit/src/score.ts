import { type CheckReport, SECTIONS, type Section, type Status } from "./model.js";

const POINTS: Partial<Record<Status, number>> = { pass: 1, partial: 0.5, fail: 0 };

/**
 * 0-100 over the judged rows: pass 1, partial 1/2, fail 0. Unknown rows and suppressed rows stay out
 * of the score (never a pass for lack of evidence), and the report says how many were judged.
 * null when nothing was judged.
 */
export function scoreOf(rows: readonly CheckReport[]): number | null {
  let sum = 0;
  let n = 0;
  for (const row of rows) {
    const points = POINTS[row.status];
    if (points === undefined || row.suppressed) continue;
    sum += points;
    n++;
  }
  return n === 0 ? null : Math.round((100 * sum) / n);
}

export function sectionScores(rows: readonly CheckReport[]): Record<Section, number | null> {
  return Object.fromEntries(SECTIONS.map((s) => [s, scoreOf(rows.filter((r) => r.section === s))])) as Record<
    Section,
    number | null
  >;
}

export function judgedCount(rows: readonly CheckReport[]): number {
  return rows.filter((r) => r.status !== "unknown" && !r.suppressed).length;
}
