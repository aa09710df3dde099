export { type CheckLockfileOptions, checkLockfile, type LockfileStats } from "./checks/check.js";
export { diffLockfiles, type LockfileChange, type LockfileDiffStats } from "./checks/diff.js";
export { type LockfilePolicy, RULES, type RuleId } from "./checks/rules.js";
export { type DiffRevisionsOptions, type DiffRevisionsStats, diffLockfileRevisions } from "./diff-git.js";
export { type LoadedLockfiles, type LoadLockfilesOptions, listLockfiles, loadLockfiles } from "./load.js";
export type * from "./model.js";
export { packageLine } from "./parse/context.js";
export { LOCKFILE_NAMES, type ParseLockfileOptions, parseLockfile } from "./parse/index.js";
