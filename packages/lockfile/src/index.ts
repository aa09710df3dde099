export type * from "./model.js";
export { packageLine } from "./parse/context.js";
export { LOCKFILE_NAMES, type ParseLockfileOptions, parseLockfile } from "./parse/index.js";
