export type { Audit, AuditContext, Report } from "./audit.js";
export { AUDITS, RULES } from "./audits/index.js";
export {
  type CheckWorkflowsOptions,
  checkWorkflows,
  type WorkflowFileError,
  type WorkflowSource,
  type WorkflowStats,
} from "./check.js";
export { defaultWorkflowFiles } from "./discover.js";
export { type GitlabIncludeSources, gitlabLocalIncludes } from "./includes.js";
export {
  followLocalActions,
  type LocalActionReader,
  type LocalActionRefs,
  type LocalActions,
  type LocalActionText,
  workingTreeReader,
} from "./local-actions.js";
export {
  ACTIONS_LOCK_FILE,
  type ActionsLock,
  emptyLock,
  type LockEntry,
  lockKey,
  parseLock,
  stringifyLock,
} from "./lock.js";
export type { Job, Step, WorkflowFile, WorkflowKind } from "./model.js";
export { kindOf, parseWorkflow } from "./parse.js";
export { failsAt, type WorkflowsPolicy } from "./policy.js";

import { ruleInfo as coreRuleInfo, type RuleInfo } from "@rampart/core";
import { RULES } from "./audits/index.js";

/** SARIF/JSON rule metadata of every audit (ruleId workflows/<id>), from the registry. */
export function ruleInfo(): RuleInfo[] {
  return coreRuleInfo(RULES);
}
export { errorCodes as workflowsErrorCodes, type WorkflowsErrorCode } from "./error-codes.js";
export { type FixResult, fixWorkflow, type Unresolved, unpinnedRefs } from "./fix.js";
export { type ResolveOptions, type ResolveReport, resolveOnline } from "./online.js";
