/**
 * Where commitlint looks for its configuration (cosmiconfig's search places for "commitlint").
 * package.json counts only when it has a "commitlint" key. One list for init's detection and the
 * commit-msg hook, so both agree on whether a project lints its messages.
 */
export const COMMITLINT_CONFIG_FILES = [
  ".commitlintrc",
  ".commitlintrc.json",
  ".commitlintrc.yaml",
  ".commitlintrc.yml",
  ".commitlintrc.js",
  ".commitlintrc.cjs",
  ".commitlintrc.mjs",
  ".commitlintrc.ts",
  ".commitlintrc.cts",
  ".commitlintrc.mts",
  "commitlint.config.js",
  "commitlint.config.cjs",
  "commitlint.config.mjs",
  "commitlint.config.ts",
  "commitlint.config.cts",
  "commitlint.config.mts",
] as const;
