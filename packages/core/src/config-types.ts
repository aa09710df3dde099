// Generated from packages/core/schema/config.schema.json by node scripts/gen-config.mjs; do not edit.
// test/scripts/config-schema.test.ts fails when this file and the schema drift.

/** Secret guard (SRC-2, SRC-4). */
export type SecretsPolicy = {
  /** .gitignore-style globs (repository-relative, forward slashes) never scanned for secrets: a glob without a slash matches the name in any folder, a matched folder covers everything under it, !glob takes a path back (the last match wins). */
  ignorePaths?: string[];
  /** Files larger than this many bytes are still read, in 4 MiB windows that overlap (memory stays one window), every line judged (in a staged change or a pushed range too, not only the lines it adds). Default 5242880 (5 MiB). */
  maxFileSize?: number;
  /** Repository-relative path of the baseline of accepted findings. Default .rampart/secrets-baseline.json. */
  baseline?: string;
  /** Rule ids (rampart's, a .gitleaks.toml's or a .secretlintrc's) that never report. */
  disableRules?: string[];
  /** Lowest confidence of a secret finding that is an error (fails the scan and the hook); findings below it are warnings (text output, SARIF level). Default low: every finding fails, as a security check should; medium turns low-confidence findings (generic assignments, credential-named command-line options, tokens whose checksum fails, medium ones lowered one step in test, fixture and example paths) into warnings. Sensitive files are high confidence (medium in test and fixture paths, except key files and key stores). */
  failOn?: "low" | "medium" | "high";
  /** Run the rules a repository's .secretlintrc.{json,yml,yaml} names alongside rampart's. Default true. */
  secretlint?: boolean;
  /** Convert and run the [[rules]] of a repository's .gitleaks.toml. Default true. */
  gitleaks?: boolean;
};

/** Signature enforcer (SRC-1, SRC-8). Each commit is judged by this section as it stands in its first parent, so changing it takes a policy admin's signature. */
export type SignaturesPolicy = {
  /** Every commit after the trust root must be signed by a key in .rampart/allowed_signers or .rampart/keys/ (default true). */
  required?: boolean;
  /** The trust root: the full id of the commit that adopted the policy; it and its ancestors are exempt. */
  since?: string;
  /** Require a Signed-off-by trailer matching the author (default false). */
  dco?: boolean;
  /** Principals whose signature may change .rampart/; empty or absent: any allowed signer. */
  policyAdmins?: string[];
  /** Branches the pre-push check applies to (globs: `*` within one path segment; `!glob` excludes, and a list starting with one starts from every branch); absent: every pushed branch and tag. */
  protectedBranches?: string[];
};

/** Lockfile checker (MAT-1, MAT-3, BLD-5, SRC-4). */
export type LockfilePolicy = {
  /** Registry hosts (or URLs) packages may resolve from, besides registry.npmjs.org, registry.yarnpkg.com and the registries .npmrc/.yarnrc.yml/pnpm config declare. "npm" and "yarn" name the two public hosts. */
  allowedHosts?: string[];
  /** Package name -> non-registry sources it may come from (prefixes of the resolved git URL, tarball URL or path; "*" for any). */
  allowedSources?: {
    [key: string]: string[];
  };
  /** Package names allowed to run install scripts (pnpm onlyBuiltDependencies/allowBuilds are honoured too). */
  allowInstallScripts?: string[];
  /** Rule id (e.g. lockfile/weak-integrity) -> severity, or off to disable it. */
  rules?: {
    [key: string]: "error" | "warning" | "off";
  };
  /** Errors the lockfiles held when rampart was adopted (rampart init writes them): each is a warning for that package only, while it stays the same (name@version, resolved, integrity) in the same lockfile; the same rule on any other package, or on this one changed, is an error. Delete an entry once fixed. */
  heldAtAdoption?: {
    /** The rule the entry held an error of. */
    rule: string;
    /** The lockfile, relative to the repository root. */
    lockfile: string;
    /** The package as installed: name@version. */
    package?: string;
    /** Where it resolved to (absent: nowhere). */
    resolved?: string;
    /** Its integrity hashes, space-separated (absent: none). */
    integrity?: string;
    /** For a finding of no package: its fingerprint. */
    fingerprint?: string;
  }[];
};

/** SBOM and attestations (MAT-6, BLD-4, ART-1..3). Command-line flags win over these. */
export type SbomPolicy = {
  /** Default for `rampart sbom --format` (default cyclonedx-json). */
  format?: "cyclonedx-json" | "cyclonedx-xml" | "spdx-json";
  /** Default for `--spec-version`: CycloneDX 1.6/1.5/1.4, SPDX 2.3. */
  specVersion?: "1.6" | "1.5" | "1.4" | "2.3";
  /** Include dev-only dependencies, with CycloneDX scope excluded (default false). */
  includeDev?: boolean;
  /** Lockfile to read, relative to the repository root (default: the one lockfile there). */
  lockfile?: string;
  /** OpenSSH allowed_signers file `rampart verify` trusts, relative to the repository root (default .rampart/allowed_signers). */
  allowedSigners?: string;
};

/** Dependency gate (SRC-3, SRC-4, MAT-2, MAT-3, MAT-4): known vulnerabilities and malicious packages from OSV data. */
export type DepsPolicy = {
  /** Advisory database: a snapshot written by `rampart deps update` (or a directory holding one), an OSV zip export, or a directory of OSV JSON records (any depth); relative to the repository root. `--db` wins. */
  database?: string;
  /** Warn (deps/stale-database) when the newest record is older than this many days (default 7). */
  maxAgeDays?: number;
  /** Licence policy (MAT-1, MAT-2), judged by `rampart deps check` and the pre-commit gate when this section is present. SPDX expressions are evaluated: OR needs one acceptable branch, AND needs all. */
  licenses?: {
    /** SPDX ids (also `ID WITH exception`, LicenseRef-*) allowed; when set, any other licence is denied. */
    allow?: string[];
    /** SPDX ids denied (an `-only`/`-or-later` variant of a listed id is denied too). */
    deny?: string[];
    /** SPDX ids reported as warnings (deps/license-review). */
    review?: string[];
    /** A missing, UNLICENSED or unparsable licence: fail (default) or warn. */
    unknown?: "fail" | "warn";
    /** Accepted packages, each with a reason, an owner and an expiry. */
    exceptions?: {
      /** name, or name@range (npm semver range). */
      package: string;
      reason: string;
      owner: string;
      /** ISO date; after it the exception fails the check, naming it. */
      expires: string;
    }[];
  };
  /** Dependency quality thresholds (MAT-1): typosquat names (offline), and on registry data from the registry cache, refreshed by `rampart deps check --online` or `--registry-data` (CI: for what the change adds) or `rampart deps update --online`: release age, deprecation, provenance, maintainer change, archived repositories. */
  quality?: {
    /** A version published fewer days ago than this is refused (deps/release-too-new; default 2; 0 turns it off): the window in which most malicious versions are caught and unpublished. */
    minReleaseAgeDays?: number;
    /** A version its maintainers deprecated (deps/deprecated): warn (default), fail or off. */
    deprecated?: "fail" | "warn" | "off";
    /** A name one edit from a popular npm name, or equal to one but for separators, scope or look-alike characters (deps/typosquat; offline, from the shipped list of popular names): warn (default), fail or off. */
    typosquat?: "fail" | "warn" | "off";
    /** Package names that are not typosquats whatever they resemble. */
    typosquatAllow?: string[];
    /** A version without a registry provenance attestation (deps/no-provenance; registry data from the cache or --online): off (default), warn or fail. */
    provenance?: "fail" | "warn" | "off";
    /** An upgrade to a version without provenance when the version it replaces had it (deps/provenance-dropped: the pattern of a stolen token publishing outside CI; registry data): warn (default), fail or off. */
    provenanceDropped?: "fail" | "warn" | "off";
    /** An upgrade whose new version was published by someone who did not maintain the old one, or that adds maintainers (deps/maintainer-change; registry data): warn (default: report, not block), fail or off. */
    maintainerChange?: "fail" | "warn" | "off";
    /** A package whose registry metadata marks its repository archived (deps/archived; npmjs.org carries no such flag, some registries and mirrors do): warn (default), fail or off. */
    archived?: "fail" | "warn" | "off";
  };
  /** Where `rampart deps check --online` (and `--registry-data`, for `npm`) asks (offline runs never touch the network); with --policy-rev, the trusted revision's. RAMPART_OSV_API and RAMPART_NPM_REGISTRY win over these. */
  online?: {
    /** Base URL of the OSV API (/v1/querybatch, /v1/vulns/{id}); default https://api.osv.dev. Plain http only to this machine. */
    osv?: string;
    /** Registry of the bulk advisory endpoint (/-/npm/v1/security/advisories/bulk) and of the package documents the quality rules read (never a project's .npmrc); default https://registry.npmjs.org. Plain http only to this machine. */
    npm?: string;
    /** Which online sources to ask (default both; an empty list is refused by the command). */
    sources?: ("osv" | "npm")[];
  };
  vulnerabilities?: {
    /** Lowest severity that fails the check (default high); findings below it are warnings. MAL- records always fail. */
    failOn?: "critical" | "high" | "medium" | "low";
    /** Leave dev-only packages out (default false). */
    ignoreDev?: boolean;
    /** Accepted advisories, each with a reason, an owner and an expiry; matched across the record's aliases. */
    exceptions?: {
      /** GHSA, CVE or OSV id. */
      id: string;
      /** Only for this package name. */
      package?: string;
      /** Only on this dependency chain, e.g. "a > b > c". */
      path?: string;
      reason: string;
      owner: string;
      /** ISO date; after it the exception fails the check, naming it. */
      expires: string;
    }[];
  };
};

/** Git hooks and branch protection (SRC-1, SRC-2, SRC-7). */
export type HooksPolicy = {
  /** Branches a direct push to is refused by the pre-push hook (SRC-7): globs, `*` within one path segment (e.g. release/*); `!glob` excludes, and a list starting with one starts from every branch. */
  protectedBranches?: string[];
  /** What `rampart hook pre-commit` runs. */
  preCommit?: {
    /** Run the project's lint-staged first when its config lists tasks (HEAD's config: a change to it applies from the next commit). */
    lintStaged?: boolean;
    /** Secret guard on the staged content (SRC-2). */
    secrets?: boolean;
    /** Lockfile check when a lockfile is staged (MAT-3, BLD-5). */
    lockfile?: boolean;
    /** Workflow audit (rampart workflows check) when a CI workflow file is staged (SRC-9, BLD-5, BLD-7). */
    workflows?: boolean;
  };
  /** What `rampart hook commit-msg` runs. */
  commitMsg?: {
    /** Run the project's commitlint in the same Node process: the message must pass HEAD's config and the project's own. */
    commitlint?: boolean;
    /** Secret guard on the commit message (SRC-2). */
    secrets?: boolean;
  };
  /** What `rampart hook pre-push` runs on each pushed range. */
  prePush?: {
    /** Signature policy on the pushed commits (SRC-1). */
    signatures?: boolean;
    /** Secret guard on the lines the pushed commits add (SRC-2). */
    secrets?: boolean;
    /** Vulnerability (and, with deps.licenses, licence) gate on what the pushed commits add or upgrade in lockfiles, offline (SRC-3, SRC-4). */
    deps?: boolean;
  };
};

/** CI workflow audit (SRC-9, BLD-2, BLD-3, BLD-5, BLD-7, BLD-8, SRC-4): rampart workflows check|fix. */
export type WorkflowsPolicy = {
  /** Findings at or above this severity fail the check (exit 1). Default warning: every finding fails. */
  severity?: "error" | "warning";
  /** Audit id (e.g. persist-credentials) -> severity, or off to disable it. */
  audits?: {
    "cache-poisoning"?: "error" | "warning" | "off";
    "curl-pipe-shell"?: "error" | "warning" | "off";
    "dangerous-trigger"?: "error" | "warning" | "off";
    "github-env-injection"?: "error" | "warning" | "off";
    "hardcoded-credentials"?: "error" | "warning" | "off";
    "id-token-write"?: "error" | "warning" | "off";
    "include-not-audited"?: "error" | "warning" | "off";
    "install-scripts"?: "error" | "warning" | "off";
    "local-action-not-audited"?: "error" | "warning" | "off";
    "npm-install"?: "error" | "warning" | "off";
    "permissions-excessive"?: "error" | "warning" | "off";
    "permissions-missing"?: "error" | "warning" | "off";
    "permissions-write-all"?: "error" | "warning" | "off";
    "persist-credentials"?: "error" | "warning" | "off";
    "pin-comment-mismatch"?: "error" | "warning" | "off";
    "secrets-inherit"?: "error" | "warning" | "off";
    "self-hosted-pr"?: "error" | "warning" | "off";
    "template-injection"?: "error" | "warning" | "off";
    "unguarded-comment-trigger"?: "error" | "warning" | "off";
    "unpinned-action"?: "error" | "warning" | "off";
    "unpinned-image"?: "error" | "warning" | "off";
    "unpinned-include"?: "error" | "warning" | "off";
    "unsecure-commands"?: "error" | "warning" | "off";
    "unverified-download"?: "error" | "warning" | "off";
    "workflow-env-secret"?: "error" | "warning" | "off";
  };
};

/** `rampart audit` (every framework id): accepted gaps. A suppressed row leaves the score until it expires; after that it fails, naming the suppression. */
export type AuditPolicy = {
  /** Accepted gaps: the framework id, why, and until when. */
  suppressions?: {
    /** Framework id, e.g. MAT-5. */
    id: string;
    /** Why the gap is accepted. */
    reason: string;
    /** ISO date; after that day (UTC) the row fails, naming the suppression. */
    expires: string;
  }[];
};

/** Data only: rampart never runs code from its configuration. Each section names the framework ids it serves. */
export interface RampartPolicyFile {
  /** Where editors find this schema, e.g. ./node_modules/@rampart/core/schema/config.schema.json; rampart ignores it. */
  $schema?: string;
  /** Schema version of this file. */
  version?: 1;
  /** Secret guard (SRC-2, SRC-4). */
  secrets?: SecretsPolicy;
  /** Signature enforcer (SRC-1, SRC-8). Each commit is judged by this section as it stands in its first parent, so changing it takes a policy admin's signature. */
  signatures?: SignaturesPolicy;
  /** Lockfile checker (MAT-1, MAT-3, BLD-5, SRC-4). */
  lockfile?: LockfilePolicy;
  /** SBOM and attestations (MAT-6, BLD-4, ART-1..3). Command-line flags win over these. */
  sbom?: SbomPolicy;
  /** Dependency gate (SRC-3, SRC-4, MAT-2, MAT-3, MAT-4): known vulnerabilities and malicious packages from OSV data. */
  deps?: DepsPolicy;
  /** Git hooks and branch protection (SRC-1, SRC-2, SRC-7). */
  hooks?: HooksPolicy;
  /** CI workflow audit (SRC-9, BLD-2, BLD-3, BLD-5, BLD-7, BLD-8, SRC-4): rampart workflows check|fix. */
  workflows?: WorkflowsPolicy;
  /** `rampart audit` (every framework id): accepted gaps. A suppressed row leaves the score until it expires; after that it fails, naming the suppression. */
  audit?: AuditPolicy;
}

/** The policy as loaded: every section present (empty when the file has none). */
export type RampartConfig = RampartPolicyFile & {
  version: 1;
  secrets: SecretsPolicy;
  signatures: SignaturesPolicy;
  lockfile: LockfilePolicy;
  sbom: SbomPolicy;
  deps: DepsPolicy;
  hooks: HooksPolicy;
  workflows: WorkflowsPolicy;
  audit: AuditPolicy;
};
