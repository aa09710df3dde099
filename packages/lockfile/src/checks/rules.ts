import {
  type Finding,
  type FrameworkId,
  fingerprint,
  type LockfilePolicy,
  redact,
  redactDeep,
  type Severity,
} from "@rampart/core";
import type { Lockfile, LockPackage } from "../model.js";
import { packageLine } from "../parse/context.js";

/** Every rule the lockfile checker reports: id -> default severity, framework ids, what it means. */
export const RULES = {
  "lockfile/disallowed-host": {
    severity: "error",
    framework: ["MAT-1", "BLD-5"],
    summary: "resolved from a registry host that is not allowed",
  },
  "lockfile/dependency-confusion": {
    severity: "error",
    framework: ["MAT-1", "BLD-5"],
    summary: "a scoped package resolved from another registry than its scope's",
  },
  "lockfile/insecure-protocol": {
    severity: "error",
    framework: ["MAT-1", "BLD-5"],
    summary: "fetched over http:// or git://",
  },
  "lockfile/git-source": {
    severity: "error",
    framework: ["MAT-1", "BLD-5"],
    summary: "a git dependency not allowed by name",
  },
  "lockfile/tarball-source": {
    severity: "error",
    framework: ["MAT-1", "BLD-5"],
    summary: "a tarball URL outside a registry, not allowed by name",
  },
  "lockfile/file-outside-repo": {
    severity: "error",
    framework: ["MAT-1"],
    summary: "a file:/link: dependency outside the repository",
  },
  "lockfile/unknown-source": {
    severity: "error",
    framework: ["MAT-1"],
    summary: "resolved through a protocol rampart does not know (a yarn plugin's: warning)",
  },
  "lockfile/exec-source": {
    severity: "error",
    framework: ["MAT-1", "MAT-3"],
    summary: "an exec: dependency runs a script to produce the package",
  },
  "lockfile/missing-integrity": {
    severity: "error",
    framework: ["BLD-5"],
    summary: "a registry package without an integrity hash",
  },
  "lockfile/weak-integrity": { severity: "warning", framework: ["BLD-5"], summary: "only a sha1 integrity hash" },
  "lockfile/name-mismatch": {
    severity: "error",
    framework: ["BLD-5"],
    summary: "the resolved URL is another package's tarball (lockfile injection)",
  },
  "lockfile/version-mismatch": {
    severity: "error",
    framework: ["BLD-5"],
    summary: "the resolved tarball is another version than the lockfile says",
  },
  "lockfile/install-script": {
    severity: "error",
    framework: ["MAT-3"],
    summary: "runs install scripts and is not allowed to",
  },
  "lockfile/drift": {
    severity: "error",
    framework: ["MAT-1"],
    summary: "package.json and the lockfile disagree (stale lockfile)",
  },
  "lockfile/tampered": {
    severity: "error",
    framework: ["SRC-4", "BLD-5"],
    summary: "same name@version, different integrity or URL",
  },
  "lockfile/source-changed": {
    severity: "error",
    framework: ["SRC-4", "MAT-1"],
    summary: "a registry package now comes from git or a tarball URL",
  },
  "lockfile/new-install-script": {
    severity: "error",
    framework: ["SRC-4", "MAT-3"],
    summary: "a change adds a package that runs install scripts",
  },
  "lockfile/downgrade": { severity: "warning", framework: ["SRC-4"], summary: "a change downgrades a package" },
} as const satisfies Record<string, { severity: Severity; framework: FrameworkId[]; summary: string }>;

export type RuleId = keyof typeof RULES;

/** The lockfile: section of .rampart/config.yaml: core's type, generated from config.schema.json. */
export type { LockfilePolicy };

export const DEFAULT_HOSTS = ["registry.npmjs.org", "registry.yarnpkg.com"] as const;

/**
 * Collects findings for one lockfile, applying the policy's severities and pointing at entry lines.
 * Messages, hints and properties quote `resolved` URLs, which may carry credentials
 * (`https://user:token@host`): they are redacted here, so API callers never get them whole either.
 */
export class FindingSink {
  readonly findings: Finding[] = [];
  constructor(
    private readonly lockfile: Lockfile,
    private readonly policy: LockfilePolicy,
  ) {}

  add(
    rule: RuleId,
    pkg: LockPackage | undefined,
    message: string,
    extra: { hint?: string; line?: number; severity?: Severity; properties?: Record<string, unknown> } = {},
  ) {
    const configured = this.policy.rules?.[rule];
    if (configured === "off") return;
    const line = extra.line ?? (pkg === undefined ? undefined : packageLine(this.lockfile, pkg.id));
    const finding: Finding = {
      ruleId: rule,
      severity: configured ?? extra.severity ?? RULES[rule].severity,
      message: redact(message),
      file: this.lockfile.path,
      framework: [...RULES[rule].framework],
      // Over the message as written: stable, and a hash never reveals the credential.
      fingerprint: fingerprint(rule, this.lockfile.path, pkg?.id ?? "", message),
      confidence: "high",
    };
    if (line !== undefined) finding.line = line;
    if (extra.hint !== undefined) finding.hint = redact(extra.hint);
    const properties = {
      ...(pkg === undefined ? {} : { package: pkg.name, version: pkg.version, id: pkg.id }),
      ...extra.properties,
    };
    if (Object.keys(properties).length > 0) finding.properties = redactDeep(properties);
    this.findings.push(finding);
  }

  /** The lockfile line of a package or importer id. */
  lineOf(id: string): number | undefined {
    return packageLine(this.lockfile, id);
  }

  enabled(rule: RuleId): boolean {
    return this.policy.rules?.[rule] !== "off";
  }
}

/** Whether `allowedSources` lets this package come from its resolved source. */
export function sourceAllowed(policy: LockfilePolicy, pkg: LockPackage): boolean {
  const allowed = policy.allowedSources?.[pkg.name];
  if (allowed === undefined) return false;
  return allowed.some((prefix) => prefix === "*" || (pkg.resolved ?? "").startsWith(prefix));
}
