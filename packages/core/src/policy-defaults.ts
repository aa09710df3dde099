// The defaults of the policy settings an adopting change may only tighten (policy-adopt.ts), one
// definition for core's policy layer and the tools that apply them. No imports: a hook that needs
// one number loads nothing else.

/** secrets.maxFileSize when the policy does not set it (5 MiB). */
export const DEFAULT_SECRETS_MAX_FILE_SIZE = 5 * 1024 * 1024;
/** deps.quality.minReleaseAgeDays when the policy does not set it. */
export const DEFAULT_MIN_RELEASE_AGE_DAYS = 2;
/** deps.maxAgeDays when the policy does not set it. */
export const DEFAULT_MAX_AGE_DAYS = 7;
/** The lowest severity that fails `deps check` when deps.vulnerabilities.failOn is not set. */
export const DEFAULT_FAIL_ON = "high";
/** The defaults of deps.quality's modes. */
export const DEPS_QUALITY_DEFAULTS = {
  deprecated: "warn",
  typosquat: "warn",
  provenance: "off",
  provenanceDropped: "warn",
  maintainerChange: "warn",
  archived: "warn",
} as const satisfies Record<string, "fail" | "warn" | "off">;
