export {
  type AllowedSigner,
  matchPatternList,
  type PolicyProblem,
  parseAllowedSigners,
  parseSshPublicKey,
  parseSshPublicKeyLine,
  parseSshTime,
  type SshPublicKey,
  sshFingerprint,
} from "@rampart/core/ssh";
export { errorCodes as signaturesErrorCodes, type SignaturesErrorCode } from "./error-codes.js";
export {
  type CommitInfo,
  parseCommit,
  parseTag,
  type Signed,
  splitSignedCommit,
  splitSignedTag,
} from "./git-object.js";
export { type ChangeResult, type JudgeChangeOptions, judgeChange } from "./judge-change.js";
export { loadPolicy, type Policy } from "./policy.js";
export { checkPrePush, type PrePushOptions, type PushUpdate, parsePrePushLines } from "./pre-push.js";
export type { CommitRecord, CommitVerdict, Verdict } from "./record.js";
export { RULES, type RuleId } from "./rules.js";
export { type AddSignerOptions, addSigner, type SetupOptions, type SetupResult, setupSigning } from "./setup.js";
export { parseSshSig, type SshSig, verifySshSigMath } from "./sshsig.js";
export { type VerifyRangeOptions, type VerifyResult, type VerifyStats, verifyRange } from "./verify-range.js";
