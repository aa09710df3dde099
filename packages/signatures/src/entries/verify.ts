// @rampart/signatures/verify: what `rampart signatures verify` needs, and nothing it does not
// (no setup, pre-push or policy reader until a run needs one). A lean entry for the CLI.
export { type ChangeResult, type JudgeChangeOptions, judgeChange } from "../judge-change.js";
export type { CommitRecord, CommitVerdict, Verdict } from "../record.js";
export { RULES, type RuleId } from "../rules.js";
export { type VerifyRangeOptions, type VerifyResult, type VerifyStats, verifyRange } from "../verify-range.js";
