import type { Finding } from "@rampart/core/findings";

/**
 * Code-unit order, not `localeCompare`: the same on every machine (artefacts stay deterministic)
 * and it does not pay ICU's collator start-up (~30 ms) on a pre-commit hook's path.
 */
export function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** file, line, rule, message: the order reporters print. */
export function byLocation(a: Finding, b: Finding): number {
  return (
    ordinal(a.file ?? "", b.file ?? "") ||
    (a.line ?? 0) - (b.line ?? 0) ||
    ordinal(a.ruleId, b.ruleId) ||
    ordinal(a.message, b.message)
  );
}
