export { ExitCode } from "./exit-codes.js";
export { RampartError, UsageError, isRampartError, type RampartErrorOptions } from "./errors.js";
export {
  fingerprint,
  makeResult,
  sortFindings,
  type CheckResult,
  type Confidence,
  type Finding,
  type FrameworkId,
  type Severity,
} from "./findings.js";
export {
  CatFileBatch,
  assertFullHistory,
  getGitDir,
  getHeadCommit,
  getRepoRoot,
  git,
  gitBuffer,
  isShallowRepo,
  splitNul,
  type GitObject,
  type GitOptions,
  type GitResult,
  type GitRunOptions,
} from "./git.js";
