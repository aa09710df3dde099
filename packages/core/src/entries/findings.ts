// @rampart/core/findings: Findings, check results and rule metadata (no rendering). A lean entry: it loads only these modules.
export {
  type CheckResult,
  type Confidence,
  type Finding,
  type FrameworkId,
  fingerprint,
  makeResult,
  type Severity,
  sortFindings,
} from "../findings.js";
export { type RuleMeta, type RuleRegistry, ruleInfo } from "../rules.js";
