import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { RampartError } from "@rampart/core/errors";
import { type CheckResult, makeResult, sortFindings } from "@rampart/core/findings";
import { writeFileSafe } from "@rampart/core/fs";
import { GITLEAKS_CONFIG, SECRETLINT_CONFIGS } from "@rampart/core/glob";
import { applyBaseline, parseBaseline, readBaseline, unsaltedBaselineFinding } from "./baseline.js";
import { matchText, shortestMatchOf } from "./match.js";
import { DEFAULT_BASELINE, type ScanOptions, type SecretsStats } from "./options.js";
import { locateSecretFindings, notScannedFinding } from "./report.js";
import type { SecretRule } from "./rule.js";
import { ArrayRules, builtin, RuleChain, type RuleSet } from "./rules/table.js";
import { type Detector, Scanner } from "./scanner.js";

/**
 * Builds a scanner for a repository: our rules (minus disabled ones), plus a `.gitleaks.toml`'s
 * rules and a `.secretlintrc`'s rules when the repo has them. Both integrations are imported
 * only then, so the default path (a pre-commit hook) never loads TOML or secretlint.
 */
export async function prepareScanner(root: string | undefined, options: ScanOptions): Promise<Scanner> {
  const policy = options.policy ?? {};
  const disabled = new Set(policy.disableRules ?? []);
  // The engine prepares a rule set once: the built-in set is kept whole (the build prepared it)
  // and disabled rules are skipped by id, as if they were not in it.
  let rules: readonly SecretRule[] | RuleSet = options.rules ?? builtin;
  const warnings: string[] = [];
  // In CI (--policy-rev) the trusted revision's copies, never the checkout's (ScanOptions.scannerConfigs).
  const trusted = options.scannerConfigs;
  const present = (name: string): boolean =>
    trusted !== undefined ? Object.hasOwn(trusted, name) : root !== undefined && existsSync(join(root, name));
  if (root !== undefined && policy.gitleaks !== false && present(GITLEAKS_CONFIG)) {
    const { loadGitleaksRules, parseGitleaksRules } = await import("./gitleaks.js");
    const given = trusted?.[GITLEAKS_CONFIG];
    const imported =
      given !== undefined
        ? await parseGitleaksRules(given.text, given.name)
        : await loadGitleaksRules(join(root, GITLEAKS_CONFIG));
    warnings.push(...imported.warnings);
    // A chain: the built-in set keeps its build-time preparation; only the imported rules are
    // prepared here.
    const base = !Array.isArray(rules)
      ? (rules as RuleSet)
      : rules === builtin.materialized
        ? builtin
        : new ArrayRules(rules as SecretRule[]);
    rules = new RuleChain([base, new ArrayRules(imported.rules)]);
  }
  const active = rules;
  const off = disabled.size > 0 ? disabled : undefined;
  const detectors: Detector[] = [
    (text, context, _file, bytes, generated) =>
      matchText(text, {
        rules: active,
        context,
        disabled: off,
        ...(bytes === undefined ? {} : { bytes }),
        ...(generated === undefined ? {} : { generated }),
      }),
  ];
  const secretlintConfig =
    root === undefined || policy.secretlint === false ? undefined : SECRETLINT_CONFIGS.find(present);
  if (root !== undefined && secretlintConfig !== undefined) {
    const given = trusted?.[secretlintConfig];
    const inCi = guardRepositoryCode(
      root,
      given?.name ?? secretlintConfig,
      policy.secretlint === true,
      options.env ?? {},
      options.trustedPolicy === true,
      warnings,
    );
    if (inCi) await refuseCommittedModules(root, given?.name ?? secretlintConfig, options.env);
    const { loadSecretlint } = await import("./secretlint.js");
    detectors.push(await loadSecretlint(root, join(root, secretlintConfig), given));
  }
  // secretlint's rules are code: their shortest match is not known.
  const patternsOnly = detectors.length === 1;
  const scanner = new Scanner({
    shortestMatch: () => (patternsOnly ? shortestMatchOf(active) : 1),
    policy,
    showSecrets: options.showSecrets === true,
    rules,
    detectors,
    // CI's --policy-rev: what the range adds cannot allow itself inline.
    inlineAllow: options.trustedPolicy !== true,
  });
  scanner.stats.warnings.push(...warnings);
  return scanner;
}

/** Drops baselined findings, sorts, and wraps the result in core's model. */
export async function finishScan(
  scanner: Scanner,
  root: string | undefined,
  options: ScanOptions,
): Promise<CheckResult<SecretsStats>> {
  let findings = scanner.findings;
  // Every thread's findings are in: each secret's fingerprint is its rank in its file.
  locateSecretFindings(findings);
  if (typeof options.baseline === "object") {
    const before = findings.length;
    const baseline = parseBaseline(options.baseline.text, options.baseline.name);
    findings = await applyBaseline(findings, baseline);
    scanner.stats.baselined = before - findings.length;
    const unsalted = unsaltedBaselineFinding(baseline, options.baseline.name);
    if (unsalted !== undefined) findings = [...findings, unsalted];
    // What the rules could not fully judge: one warning per kind, never baselined away.
    const { skippedBinaryFiles, generatedFiles } = scanner.stats;
    if (skippedBinaryFiles.length > 0) findings = [...findings, notScannedFinding("binary", skippedBinaryFiles)];
    if (generatedFiles.length > 0) findings = [...findings, notScannedFinding("generated", generatedFiles)];
    return makeResult(sortFindings(findings), scanner.stats);
  }
  const file =
    options.baseline === false ? undefined : (options.baseline ?? options.policy?.baseline ?? DEFAULT_BASELINE);
  // An absolute path is taken as it is; a relative one from the repository root (the cwd outside one).
  const baseDir = root ?? (options.baseline === undefined ? undefined : options.cwd);
  if (baseDir !== undefined && file !== undefined) {
    const baseline = await readBaseline(resolve(baseDir, file), options.baseline !== undefined, file);
    if (baseline !== undefined) {
      const before = findings.length;
      findings = await applyBaseline(findings, baseline);
      scanner.stats.baselined = before - findings.length;
      const unsalted = unsaltedBaselineFinding(baseline, file);
      if (unsalted !== undefined) findings = [...findings, unsalted];
    }
  }
  // What the rules could not fully judge: one warning per kind, never baselined away.
  const { skippedBinaryFiles, generatedFiles } = scanner.stats;
  if (skippedBinaryFiles.length > 0) findings = [...findings, notScannedFinding("binary", skippedBinaryFiles)];
  if (generatedFiles.length > 0) findings = [...findings, notScannedFinding("generated", generatedFiles)];
  return makeResult(sortFindings(findings), scanner.stats);
}

/**
 * With secretlint opted in, CI loads its rule modules from the checkout's node_modules: they must
 * be what the install put there, never files the change commits (a `node_modules/...` tracked by
 * git; CI's source job installs nothing, so a committed rule package would be the only one found).
 */
async function refuseCommittedModules(root: string, config: string, env: NodeJS.ProcessEnv | undefined): Promise<void> {
  const { runGit } = await import("./light-git.js");
  const listed = await runGit(["ls-files", "-z", "--", ":(glob)**/node_modules", ":(glob)**/node_modules/**"], {
    cwd: root,
    ...(env === undefined ? {} : { env }),
  });
  const first = listed.toString("utf8").split("\0")[0];
  if (first === undefined || first === "") return;
  throw new RampartError(
    "SECRETS_REPOSITORY_CODE_REFUSED",
    `${config}'s rule modules would load from a node_modules the repository commits (${first})`,
    {
      file: config,
      hint: "node_modules is the install's to write: remove the committed files (git rm -r --cached node_modules), or set secrets.secretlint: false in the base branch's policy",
    },
  );
}

/**
 * A .secretlintrc loads rule modules the repository chooses: code from the change under review.
 * In CI that never runs unless the policy opts in (`secrets.secretlint: true`, set explicitly);
 * locally it runs, and the first time rampart says so. True in CI (where it runs only opted in).
 */
function guardRepositoryCode(
  root: string,
  config: string,
  optedIn: boolean,
  env: NodeJS.ProcessEnv,
  trusted: boolean,
  warnings: string[],
): boolean {
  const ci = trusted || (env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0");
  if (ci && !optedIn) {
    throw new RampartError(
      "SECRETS_REPOSITORY_CODE_REFUSED",
      `${config} would load rule modules from the repository in CI`,
      {
        file: config,
        hint: "a scan in CI never runs code from the change under review: set secrets.secretlint: true in the base branch's .rampart/config.yaml to run them, or secrets.secretlint: false to ignore the file",
      },
    );
  }
  if (ci) return true;
  let stamp: string | undefined;
  try {
    if (statSync(join(root, ".git")).isDirectory()) stamp = join(root, ".git", "rampart", "secretlint-code-notice");
  } catch {}
  try {
    if (stamp !== undefined && statSync(stamp).isFile()) return false;
  } catch {}
  warnings.push(`${config} loads secretlint rule modules from this repository: the scan runs repository code`);
  if (stamp === undefined) return false;
  try {
    writeFileSafe(stamp, "shown\n", { root: join(root, ".git"), createParents: true });
  } catch {}
  return false;
}
