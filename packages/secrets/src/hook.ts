// The hooks' entry point (`@rampart/secrets/hook`): what `scan --staged` and the commit-msg scan
// need, without the barrel's history, paths, workers and baseline writer. A pre-commit hook
// pays for every module it loads, on every commit.
export { findRepoRoot } from "./light-git.js";
export { prepareBuiltinIndex } from "./match.js";
export { type ScanMessageOptions, scanMessage } from "./message.js";
export { releaseBuiltinText } from "./rules/table.js";
export { type StagedScanOptions, scanStaged } from "./staged.js";
export { warmUpScan } from "./warm.js";
