import { cvss3BaseScore, cvss4BaseScore } from "./cvss.js";
import type { OsvRecord } from "./osv.js";

export const LEVELS = ["low", "medium", "high", "critical"] as const;
export type Level = (typeof LEVELS)[number];

export interface SeverityInfo {
  level: Level;
  score?: number;
  /** Where the level came from: "cvss3", "cvss4", "database" (database_specific.severity), "malicious", "default". */
  source: "cvss3" | "cvss4" | "database" | "malicious" | "default";
  vector?: string;
}

// A real export repeats a few hundred distinct vectors over ~200k records: score each once.
const scores = new Map<string, number | undefined>();
function scoreOf(type: string, vector: string): number | undefined {
  const key = `${type} ${vector}`;
  if (scores.has(key)) return scores.get(key);
  const score = type === "CVSS_V4" ? cvss4BaseScore(vector) : cvss3BaseScore(vector);
  if (scores.size < 10_000) scores.set(key, score);
  return score;
}

/** CVSS v3 qualitative rating scale (specification section 5). */
export function levelOfScore(score: number): Level | "none" {
  if (score === 0) return "none";
  if (score < 4) return "low";
  if (score < 7) return "medium";
  if (score < 9) return "high";
  return "critical";
}

/**
 * A record's severity: MAL- records are critical; then the highest CVSS base score of its v3.x
 * and v4.0 vectors (the qualitative scale is the same for both); then database_specific.severity (GitHub's LOW/MODERATE/HIGH/CRITICAL); then High,
 * marked "default" so the output can say no usable severity was found.
 */
export function rateRecord(record: OsvRecord): SeverityInfo {
  if (record.id.startsWith("MAL-")) return { level: "critical", source: "malicious" };
  let best: SeverityInfo | undefined;
  for (const s of Array.isArray(record.severity) ? record.severity : []) {
    if ((s?.type !== "CVSS_V3" && s?.type !== "CVSS_V4") || typeof s.score !== "string") continue;
    const score = scoreOf(s.type, s.score);
    if (score === undefined) continue;
    const level = levelOfScore(score);
    if (level === "none") continue;
    const source = s.type === "CVSS_V4" ? "cvss4" : "cvss3";
    if (best === undefined || (best.score ?? 0) < score) best = { level, score, source, vector: s.score };
  }
  if (best !== undefined) return best;
  const db = String(record.database_specific?.severity ?? "").toLowerCase();
  const named = db === "moderate" ? "medium" : db;
  if ((LEVELS as readonly string[]).includes(named)) return { level: named as Level, source: "database" };
  return { level: "high", source: "default" };
}

export function atLeast(level: Level, threshold: Level): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(threshold);
}
