import { defaultConfig } from "./config.js";
import type { DepsPolicy, RampartConfig } from "./config-types.js";
import {
  DEFAULT_FAIL_ON,
  DEFAULT_MAX_AGE_DAYS,
  DEFAULT_MIN_RELEASE_AGE_DAYS,
  DEFAULT_SECRETS_MAX_FILE_SIZE,
  DEPS_QUALITY_DEFAULTS,
} from "./policy-defaults.js";

type Mode = "fail" | "warn" | "off";
/** failOn levels, lowest first. */
const SEVERITY_ORDER = ["low", "medium", "high", "critical"];
const MODE_RANK: Record<Mode, number> = { off: 0, warn: 1, fail: 2 };

export interface AdoptedPolicy {
  /** What the checks apply: the defaults, tightened where the change's own policy is stricter. */
  config: RampartConfig;
  /** What was left out of the change's policy or lowered to the default (`section.key[: value]`), for the message. */
  dropped: string[];
}

/**
 * The policy a change is judged by when the trusted side (CI's --policy-rev, the base) has no
 * policy and the change brings its own (it adopts rampart). Nothing older can vouch for that
 * policy, and the change must not judge itself by it: a first policy could otherwise ignore the
 * very secret, registry or unpinned action it commits. So the defaults apply, and the change's
 * policy only where it makes a check stricter; whatever switches a check off, narrows it,
 * accepts a finding or points rampart at the change's own data is left out and named in
 * `dropped`. Per section:
 *
 * - secrets: a higher maxFileSize is kept; ignorePaths, disableRules, baseline, a failOn above
 *   `low`, and secretlint/gitleaks `false` are left out (the baseline and the other scanners'
 *   configs are the trusted revision's, never the change's);
 * - lockfile: rules set to `error` are kept; allowedHosts, allowedSources, allowInstallScripts,
 *   heldAtAdoption and rules set to `warning` or `off` are left out;
 * - deps: a lower vulnerabilities.failOn, each stricter quality mode, a longer minReleaseAgeDays,
 *   a shorter maxAgeDays and the licences section are kept; exceptions, ignoreDev,
 *   typosquatAllow, database and online are left out;
 * - workflows: audits set to `error` or `warning` are kept (both fail at the default severity);
 *   severity `error` and audits set to `off` are left out;
 * - hooks: protectedBranches and switches turned on are kept; switches turned off are left out;
 * - signatures: required, dco and policyAdmins turned on are kept; required `false` and
 *   protectedBranches (absent: every branch) are left out; `since` is kept (the signature check
 *   bootstraps its own trust root commit by commit);
 * - audit: suppressions are left out;
 * - sbom: kept (output settings, nothing they switch off).
 *
 * This judges checks. `rampart audit`, which reports the posture the repository declares, reads
 * the change's own policy as written (without its suppressions): a switch turned off there lowers
 * the score instead.
 */
export function adoptedPolicy(own: RampartConfig): AdoptedPolicy {
  const dropped: string[] = [];
  const config = defaultConfig();
  if (own.$schema !== undefined) config.$schema = own.$schema;
  config.secrets = adoptSecrets(own.secrets, dropped);
  config.lockfile = adoptLockfile(own.lockfile, dropped);
  config.deps = adoptDeps(own.deps, dropped);
  config.workflows = adoptWorkflows(own.workflows, dropped);
  config.hooks = adoptHooks(own.hooks, dropped);
  config.signatures = adoptSignatures(own.signatures, dropped);
  if ((own.audit.suppressions?.length ?? 0) > 0) dropped.push("audit.suppressions");
  config.sbom = own.sbom;
  return { config, dropped };
}

function adoptSecrets(own: RampartConfig["secrets"], dropped: string[]): RampartConfig["secrets"] {
  const kept: RampartConfig["secrets"] = {};
  if (own.maxFileSize !== undefined) {
    if (own.maxFileSize >= DEFAULT_SECRETS_MAX_FILE_SIZE) kept.maxFileSize = own.maxFileSize;
    else dropped.push(`secrets.maxFileSize: ${own.maxFileSize}`);
  }
  if (own.failOn !== undefined && own.failOn !== "low") dropped.push(`secrets.failOn: ${own.failOn}`);
  if (own.ignorePaths !== undefined && own.ignorePaths.length > 0) dropped.push("secrets.ignorePaths");
  if (own.disableRules !== undefined && own.disableRules.length > 0) dropped.push("secrets.disableRules");
  if (own.baseline !== undefined) dropped.push("secrets.baseline");
  if (own.secretlint === false) dropped.push("secrets.secretlint: false");
  if (own.gitleaks === false) dropped.push("secrets.gitleaks: false");
  return kept;
}

function adoptLockfile(own: RampartConfig["lockfile"], dropped: string[]): RampartConfig["lockfile"] {
  const kept: RampartConfig["lockfile"] = {};
  if (own.allowedHosts !== undefined && own.allowedHosts.length > 0) dropped.push("lockfile.allowedHosts");
  if (own.allowedSources !== undefined && Object.keys(own.allowedSources).length > 0)
    dropped.push("lockfile.allowedSources");
  if (own.allowInstallScripts !== undefined && own.allowInstallScripts.length > 0)
    dropped.push("lockfile.allowInstallScripts");
  if (own.heldAtAdoption !== undefined && own.heldAtAdoption.length > 0) dropped.push("lockfile.heldAtAdoption");
  if (own.rules !== undefined) {
    const rules: Record<string, "error"> = {};
    for (const [id, level] of Object.entries(own.rules)) {
      if (level === "error") rules[id] = level;
      else dropped.push(`lockfile.rules.${id}: ${level}`);
    }
    if (Object.keys(rules).length > 0) kept.rules = rules;
  }
  return kept;
}

/** deps: only what makes the gate stricter than the defaults (see adoptedPolicy). */
export function adoptDeps(own: DepsPolicy, dropped: string[]): DepsPolicy {
  const policy: DepsPolicy = {};
  const vp = own.vulnerabilities ?? {};
  const failOn =
    vp.failOn === undefined
      ? DEFAULT_FAIL_ON
      : SEVERITY_ORDER.indexOf(vp.failOn) <= SEVERITY_ORDER.indexOf(DEFAULT_FAIL_ON)
        ? vp.failOn
        : DEFAULT_FAIL_ON;
  if (vp.failOn !== undefined && failOn !== vp.failOn) dropped.push(`deps.vulnerabilities.failOn: ${vp.failOn}`);
  if (vp.exceptions !== undefined && vp.exceptions.length > 0) dropped.push("deps.vulnerabilities.exceptions");
  if (vp.ignoreDev === true) dropped.push("deps.vulnerabilities.ignoreDev");
  policy.vulnerabilities = { failOn };
  const q = own.quality;
  if (q !== undefined) {
    const quality: NonNullable<DepsPolicy["quality"]> = {};
    for (const key of Object.keys(DEPS_QUALITY_DEFAULTS) as Array<keyof typeof DEPS_QUALITY_DEFAULTS>) {
      const mode = q[key];
      if (mode === undefined) continue;
      if (MODE_RANK[mode] >= MODE_RANK[DEPS_QUALITY_DEFAULTS[key]]) quality[key] = mode;
      else dropped.push(`deps.quality.${key}: ${mode}`);
    }
    if (q.minReleaseAgeDays !== undefined) {
      if (q.minReleaseAgeDays >= DEFAULT_MIN_RELEASE_AGE_DAYS) quality.minReleaseAgeDays = q.minReleaseAgeDays;
      else dropped.push(`deps.quality.minReleaseAgeDays: ${q.minReleaseAgeDays}`);
    }
    if (q.typosquatAllow !== undefined && q.typosquatAllow.length > 0) dropped.push("deps.quality.typosquatAllow");
    policy.quality = quality;
  }
  if (own.maxAgeDays !== undefined) {
    if (own.maxAgeDays <= DEFAULT_MAX_AGE_DAYS) policy.maxAgeDays = own.maxAgeDays;
    else dropped.push(`deps.maxAgeDays: ${own.maxAgeDays}`);
  }
  // The defaults judge no licences: any licence rule only adds checks.
  if (own.licenses !== undefined) policy.licenses = own.licenses;
  if (own.database !== undefined) dropped.push("deps.database");
  if (own.online !== undefined) dropped.push("deps.online");
  return policy;
}

function adoptWorkflows(own: RampartConfig["workflows"], dropped: string[]): RampartConfig["workflows"] {
  const kept: RampartConfig["workflows"] = {};
  if (own.severity === "error") dropped.push("workflows.severity: error");
  if (own.audits !== undefined) {
    const audits: NonNullable<RampartConfig["workflows"]["audits"]> = {};
    for (const [id, level] of Object.entries(own.audits) as Array<[keyof typeof audits, "error" | "warning" | "off"]>) {
      if (level === "off") dropped.push(`workflows.audits.${id}: off`);
      else audits[id] = level;
    }
    if (Object.keys(audits).length > 0) kept.audits = audits;
  }
  return kept;
}

function adoptHooks(own: RampartConfig["hooks"], dropped: string[]): RampartConfig["hooks"] {
  const kept: RampartConfig["hooks"] = {};
  if (own.protectedBranches !== undefined) kept.protectedBranches = own.protectedBranches;
  for (const stage of ["preCommit", "commitMsg", "prePush"] as const) {
    const switches = own[stage] as Record<string, boolean | undefined> | undefined;
    if (switches === undefined) continue;
    const on: Record<string, boolean> = {};
    for (const [name, value] of Object.entries(switches)) {
      if (value === true) on[name] = true;
      else if (value === false) dropped.push(`hooks.${stage}.${name}: false`);
    }
    if (Object.keys(on).length > 0) (kept as Record<string, unknown>)[stage] = on;
  }
  return kept;
}

function adoptSignatures(own: RampartConfig["signatures"], dropped: string[]): RampartConfig["signatures"] {
  const kept: RampartConfig["signatures"] = {};
  if (own.required === true) kept.required = true;
  else if (own.required === false) dropped.push("signatures.required: false");
  if (own.dco === true) kept.dco = true;
  if (own.policyAdmins !== undefined && own.policyAdmins.length > 0) kept.policyAdmins = own.policyAdmins;
  if (own.since !== undefined) kept.since = own.since;
  if (own.protectedBranches !== undefined) dropped.push("signatures.protectedBranches");
  return kept;
}
