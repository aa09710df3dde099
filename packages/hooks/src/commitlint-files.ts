/**
 * Where commitlint looks for its configuration, in its own order (@commitlint/load's cosmiconfig
 * search places for "commitlint": package.json's "commitlint" key first, then these, TypeScript
 * last): the first one a folder holds is the one commitlint reads. One list for init's detection,
 * the commit-msg hook's choice among several and CI's, so all agree with commitlint.
 */
export const COMMITLINT_CONFIG_FILES = [
  ".commitlintrc",
  ".commitlintrc.json",
  ".commitlintrc.yaml",
  ".commitlintrc.yml",
  ".commitlintrc.js",
  ".commitlintrc.cjs",
  ".commitlintrc.mjs",
  "commitlint.config.js",
  "commitlint.config.cjs",
  "commitlint.config.mjs",
  ".commitlintrc.ts",
  ".commitlintrc.cts",
  ".commitlintrc.mts",
  "commitlint.config.ts",
  "commitlint.config.cts",
  "commitlint.config.mts",
] as const;

/**
 * The manifests commitlint reads its "commitlint" key from, before the files above, in its order
 * (@commitlint/load's search places: package.json, package.yaml; not package.yml).
 */
export const COMMITLINT_MANIFESTS = ["package.json", "package.yaml"] as const;
