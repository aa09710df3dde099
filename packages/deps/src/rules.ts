import type { RuleRegistry } from "@rampart/core";

/** Every rule the dependency gate reports (the registry: SARIF rule metadata and the README table). */
export const RULES = {
  "deps/vulnerable": {
    title: "Known vulnerability",
    severity: "error",
    framework: ["SRC-3", "SRC-4", "MAT-2", "MAT-3"],
    description: "an installed version an advisory covers; error at or above `failOn`, warning below",
    help: "upgrade to the fixed version the finding names (or bump the dependency that pulls it in); accept it only with an expiring deps.vulnerabilities.exceptions entry",
  },
  "deps/malicious": {
    title: "Malicious package",
    severity: "error",
    framework: ["SRC-4", "MAT-2", "MAT-3"],
    description: "an OSV `MAL-` record: always critical, no exception applies",
    help: "remove it now, and treat every machine that installed it as compromised (rotate its credentials)",
  },
  "deps/exception-expired": {
    title: "Expired exception",
    severity: "error",
    framework: ["SRC-3", "MAT-4"],
    description: "an exception past its `expires` date (the finding it covered is reported again)",
    help: "fix the advisory, or renew the exception with a new date, reason and owner",
  },
  "deps/stale-database": {
    title: "Stale advisory data",
    severity: "warning",
    framework: ["MAT-4"],
    description:
      "the newest record is older than `deps.maxAgeDays` (default 7), or carries no date: run `rampart deps update`. An error with `--policy-rev` (CI, which downloads the data in the same job)",
    help: "refresh the data: `rampart deps update`",
  },
  "deps/no-database": {
    title: "No advisory database",
    severity: "warning",
    framework: ["SRC-4", "MAT-3"],
    description: "(hook) no database: what the change adds was not checked; a warning",
    help: "put an OSV export there (`rampart deps update`), or set deps.database in .rampart/config.yaml",
  },
  "deps/bad-record": {
    title: "Unreadable advisory record",
    severity: "warning",
    framework: ["MAT-2"],
    description:
      "a record file (or zip entry) that is not valid JSON, not an OSV record, or not safely readable; the others are used",
    help: "refresh the data (`rampart deps update`); the file is named in the finding",
  },
  "deps/license-denied": {
    title: "Licence not allowed",
    severity: "error",
    framework: ["MAT-1", "MAT-2"],
    description:
      "a package whose licence expression `deps.licenses` does not accept (denied, or not in `allow`): OR needs one acceptable branch, AND all",
    help: "replace the dependency (the finding names the path), or accept it with a deps.licenses.exceptions entry (package, reason, owner, expires)",
  },
  "deps/license-review": {
    title: "Licence needs review",
    severity: "warning",
    framework: ["MAT-1", "MAT-2"],
    description: "a package whose best acceptable licence is in `deps.licenses.review`",
    help: "have the licence reviewed; then allow it, or record the decision as an exception",
  },
  "deps/license-unknown": {
    title: "Unknown licence",
    severity: "error",
    framework: ["MAT-1", "MAT-2"],
    description:
      "no licence in the lockfile, node_modules (package.json, then a LICENSE/LICENCE/COPYING text) or `.rampart/licenses.json` (the finding lists the sources tried), `UNLICENSED`, or not an SPDX expression: an error unless `deps.licenses.unknown: warn`",
    help: "find the package's licence (its repository, LICENSE file); accept it with an exception, or set deps.licenses.unknown: warn",
  },
  "deps/license-cache-invalid": {
    title: "Unusable licence cache",
    severity: "warning",
    framework: ["MAT-1"],
    description:
      "`.rampart/licenses.json` is not a licence cache (not JSON, another format version, a symlink, too large) or has malformed entries: it is not used (or those entries are skipped)",
    help: "rewrite it with `rampart deps update --online`",
  },
  "deps/license-cache-unverified": {
    title: "Licence cache entries from the change",
    severity: "warning",
    framework: ["MAT-1"],
    description:
      "(CI --policy-rev, pre-push) entries the change adds to or alters in `.rampart/licenses.json`: the cache is read from the trusted revision, so they are not used (said once; a package that needed one is an unknown licence, its finding says so)",
    help: "let the licence come from the installed package (CI installs it), or land the cache update in a reviewed change of its own first",
  },
  "deps/release-too-new": {
    title: "Version too new",
    severity: "error",
    framework: ["MAT-1", "SRC-4"],
    description:
      "a version published fewer than `deps.quality.minReleaseAgeDays` days ago (default 2): the window in which most malicious versions are caught and unpublished (registry time data, from the cache or --online)",
    help: "wait the days out or pin the previous version; set deps.quality.minReleaseAgeDays: 0 to turn the rule off",
  },
  "deps/registry-moved": {
    title: "Registry moved by the change",
    severity: "error",
    framework: ["MAT-1", "SRC-4"],
    description:
      "(CI --policy-rev, --staged) a package the change adds that the trusted revision's package-manager config (.npmrc, .yarnrc, .yarnrc.yml, pnpm) maps to the registry asked, but that the change takes from elsewhere (its own config, or its lockfile's resolved URL on another host than the public npm registry's): it is not asked about there and the registry rules (release age, deprecation, provenance, maintainers) cannot judge it, so it fails rather than passing unjudged",
    help: "install it from the registry the base's config names; or land the registry change (.npmrc, .yarnrc.yml) in a reviewed change of its own first, or name that registry in the base's deps.online.npm",
  },
  "deps/deprecated": {
    title: "Deprecated version",
    severity: "warning",
    framework: ["MAT-1"],
    description: "a version its maintainers deprecated on the registry (`deps.quality.deprecated`: warn, fail or off)",
    help: "move to a maintained version or the replacement the message names",
  },
  "deps/typosquat": {
    title: "Typosquat name",
    severity: "warning",
    framework: ["MAT-1", "SRC-4"],
    description:
      "a name one edit from a popular npm name, or equal to one but for separators, scope or look-alike characters (`deps.quality.typosquat`: warn, fail or off; offline, from the shipped list in data/npm-popular.txt)",
    help: "install the package you meant; if the name is right, add it to deps.quality.typosquatAllow",
  },
  "deps/no-provenance": {
    title: "No provenance",
    severity: "warning",
    framework: ["MAT-1", "BLD-5"],
    description:
      "a version without a registry provenance attestation (`deps.quality.provenance`: off by default, warn or fail; registry data)",
    help: "prefer versions published with provenance (npm publish --provenance from CI), or relax deps.quality.provenance",
  },
  "deps/provenance-dropped": {
    title: "Provenance dropped",
    severity: "warning",
    framework: ["MAT-1", "SRC-4", "BLD-5"],
    description:
      "an upgrade to a version without a provenance attestation when the version it replaces had one: the pattern of a stolen token publishing outside the package's CI (`deps.quality.provenanceDropped`: warn by default, fail or off; registry data)",
    help: "check how the new version was published before taking it; stay on the attested version meanwhile",
  },
  "deps/maintainer-change": {
    title: "Maintainer change",
    severity: "warning",
    framework: ["MAT-1", "SRC-4"],
    description:
      "an upgrade whose new version was published by someone who did not maintain the old one, or that adds maintainers (the old version from the lockfile diff, else the version published before; `deps.quality.maintainerChange`: warn by default, fail or off)",
    help: "review what changed between the two versions before trusting the new publisher",
  },
  "deps/archived": {
    title: "Archived repository",
    severity: "warning",
    framework: ["MAT-1"],
    description:
      "a package whose registry metadata marks its repository archived (`deps.quality.archived`: warn, fail or off); npmjs.org carries no such flag, so there it has no data and says so",
    help: "move to a maintained fork or replacement",
  },
  "deps/no-registry-data": {
    title: "No registry data",
    severity: "warning",
    framework: ["MAT-1"],
    description:
      "(hooks) no registry data in the cache for what the change adds: the registry rules did not judge it; said once per repository and cache state unless the policy sets a registry rule explicitly (then every time)",
    help: "run `rampart deps update --online` or `rampart deps check --online` once (it fills the registry cache), or set deps.quality.minReleaseAgeDays: 0",
  },
} as const satisfies RuleRegistry;

export type RuleId = keyof typeof RULES;
