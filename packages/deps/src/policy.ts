import type { DepsPolicy as CoreDepsPolicy } from "@rampart/core";

/** `deps:` of .rampart/config.yaml: core's type, generated from config.schema.json. */
export type DepsPolicy = CoreDepsPolicy;

/** deps.quality.minReleaseAgeDays when the policy does not set it. */
export const DEFAULT_MIN_RELEASE_AGE_DAYS = 2;
/** deps.maxAgeDays when the policy does not set it. */
export const DEFAULT_MAX_AGE_DAYS = 7;
/** The lowest severity that fails the check when deps.vulnerabilities.failOn is not set. */
export const DEFAULT_FAIL_ON = "high";
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

type Mode = "fail" | "warn" | "off";
/** failOn levels, lowest first (severity.ts LEVELS; not imported: this module stays light). */
const SEVERITY_ORDER = ["low", "medium", "high", "critical"];
const MODE_RANK: Record<Mode, number> = { off: 0, warn: 1, fail: 2 };
/** The defaults of the settings a policy can only tighten at adoption (quality.ts, check.ts, stale.ts). */
const QUALITY_DEFAULTS = {
  deprecated: "warn",
  typosquat: "warn",
  provenance: "off",
  provenanceDropped: "warn",
  maintainerChange: "warn",
  archived: "warn",
} as const satisfies Record<string, Mode>;

/**
 * The deps policy of a change that adopts rampart, when the trusted revision it is judged against
 * (CI's --policy-rev: the base) has no policy. There is nothing older to trust, and a base that runs
 * rampart's CI without a policy is judged by the defaults: so the change's own policy may only make
 * the gate stricter than the defaults, never looser. Kept, where stricter: a lower
 * `vulnerabilities.failOn`, each quality mode and a longer `minReleaseAgeDays`, a shorter
 * `maxAgeDays`; the `licenses` section whole (the defaults judge no licences: any licence rule only
 * adds checks). Left out: vulnerability exceptions, `ignoreDev`, `typosquatAllow`, the `database`
 * path and the `online` sources (the change's own data or servers). `dropped` names what was left
 * out or lowered to the default, for the message.
 */
export function adoptingPolicy(own: DepsPolicy): { policy: DepsPolicy; dropped: string[] } {
  const dropped: string[] = [];
  const policy: DepsPolicy = {};
  const vp = own.vulnerabilities ?? {};
  const failOn =
    vp.failOn === undefined
      ? DEFAULT_FAIL_ON
      : SEVERITY_ORDER.indexOf(vp.failOn) <= SEVERITY_ORDER.indexOf(DEFAULT_FAIL_ON)
        ? vp.failOn
        : DEFAULT_FAIL_ON;
  if (vp.failOn !== undefined && failOn !== vp.failOn) dropped.push(`vulnerabilities.failOn: ${vp.failOn}`);
  if (vp.exceptions !== undefined && vp.exceptions.length > 0) dropped.push("vulnerabilities.exceptions");
  if (vp.ignoreDev === true) dropped.push("vulnerabilities.ignoreDev");
  policy.vulnerabilities = { failOn };
  const q = own.quality;
  if (q !== undefined) {
    const quality: NonNullable<DepsPolicy["quality"]> = {};
    for (const key of Object.keys(QUALITY_DEFAULTS) as Array<keyof typeof QUALITY_DEFAULTS>) {
      const mode = q[key];
      if (mode === undefined) continue;
      if (MODE_RANK[mode] >= MODE_RANK[QUALITY_DEFAULTS[key]]) quality[key] = mode;
      else dropped.push(`quality.${key}: ${mode}`);
    }
    if (q.minReleaseAgeDays !== undefined) {
      if (q.minReleaseAgeDays >= DEFAULT_MIN_RELEASE_AGE_DAYS) quality.minReleaseAgeDays = q.minReleaseAgeDays;
      else dropped.push(`quality.minReleaseAgeDays: ${q.minReleaseAgeDays}`);
    }
    if (q.typosquatAllow !== undefined && q.typosquatAllow.length > 0) dropped.push("quality.typosquatAllow");
    policy.quality = quality;
  }
  if (own.maxAgeDays !== undefined) {
    if (own.maxAgeDays <= DEFAULT_MAX_AGE_DAYS) policy.maxAgeDays = own.maxAgeDays;
    else dropped.push(`maxAgeDays: ${own.maxAgeDays}`);
  }
  if (own.licenses !== undefined) policy.licenses = own.licenses;
  if (own.database !== undefined) dropped.push("database");
  if (own.online !== undefined) dropped.push("online");
  return { policy, dropped };
}
