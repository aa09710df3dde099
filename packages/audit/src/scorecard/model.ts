import type { FrameworkId } from "@rampart/core";
import type { AuditContext } from "../context.js";
import type { Evidence } from "../model.js";

/** One Scorecard check re-implemented offline, scored 0-10 as Scorecard documents it; null = inconclusive (Scorecard's -1). */
export interface ScorecardResult {
  name: string;
  score: number | null;
  reason: string;
  details: Evidence[];
  /** The framework row the same evidence feeds. */
  framework: FrameworkId;
}

export interface ScorecardCheck {
  name: string;
  framework: FrameworkId;
  run(ctx: AuditContext): ScorecardResult | Promise<ScorecardResult>;
}

export function result(
  check: Pick<ScorecardCheck, "name" | "framework">,
  score: number | null,
  reason: string,
  details: Evidence[] = [],
): ScorecardResult {
  return { name: check.name, framework: check.framework, score, reason, details };
}

/** A workflow's plain data (yaml's toJSON of the parsed document). */
export type Plain = Record<string, unknown>;

export function plain(value: unknown): Plain {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Plain) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Scorecard's local mode scores a workflow check 10 with no workflows (ossf/scorecard#3802); rampart says inconclusive. */
export function noWorkflows(check: Pick<ScorecardCheck, "name" | "framework">): ScorecardResult {
  return result(
    check,
    null,
    "no GitHub workflows: nothing to judge (Scorecard's local mode scores this 10, ossf/scorecard#3802)",
  );
}
