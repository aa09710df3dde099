/**
 * The other secret scanners' configs the secret guard honours at a repository's root: gitleaks'
 * rules and secretlint's (in the order secretlint looks for them). Like the policy, they are read
 * from the trusted side (the base in CI, HEAD in pre-commit, the remote side in pre-push): a
 * change's own rule could take a built-in finding at a lower confidence, and deleting one would
 * drop its rules.
 */
export const GITLEAKS_CONFIG = ".gitleaks.toml";
export const SECRETLINT_CONFIGS = [
  ".secretlintrc.json",
  ".secretlintrc.yml",
  ".secretlintrc.yaml",
  ".secretlintrc",
] as const;
export const SECRET_SCANNER_CONFIGS: readonly string[] = [GITLEAKS_CONFIG, ...SECRETLINT_CONFIGS];
