// What the hook entry points need on every commit, without the installer behind it (plan,
// templates, doctor, prompts): `rampart hook pre-commit` imports only this.

export { COMMITLINT_CONFIG_FILES } from "./commitlint-files.js";
export { type BundledCommitlint, type BundledPackage, useBundledCommitlint } from "./hook/bundled-lint.js";
export {
  type CheckOutput,
  HOOK_NAMES,
  type HookCheckers,
  type HookName,
  type HookResult,
  type RunHookOptions,
  runHook,
} from "./hook/run.js";
export { addDevCommand, LINT_STAGED_CONFIG_FILES } from "./hook/tools.js";
export type { HooksConfig } from "./hooks-config.js";
export { hooksSettings, isProtectedBranch, parsePolicyData } from "./hooks-config.js";
export { pinHooksPath } from "./hooks-path.js";
export { branchOf, type PushedRef, parsePushLines, pushedRange } from "./push.js";
export { stagedFiles, stagedLockfiles } from "./staged.js";
