export { type CheckLockfileOptions, checkLockfile, type LockfileStats } from "./checks/check.js";
export { type LockfilePolicy, RULES, type RuleId } from "./checks/rules.js";
export type * from "./model.js";
export { packageLine } from "./parse/context.js";
export { LOCKFILE_NAMES, type ParseLockfileOptions, parseLockfile } from "./parse/index.js";
