// @commitlint/lint as the hooks' startup snapshot holds it: scripts/bundle.mjs bundles this one
// third-party graph (lint, parse, rules, is-ignored and what they import) into
// dist/hook-snapshot.cjs, unminified, each package listed in dist/hook-snapshot.cdx.json, and
// beside it the digest of each package's files as bundled. The commit-msg hook runs this copy only
// where the project's own @commitlint/lint and every package it loads are those very files
// (@rampart/hooks' bundled-lint.ts); anywhere else, or for another version, the project's own.
export { default as lint } from "@commitlint/lint";
