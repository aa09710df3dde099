import type { LockfilePolicy } from "@rampart/core/config";
import { type Finding, fingerprint, type RuleRegistry, type Severity } from "@rampart/core/findings";
import { redact, redactFinding } from "@rampart/core/redact";
import type { Lockfile, LockPackage } from "../model.js";
import { packageLine } from "../parse/context.js";

/** Every rule the lockfile checker reports (the registry: SARIF rule metadata and the README table). */
export const RULES = {
  "lockfile/disallowed-host": {
    title: "Registry host not allowed",
    severity: "error",
    framework: ["MAT-1", "BLD-5"],
    description: "a registry tarball from a host not allowed",
    help: "add the host to lockfile.allowedHosts (or to .npmrc/.yarnrc.yml) if it is yours; otherwise delete the entry and reinstall",
  },
  "lockfile/dependency-confusion": {
    title: "Scoped package from another registry",
    severity: "error",
    framework: ["MAT-1", "BLD-5"],
    description: "a package of a scope mapped to a private registry that resolves from another host",
    help: "a public package may be shadowing your private one: delete the entry and reinstall from the scoped registry",
  },
  "lockfile/insecure-protocol": {
    title: "Fetched over plain http or git",
    severity: "error",
    framework: ["MAT-1", "BLD-5"],
    description: "`http://`, `git://`, `git+http://`",
    help: "use the https:// URL of the same registry or repository",
  },
  "lockfile/git-source": {
    title: "Git dependency",
    severity: "error",
    framework: ["MAT-1", "BLD-5"],
    description: "a git dependency not allowed by name",
    help: 'publish it to a registry, or allow it with lockfile.allowedSources["<name>"]',
  },
  "lockfile/tarball-source": {
    title: "Tarball URL outside a registry",
    severity: "error",
    framework: ["MAT-1", "BLD-5"],
    description: "a tarball URL outside a registry (e.g. codeload.github.com) not allowed by name",
    help: 'publish it to a registry, or allow it with lockfile.allowedSources["<name>"]',
  },
  "lockfile/file-outside-repo": {
    title: "Local dependency outside the repository",
    severity: "error",
    framework: ["MAT-1"],
    description: "a `file:`/`link:`/`portal:` path outside the repository",
    help: "a build elsewhere gets whatever is at that path: vendor it into the repository or publish it",
  },
  "lockfile/unknown-source": {
    title: "Unknown resolution protocol",
    severity: "error",
    framework: ["MAT-1"],
    description: "a protocol rampart does not know (warning for a yarn plugin's, e.g. babel's `condition:`)",
    help: 'find out what produces the package, then allow it with lockfile.allowedSources["<name>"]',
  },
  "lockfile/exec-source": {
    title: "exec: dependency",
    severity: "error",
    framework: ["MAT-1", "MAT-3"],
    description: "a yarn `exec:` package (a script produces it)",
    help: "an exec: dependency runs code to produce the package: replace it with a published package",
  },
  "lockfile/missing-integrity": {
    title: "No integrity hash",
    severity: "error",
    framework: ["BLD-5"],
    description:
      "a registry or tarball package without a hash the package manager checks: none, or only parts npm, pnpm and yarn 1 drop (`garbage`, `sha512-`, `SHA512-…`) (warning for berry platform packages yarn skipped)",
    help: "reinstall so the package manager records the hash, and commit the lockfile",
  },
  "lockfile/weak-integrity": {
    title: "Weak integrity only",
    severity: "warning",
    framework: ["BLD-5"],
    description: "only `sha1`, `md5` or another algorithm below sha256",
    help: "reinstall with a current npm or yarn to record sha512",
  },
  "lockfile/name-mismatch": {
    title: "Resolved URL of another package",
    severity: "error",
    framework: ["BLD-5"],
    description:
      "the resolved URL is another package's tarball, an npm install path holding another package nothing asked for (a fake alias), or a yarn berry entry whose key asks for another package than it resolves to (lockfile injection)",
    help: "someone may have edited the lockfile to swap a package: delete the entry and reinstall",
  },
  "lockfile/version-mismatch": {
    title: "Resolved URL of another version",
    severity: "error",
    framework: ["BLD-5"],
    description:
      "the resolved tarball is another version, or a registry entry records no exact version (a dist-tag or a range, which the install resolves against the registry)",
    help: "the lockfile says one version and fetches another: delete the entry and reinstall",
  },
  "lockfile/install-script": {
    title: "Install script not allowed",
    severity: "error",
    framework: ["MAT-3"],
    description: "runs install scripts and is not allowed",
    help: "review it, then allow it with lockfile.allowInstallScripts (or pnpm onlyBuiltDependencies/allowBuilds), or install with ignore-scripts",
  },
  "lockfile/drift": {
    title: "Lockfile out of date",
    severity: "error",
    framework: ["MAT-1"],
    description:
      "a `package.json` dependency missing from the lockfile, recorded with another specifier, or resolved to a version that does not satisfy it (pnpm catalogs included). An overridden package (`overrides`, `resolutions`, `pnpm.overrides`) may resolve outside its declared range, and pnpm records the override as its specifier; its catalog is still checked",
    help: "run your package manager's install and commit the lockfile",
  },
  "lockfile/ambiguous-scalar": {
    title: "Unquoted value YAML readers disagree on",
    severity: "error",
    framework: ["BLD-5"],
    description:
      "pnpm-lock.yaml: a plain (unquoted) value or key that a YAML reader types as a number, boolean, null or date (`1e3`, `0x3E8`, `True`, `~`, `on`, `017`): pnpm 10 reads `version: 1e3` as 1000, rampart reads the text, so the entry judged is not the entry installed. pnpm quotes every such string when it writes the lockfile (`specifier: '1'`); lowercase true/false and the top-level lockfileVersion are not reported",
    help: "pnpm never writes these unquoted: find out who edited the lockfile, then run pnpm install and commit what it writes",
  },
  "lockfile/tampered": {
    title: "Same version, different contents",
    severity: "error",
    framework: ["SRC-4", "BLD-5"],
    description:
      "`diff`: same name@version, different integrity or URL. Not for what package managers change themselves: a yarn built-in patch (`builtin<compat/typescript>`) whose hash changed with the yarn release (its base package is still compared), and yarn checksums made with another cache key (yarn 3 -> 4 re-hashes every entry; checksums hash yarn's zip, so those cannot be compared)",
    help: "the same version cannot change its contents: find out who edited the lockfile, then reinstall",
  },
  "lockfile/source-changed": {
    title: "Registry package moved to git or a URL",
    severity: "error",
    framework: ["SRC-4", "MAT-1"],
    description: "`diff`: a registry package now from git or a tarball URL",
    help: "a registry package swapped for a git or URL source bypasses the registry's integrity and provenance: check who changed it and why",
  },
  "lockfile/new-install-script": {
    title: "New package with install scripts",
    severity: "error",
    framework: ["SRC-4", "MAT-3"],
    description: "`diff`: a new package that runs install scripts",
    help: "review what its preinstall/install/postinstall does before it runs on every machine",
  },
  "lockfile/downgrade": {
    title: "Downgrade",
    severity: "warning",
    framework: ["SRC-4"],
    description: "`diff`: a package downgraded",
    help: "downgrades can bring back fixed vulnerabilities: make sure this one is intended",
  },
} as const satisfies RuleRegistry;

export type RuleId = keyof typeof RULES;

/** The lockfile: section of .rampart/config.yaml: core's type, generated from config.schema.json. */
export type { LockfilePolicy };

export const DEFAULT_HOSTS = ["registry.npmjs.org", "registry.yarnpkg.com"] as const;

/**
 * The identity of a held error (lockfile.heldAtAdoption): its rule and the package as installed,
 * name@version, where it resolves to (redacted: the policy file is committed, and a URL may carry
 * credentials) and its integrity hashes. The same name@version from elsewhere or with other
 * content is another package, and an error again.
 */
function packageKey(rule: string, nameAtVersion: string, resolved: string, integrity: string): string {
  return `${rule}\0${nameAtVersion}\0${resolved}\0${integrity}`;
}

/** heldAtAdoption's entry fields for a package: what init writes and FindingSink matches. */
export function heldFields(pkg: LockPackage): { package: string; resolved?: string; integrity?: string } {
  const integrity = pkg.integrity.map((i) => i.raw).join(" ");
  return {
    package: `${pkg.name}@${pkg.version}`,
    ...(pkg.resolved === undefined || pkg.resolved === "" ? {} : { resolved: redact(pkg.resolved) }),
    ...(integrity === "" ? {} : { integrity }),
  };
}

function heldKeyOf(rule: string, pkg: LockPackage): string {
  const f = heldFields(pkg);
  return packageKey(rule, f.package, f.resolved ?? "", f.integrity ?? "");
}

/**
 * Collects findings for one lockfile, applying the policy's severities and pointing at entry lines.
 * Messages, hints and properties quote `resolved` URLs, which may carry credentials
 * (`https://user:token@host`): they are redacted here, so API callers never get them whole either.
 */
export class FindingSink {
  readonly findings: Finding[] = [];
  /** heldAtAdoption's entries for this lockfile, by heldKey. */
  readonly #held: ReadonlySet<string>;
  constructor(
    private readonly lockfile: Lockfile,
    private readonly policy: LockfilePolicy,
  ) {
    const held = new Set<string>();
    for (const e of policy.heldAtAdoption ?? []) {
      if (e.lockfile !== lockfile.path) continue;
      if (e.package !== undefined) held.add(packageKey(e.rule, e.package, e.resolved ?? "", e.integrity ?? ""));
      else if (e.fingerprint !== undefined) held.add(`${e.rule}\0#${e.fingerprint}`);
    }
    this.#held = held;
  }

  add(
    rule: RuleId,
    pkg: LockPackage | undefined,
    message: string,
    extra: {
      hint?: string;
      line?: number;
      severity?: Severity;
      properties?: Record<string, unknown>;
      /** Tells apart findings of no package whose messages can be the same (in the fingerprint only). */
      key?: string;
    } = {},
  ) {
    const configured = this.policy.rules?.[rule];
    if (configured === "off") return;
    const line = extra.line ?? (pkg === undefined ? undefined : packageLine(this.lockfile, pkg.id));
    const raw: Finding = {
      ruleId: rule,
      severity: configured ?? extra.severity ?? RULES[rule].severity,
      message,
      file: this.lockfile.path,
      framework: [...RULES[rule].framework],
      fingerprint: "",
      confidence: "high",
    };
    if (line !== undefined) raw.line = line;
    if (extra.hint !== undefined) raw.hint = extra.hint;
    const properties = {
      ...(pkg === undefined ? {} : { package: pkg.name, version: pkg.version, id: pkg.id }),
      ...extra.properties,
    };
    if (Object.keys(properties).length > 0) raw.properties = properties;
    // Masked once, here (core's redactFinding: the reporter then passes it as it is).
    const finding = redactFinding(raw);
    // Over the message as shown (credentials masked): a hash over a `https://user:password@`
    // URL would test a guess of the password offline. Stable while the masked text is.
    // A key is hashed after them (masked too: it quotes lockfile lines), and only when given: every
    // other finding keeps its fingerprint.
    finding.fingerprint =
      extra.key === undefined
        ? fingerprint(rule, this.lockfile.path, pkg?.id ?? "", finding.message)
        : fingerprint(rule, this.lockfile.path, pkg?.id ?? "", finding.message, redact(extra.key));
    // An error the lockfile held when rampart was adopted, on this package as it was: a warning.
    if (finding.severity === "error" && this.#held.size > 0) {
      const key = pkg === undefined ? `${rule}\0#${finding.fingerprint}` : heldKeyOf(rule, pkg);
      if (this.#held.has(key)) {
        finding.severity = "warning";
        finding.message += " (held at adoption: lockfile.heldAtAdoption)";
      }
    }
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
