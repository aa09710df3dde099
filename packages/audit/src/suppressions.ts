import { type RampartConfig, RampartError } from "@rampart/core";
import type { CheckReport } from "./model.js";

export interface Suppression {
  id: string;
  reason: string;
  /** YYYY-MM-DD: the suppression holds through that day (UTC). */
  expires: string;
}

/** `audit.suppressions` of the policy (shape validated by core's schema; ids checked against the framework here). */
export function readSuppressions(config: RampartConfig | null, ids: readonly string[]): Suppression[] {
  const list = config?.audit?.suppressions ?? [];
  list.forEach((s, i) => {
    if (!ids.includes(s.id))
      throw new RampartError("CONFIG_INVALID", `audit.suppressions[${i}].id: ${s.id} is not a framework id`, {
        file: ".rampart/config.yaml",
        hint: `ids: ${ids[0]} ... ${ids[ids.length - 1]} (see FRAMEWORK.md)`,
      });
  });
  return list;
}

/**
 * Applies suppressions: an active one takes its row out of the score (the row keeps its status and
 * says why); an expired one turns the row into a fail naming it, so an accepted risk is revisited.
 */
export function applySuppressions(
  rows: CheckReport[],
  suppressions: readonly Suppression[],
  now: number,
): CheckReport[] {
  return rows.map((row) => {
    const s = suppressions.find((x) => x.id === row.id);
    if (s === undefined) return row;
    const end = Date.parse(`${s.expires}T23:59:59.999Z`);
    if (!Number.isFinite(end) || now > end)
      return {
        ...row,
        status: "fail",
        evidence: [
          {
            file: ".rampart/config.yaml",
            text: `suppression expired on ${s.expires} (${s.reason}); the row was ${row.status}`,
          },
          ...row.evidence,
        ],
        fix: `renew the suppression with a new expiry and reason, or fix it${row.fix ? `: ${row.fix}` : ""}`,
      };
    return { ...row, suppressed: { reason: s.reason, expires: s.expires } };
  });
}
