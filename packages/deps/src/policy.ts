import type { DepsPolicy as CoreDepsPolicy } from "@rampart/core";

/** `deps:` of .rampart/config.yaml: core's type, generated from config.schema.json. */
export type DepsPolicy = CoreDepsPolicy;

// The defaults live with the policy reader in core, which also judges an adopting change's policy
// against them (adoptedPolicy): one definition for both.
export {
  DEFAULT_FAIL_ON,
  DEFAULT_MAX_AGE_DAYS,
  DEFAULT_MIN_RELEASE_AGE_DAYS,
  DEPS_QUALITY_DEFAULTS,
} from "@rampart/core/policy-defaults";
/** `deps.vulnerabilities` of .rampart/config.yaml. */
export type VulnerabilityPolicy = NonNullable<DepsPolicy["vulnerabilities"]>;
/**
 * One accepted advisory (`deps.vulnerabilities.exceptions[]`): who accepted what, why, until when
 * (`expires`, YYYY-MM-DD; matched across the record's aliases, optionally only for `package` or
 * on the dependency chain `path`, "a > b > c").
 */
export type DepsException = NonNullable<VulnerabilityPolicy["exceptions"]>[number];

export function normalisePath(path: string): string {
  return path
    .split(">")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .join(" > ");
}

/** Whether an exception covers a finding on (ids, package, chain). */
export function exceptionMatches(ex: DepsException, ids: readonly string[], name: string, chain: string[]): boolean {
  const id = ex.id.toUpperCase();
  if (!ids.some((x) => x.toUpperCase() === id)) return false;
  if (ex.package !== undefined && ex.package !== name) return false;
  if (ex.path !== undefined && normalisePath(ex.path) !== chain.join(" > ")) return false;
  return true;
}

/** An exception is expired from the day after `expires` (UTC). */
export function isExpired(ex: { expires: string }, now: Date): boolean {
  const end = Date.parse(`${ex.expires.slice(0, 10)}T23:59:59.999Z`);
  return Number.isNaN(end) || now.getTime() > end;
}
