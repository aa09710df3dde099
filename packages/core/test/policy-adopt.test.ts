import { describe, expect, it } from "vitest";
import { defaultConfig, parseConfig } from "../src/config.js";
import { adoptedPolicy } from "../src/policy-adopt.js";

// A change that adopts rampart (the trusted revision has no policy) is judged by the defaults;
// its own policy only where it is stricter (policy-adopt.ts).

describe("adoptedPolicy: an adopting change's policy only tightens the defaults", () => {
  it("the defaults, nothing dropped, for an empty policy", () => {
    const { config, dropped } = adoptedPolicy(defaultConfig());
    expect(dropped).toEqual([]);
    expect(config).toEqual({ ...defaultConfig(), deps: { vulnerabilities: { failOn: "high" } } });
  });

  it("secrets, lockfile, workflows, hooks, signatures, audit: what loosens is left out and named; what tightens stays", () => {
    const own = parseConfig(
      [
        "version: 1",
        "secrets:",
        "  ignorePaths: [fixtures/**]",
        "  disableRules: [github-pat]",
        "  baseline: mine.json",
        "  failOn: high",
        "  maxFileSize: 10485760",
        "  gitleaks: false",
        "  secretlint: true",
        "lockfile:",
        "  allowedHosts: [npm.mirror.example]",
        "  allowedSources: { x: ['*'] }",
        "  allowInstallScripts: [esbuild]",
        "  rules: { lockfile/weak-integrity: error, lockfile/install-script: off, lockfile/drift: warning }",
        "  heldAtAdoption: [{ rule: lockfile/missing-integrity, lockfile: package-lock.json, package: x@1.0.0 }]",
        "workflows:",
        "  severity: error",
        "  audits: { unpinned-action: off, curl-pipe-shell: error, npm-install: warning }",
        "hooks:",
        "  protectedBranches: [main]",
        "  preCommit: { secrets: false, lockfile: true }",
        "  prePush: { deps: false }",
        "signatures:",
        "  required: false",
        "  dco: true",
        "  protectedBranches: [main]",
        "audit:",
        "  suppressions: [{ id: MAT-5, reason: later, expires: '2099-01-01' }]",
        "sbom:",
        "  includeDev: true",
        "",
      ].join("\n"),
    );
    const { config, dropped } = adoptedPolicy(own);
    expect(config.secrets).toEqual({ maxFileSize: 10485760 });
    expect(config.lockfile).toEqual({ rules: { "lockfile/weak-integrity": "error" } });
    expect(config.workflows).toEqual({ audits: { "curl-pipe-shell": "error", "npm-install": "warning" } });
    expect(config.hooks).toEqual({ protectedBranches: ["main"], preCommit: { lockfile: true } });
    expect(config.signatures).toEqual({ dco: true });
    expect(config.audit).toEqual({});
    expect(config.sbom).toEqual({ includeDev: true });
    expect(dropped).toEqual([
      "secrets.failOn: high",
      "secrets.ignorePaths",
      "secrets.disableRules",
      "secrets.baseline",
      "secrets.gitleaks: false",
      "lockfile.allowedHosts",
      "lockfile.allowedSources",
      "lockfile.allowInstallScripts",
      "lockfile.heldAtAdoption",
      "lockfile.rules.lockfile/install-script: off",
      "lockfile.rules.lockfile/drift: warning",
      "workflows.severity: error",
      "workflows.audits.unpinned-action: off",
      "hooks.preCommit.secrets: false",
      "hooks.prePush.deps: false",
      "signatures.required: false",
      "signatures.protectedBranches",
      "audit.suppressions",
    ]);
  });

  it("a smaller maxFileSize (fewer bytes scanned) is left out", () => {
    const { config, dropped } = adoptedPolicy({ ...defaultConfig(), secrets: { maxFileSize: 10 } });
    expect(config.secrets).toEqual({});
    expect(dropped).toEqual(["secrets.maxFileSize: 10"]);
  });

  it("deps: keeps what is stricter, drops what loosens, and names it", () => {
    const { config, dropped } = adoptedPolicy({
      ...defaultConfig(),
      deps: {
        maxAgeDays: 3,
        quality: {
          minReleaseAgeDays: 5,
          deprecated: "off",
          typosquat: "fail",
          provenance: "warn",
          maintainerChange: "warn",
          typosquatAllow: ["lodahs"],
        },
        vulnerabilities: { failOn: "medium", ignoreDev: false, exceptions: [] },
        licenses: { deny: ["GPL-3.0-only"] },
        online: { sources: ["osv"] },
      },
    });
    expect(config.deps).toEqual({
      maxAgeDays: 3,
      quality: { minReleaseAgeDays: 5, typosquat: "fail", provenance: "warn", maintainerChange: "warn" },
      vulnerabilities: { failOn: "medium" },
      licenses: { deny: ["GPL-3.0-only"] },
    });
    expect(dropped).toEqual(["deps.quality.deprecated: off", "deps.quality.typosquatAllow", "deps.online"]);
  });
});
