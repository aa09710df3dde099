import type { ErrorCodeTable } from "@rampart/core";

/** The error codes of @rampart/secrets (its area's prefix), documented in its README (generated: node scripts/gen-docs.mjs). */
export const errorCodes = {
  SECRETS_PATH_NOT_FOUND: {
    meaning: "a path given to `secrets scan` does not exist",
    hint: "check the path; it is relative to the current directory (or --cwd)",
  },
  SECRETS_RANGE_INVALID: {
    meaning: "git does not know one end of the `--range`",
    hint: "check both ends exist (`git rev-parse A B`); in CI fetch enough history",
  },
  SECRETS_INPUT_UNREADABLE: {
    meaning: "the commit message file given to `secrets scan --message` cannot be read",
    hint: "pass the path git gives the commit-msg hook",
  },
  SECRETS_BASELINE_MISSING: {
    meaning: "the `--baseline` file does not exist",
    hint: "create it with `rampart secrets baseline`, or drop --baseline",
  },
  SECRETS_BASELINE_INVALID: {
    meaning: 'the baseline is not JSON or has no "entries" object',
    hint: "regenerate it with `rampart secrets baseline`",
  },
  SECRETS_CONFIG_INVALID: {
    meaning: "a third-party secret-scanner config (.secretlintrc, .gitleaks.toml) is malformed",
    hint: "fix the file, or turn it off (`secrets.secretlint: false`, `secrets.gitleaks: false`)",
  },
  SECRETS_SECRETLINT_RULE_MISSING: {
    meaning: ".secretlintrc names a rule package that is not installed",
    hint: "install the package or remove it from .secretlintrc",
  },
  SECRETS_REPOSITORY_CODE_REFUSED: {
    meaning: "in CI, .secretlintrc would load rule modules (code) from the repository under review",
    hint: "set `secrets.secretlint: true` in the base branch's policy to run them, or `false` to skip the file",
  },
  SECRETS_WORKER_FAILED: {
    meaning: "a scan worker thread crashed",
    hint: "run again with --verbose and report it",
  },
} as const satisfies ErrorCodeTable;

export type SecretsErrorCode = keyof typeof errorCodes;
