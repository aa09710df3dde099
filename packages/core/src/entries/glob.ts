// @rampart/core/glob: Globs and the file names rampart knows (lockfiles, CI workflows, other secret scanners' configs). A lean entry: it loads only these modules.
export { compileGlobs, compileIgnore, isGlob, matchesGlob } from "../glob.js";
export { isLockfilePath, LOCKFILE_NAMES, type LockfileName } from "../lockfile-names.js";
export { GITLEAKS_CONFIG, SECRET_SCANNER_CONFIGS, SECRETLINT_CONFIGS } from "../secret-scanner-configs.js";
export { isWorkflowPath, WORKFLOW_FILE_GLOBS } from "../workflow-paths.js";
