import { type Finding, fingerprint } from "@rampart/core";
import type { AdvisoryDatabase } from "./database.js";
import { DEFAULT_MAX_AGE_DAYS } from "./policy.js";
import { RULES } from "./rules.js";

/** How old the data is in whole days (undefined when no record carries a date). */
export function dataAgeDays(db: AdvisoryDatabase, now: Date): number | undefined {
  if (db.dataDate === undefined) return undefined;
  const t = Date.parse(db.dataDate);
  return Number.isNaN(t) ? undefined : Math.floor((now.getTime() - t) / 86_400_000);
}

/** One line for stderr: how many records, from where, their digest, and how old the data is. */
export function describeDatabase(db: AdvisoryDatabase, now: Date): string {
  const age = dataAgeDays(db, now);
  const how =
    db.from === "snapshot"
      ? `snapshot of ${db.snapshot?.createdAt.slice(0, 10)}`
      : db.from === "cache"
        ? "index cache"
        : "indexed now";
  return `${db.records} advisory records from ${db.location} (${how}, sha256 ${db.sha256.slice(0, 12)}, ${age === undefined ? "age unknown" : `newest record ${age} days old`})`;
}

/**
 * Warnings for old data and for record files that could not be read. `stale`: the severity of old
 * or undated data, "error" where the data judges a change (CI's `deps check --policy-rev`, which
 * downloads it in the same job: data that old judges nothing current, and passing on it would
 * let through whatever was published since).
 */
export function databaseFindings(
  db: AdvisoryDatabase,
  now: Date,
  maxAgeDays = DEFAULT_MAX_AGE_DAYS,
  stale: "warning" | "error" = "warning",
): Finding[] {
  const out: Finding[] = [];
  const age = dataAgeDays(db, now);
  if (age === undefined || age > maxAgeDays) {
    out.push({
      ruleId: "deps/stale-database",
      severity: stale,
      message:
        age === undefined
          ? `the advisory data at ${db.location} carries no date: its age is unknown`
          : `the advisory data is ${age} days old (newest record ${db.dataDate}), more than ${maxAgeDays}`,
      framework: [...RULES["deps/stale-database"].framework],
      fingerprint: fingerprint("deps/stale-database", db.location),
      hint: "run `rampart deps update` (or point --db at newer data), or raise deps.maxAgeDays",
    });
  }
  for (const p of db.problems) {
    out.push({
      ruleId: "deps/bad-record",
      severity: "warning",
      message: `${p.file}: ${p.message}`,
      framework: [...RULES["deps/bad-record"].framework],
      fingerprint: fingerprint("deps/bad-record", p.file),
      hint: `the other records were used; fix or remove the file in ${db.location}`,
    });
  }
  return out;
}
