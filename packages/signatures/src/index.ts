export {
  type AllowedSigner,
  matchPatternList,
  type PolicyProblem,
  parseAllowedSigners,
  parseSshTime,
} from "./allowed-signers.js";
export {
  type CommitInfo,
  parseCommit,
  parseTag,
  type Signed,
  splitSignedCommit,
  splitSignedTag,
} from "./git-object.js";
export { loadPolicy, type Policy } from "./policy.js";
export type { CommitRecord, CommitVerdict, Verdict } from "./record.js";
export { parseSshPublicKey, parseSshPublicKeyLine, type SshPublicKey, sshFingerprint } from "./ssh-key.js";
export { parseSshSig, type SshSig, verifySshSigMath } from "./sshsig.js";
export { type VerifyRangeOptions, type VerifyResult, type VerifyStats, verifyRange } from "./verify-range.js";
