export { CatFileBatch, type GitObject } from "./cat-file.js";
export { type ColorOptions, createPaint, type Paint, type Style, shouldUseColor } from "./color.js";
export {
  assertNoMisplacedPolicy,
  CONFIG_FILE,
  type ConfigSection,
  defaultConfig,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  MISPLACED_POLICY_NAMES,
  misplacedPolicy,
  parseConfig,
  parseConfigCached,
} from "./config.js";
export { CONFIG_SCHEMA_PATH, getConfigSchema } from "./config-schema.js";
export type {
  AuditPolicy,
  DepsPolicy,
  HooksPolicy,
  LockfilePolicy,
  RampartConfig,
  RampartPolicyFile,
  SbomPolicy,
  SecretsPolicy,
  SignaturesPolicy,
  WorkflowsPolicy,
} from "./config-types.js";
export { type CoreErrorCode, errorCodes as coreErrorCodes } from "./error-codes.js";
export {
  type ErrorCodeInfo,
  type ErrorCodeTable,
  errorExitCode,
  isRampartError,
  RampartError,
  type RampartErrorOptions,
  UsageError,
} from "./errors.js";
export { ExitCode } from "./exit-codes.js";
export {
  type CheckResult,
  type Confidence,
  type Finding,
  type FrameworkId,
  fingerprint,
  makeResult,
  type Severity,
  sortFindings,
} from "./findings.js";
export {
  isPlainRelativePath,
  mkdirSafe,
  readFileSafe,
  removeSafe,
  type SafePathOptions,
  type SafeWriteOptions,
  writeFileSafe,
  writeOutputFile,
} from "./fs/safe-write.js";
export {
  assertFullHistory,
  type GitOptions,
  type GitResult,
  type GitRunOptions,
  getGitDir,
  getHeadCommit,
  getRepoRoot,
  git,
  gitBuffer,
  isShallowRepo,
  splitNul,
} from "./git.js";
export { digestOf, readCache, writeCache } from "./git-cache.js";
export { compileGlobs, compileIgnore, isGlob, matchesGlob } from "./glob.js";
export { isLockfilePath, LOCKFILE_NAMES, type LockfileName } from "./lockfile-names.js";
export { hasCommit, loadConfigAt, type PolicyAtRevision, readFilesAt } from "./policy-at.js";
export { policyReaderInputs } from "./policy-cache.js";
export { type PushedRef, type PushSide, parsePushLines, pushSide, ZERO_OID } from "./pre-push.js";
export {
  hasCredentialUserinfo,
  maskSecret,
  redact,
  redactDeep,
  redactFinding,
  redactUrl,
  stripCredentialsDeep,
  stripUrlCredentials,
} from "./redact.js";
export {
  COMMIT_FINDING_PATH,
  escapeControlChars,
  type JsonReport,
  REPORT_FORMATS,
  REPORT_SCHEMA_PATH,
  type ReportFormat,
  type ReportOptions,
  type RuleInfo,
  renderJson,
  renderReport,
  renderSarif,
  renderText,
  sarifFailure,
  toJsonReport,
  toSarif,
  validateJsonReport,
} from "./reporters/index.js";
export { type RuleMeta, type RuleRegistry, ruleInfo } from "./rules.js";
export {
  type AllowedSigner,
  allowsNamespace,
  allowsPrincipal,
  matchPattern,
  matchPatternList,
  type PolicyProblem,
  parseAllowedSigners,
  parseSshTime,
} from "./ssh/allowed-signers.js";
export {
  type EcdsaKeyType,
  FIDO_KEY_TYPES,
  parseSshPublicKey,
  parseSshPublicKeyLine,
  SSH_KEY_TYPES,
  type SshPublicKey,
  sshFingerprint,
} from "./ssh/key.js";
export { padStart, WireError, WireReader, wireMpint, wireString } from "./ssh/wire.js";
export { isWorkflowPath, WORKFLOW_FILE_GLOBS } from "./workflow-paths.js";
