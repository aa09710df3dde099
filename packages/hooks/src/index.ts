export { type Activation, activateHusky, installCommand, writeChanges } from "./apply.js";
export { detectProject, type OtherHookManager, type PackageManager, type ProjectInfo } from "./detect.js";
export { unifiedDiff } from "./diff.js";
export { hooksStatus, type StatusCheck, type StatusOptions } from "./doctor.js";
export { errorCodes as hooksErrorCodes, type HooksErrorCode } from "./error-codes.js";
export { BLOCK_BEGIN, BLOCK_END, findBlock, insertBlock, removeBlock } from "./hook-block.js";
export {
  CONFIG_PATH,
  type HooksConfig,
  hooksSettings,
  isProtectedBranch,
  parsePolicyData,
  readHooksConfig,
} from "./hooks-config.js";
export { pinHooksPath } from "./hooks-path.js";
export { MANIFEST_PATH, type Manifest, readManifest } from "./manifest.js";
export { mergePackageJson, unmergePackageJson } from "./package-json.js";
export {
  type ChangeAction,
  type FileChange,
  hookInstallChanges,
  type InitOptions,
  type InitPlan,
  planInit,
} from "./plan.js";
export { mergePnpmWorkspace } from "./pnpm-workspace.js";
export { askInit, confirmBaseline, confirmWrite, type InitAnswers } from "./prompts.js";
export { branchOf, type PushedRef, parsePushLines, pushedRange, ZERO_OID } from "./push.js";
export { RULES, type RuleId } from "./rules.js";
export { type RestoreSavedIndexResult, restoreSavedIndex, SAVED_INDEX_PATH } from "./saved-index.js";
export { stagedFiles, stagedLockfiles } from "./staged.js";
export { isProfile, PROFILES, type Profile, TEMPLATES_DIR } from "./templates.js";
export { type UninstallStep, uninstall } from "./uninstall.js";
