import { type AuditContext, clip } from "./context.js";
import type { Evidence } from "./model.js";

/**
 * Command and action patterns the checks look for in hooks, CI and package.json scripts. Each
 * names the tool; keep them to what the tool's own docs show, so a match means the tool runs.
 */
export const TOOLS = {
  secretScan:
    /\brampart(?:\.js)?\s+(?:secrets\s+scan|hook\s+pre-(?:commit|push))\b|\b(?:gitleaks|trufflehog|trufflesecurity\/trufflehog|detect-secrets(?:-hook)?|secretlint|ggshield|talisman|git-secrets|gitguardian)\b/i,
  vulnScan:
    /\brampart(?:\.js)?\s+deps\s+check\b|\b(?:npm|pnpm|yarn)\s+audit\b|\baudit-ci\b|\bbetter-npm-audit\b|\bosv-scanner\b|google\/osv-scanner-action|actions\/dependency-review-action|\bsnyk\s+test\b|snyk\/actions|\btrivy\b|\bgrype\b/i,
  licenceScan:
    /\blicense-checker\b|\blicensee\b|\bfossa\b|license-compliance|allow-licenses|deny-licenses|\blicensed\b|\bscancode\b/i,
  lockfileCheck: /\brampart(?:\.js)?\s+lockfile\s+check\b|\blockfile-lint\b|\bnpm\s+audit\s+signatures\b/i,
  sbom: /\brampart(?:\.js)?\s+sbom\b|\bcyclonedx(?:-npm|-node-npm)?\b|@cyclonedx\/|\bsyft\b|anchore\/sbom-action|\b(?:npm|pnpm)\s+sbom\b|\bspdx-sbom-generator\b|\bbom\s+generate\b/i,
  attest:
    /actions\/attest(?:-build-provenance|-sbom)?@|\brampart(?:\.js)?\s+attest\b|\bcosign\s+(?:sign|attest)\b|slsa-framework\/slsa-github-generator|sigstore\/cosign-installer|\bnpm\s+publish\b[^\n]*--provenance|NPM_CONFIG_PROVENANCE|\bgh\s+attestation\b/i,
  provenance:
    /\bnpm\s+publish\b[^\n]*--provenance|NPM_CONFIG_PROVENANCE:\s*["']?true|actions\/attest|slsa-github-generator/i,
  publish:
    /\b(?:npm|pnpm|yarn)\s+publish\b|\bchangeset\s+publish\b|\bsemantic-release\b|\bgoreleaser\b|pypa\/gh-action-pypi-publish|\btwine\s+upload\b|docker\/build-push-action|\bdocker\s+push\b|\bcargo\s+publish\b|\bgh\s+release\s+(?:create|upload)\b|softprops\/action-gh-release/i,
  frozenInstall:
    /\bnpm\s+ci\b|\bpnpm\s+(?:i|install)\b[^\n]*--frozen-lockfile|\byarn\s+(?:install\s+)?[^\n]*--(?:immutable|frozen-lockfile)|\bbun\s+install\b[^\n]*--frozen-lockfile/i,
  looseInstall:
    /\bnpm\s+(?:i|install)\b(?![^\n]*--(?:no-save|global|-g\b))|\byarn(?:\s+install)?\s*$|\bpnpm\s+(?:i|install)\b(?![^\n]*--frozen-lockfile)/i,
  verifyDocs:
    /\bgh\s+attestation\s+verify\b|\bnpm\s+audit\s+signatures\b|\brampart\s+verify\b|\bcosign\s+verify(?:-blob|-attestation)?\b|\bslsa-verifier\b/i,
  reproducible: /\bSOURCE_DATE_EPOCH\b/,
  hardenRunner: /step-security\/harden-runner@/i,
};

/** Hook manager files a repository keeps under version control. */
export const HOOK_FILES = [
  /^\.husky\/(?:pre-commit|pre-push|commit-msg|pre-receive)$/,
  /^(?:\.?lefthook(?:-local)?\.(?:ya?ml|json|toml))$/,
  /^\.pre-commit-config\.ya?ml$/,
  /^\.simple-git-hooks\.(?:c?js|json)$/,
  /^\.githooks\/[^/]+$/,
  /^\.git-hooks\/[^/]+$/,
  /^lint-staged\.config\.[cm]?js$|^\.lintstagedrc(?:\.(?:json|ya?ml|[cm]?js))?$/,
];

/** Lines of the repository's hook configuration (husky, lefthook, pre-commit, simple-git-hooks, lint-staged) that match. */
export function hookGrep(ctx: AuditContext, re: RegExp): Evidence[] {
  const files = ctx.files().filter((f) => HOOK_FILES.some((p) => p.test(f)));
  const out = files.flatMap((f) => ctx.grep(f, re, { code: true, max: 3 }));
  // package.json: "simple-git-hooks", "husky": { "hooks" }, "lint-staged" and "pre-commit" hold commands too.
  for (const manifest of ctx.manifests()) {
    const text = ctx.read(manifest);
    if (!text || !/"(?:simple-git-hooks|husky|lint-staged|pre-commit)"\s*:/.test(text)) continue;
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(text) as Record<string, unknown>;
    } catch {
      continue;
    }
    const blocks = [
      data["simple-git-hooks"],
      (data.husky as { hooks?: unknown } | undefined)?.hooks,
      data["lint-staged"],
      data["pre-commit"],
    ];
    const commands = blocks.flatMap(strings).filter((c) => re.test(c));
    for (const c of commands.slice(0, 3)) out.push({ file: manifest, text: clip(c) });
  }
  return out;
}

/** Everything that runs in CI or as a package script and matches. */
export function ciOrScripts(ctx: AuditContext, re: RegExp): { ci: Evidence[]; scripts: Evidence[] } {
  return { ci: ctx.ciGrep(re), scripts: ctx.scriptsGrep(re) };
}

/** The rampart hook is wired in (husky block calling `rampart hook <name>`). */
export function rampartHook(ctx: AuditContext, hook: "pre-commit" | "pre-push" | "commit-msg"): Evidence[] {
  const files = ctx.files().filter((f) => f === `.husky/${hook}` || f.endsWith(`/.husky/${hook}`));
  return files.flatMap((f) => ctx.grep(f, new RegExp(`\\bhook\\s+${hook}\\b`), { code: true, max: 1 }));
}

/** Evidence line for the policy key, found by its text in .rampart/config.yaml. */
export function policyLine(ctx: AuditContext, key: RegExp, text?: string): Evidence[] {
  return ctx.grep(".rampart/config.yaml", key, { code: true, max: 1 }).map((e) => (text ? { ...e, text } : e));
}

export function cited(file: string, text: string, line?: number): Evidence {
  return line === undefined ? { text, file } : { text, file, line };
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/**
 * Repository scripts CI runs whose names say they release, publish, deploy or sign: where signing
 * may happen in code rampart reads as text only, so a row that finds no signing says unknown.
 */
export function releaseScriptRuns(ctx: AuditContext): Array<{ script: string; at: Evidence }> {
  return ctx.ciScriptRuns().filter((r) => /releas|publish|deploy|sign|attest|provenance/i.test(r.script));
}
