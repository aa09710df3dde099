// @rampart/core/glob: Globs and the file names rampart knows (lockfiles, CI workflows). A lean entry: it loads only these modules.
export { compileGlobs, compileIgnore, isGlob, matchesGlob } from "../glob.js";
export { isLockfilePath, LOCKFILE_NAMES, type LockfileName } from "../lockfile-names.js";
export { isWorkflowPath, WORKFLOW_FILE_GLOBS } from "../workflow-paths.js";
