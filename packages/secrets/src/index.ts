// Public API of @rampart/secrets. Internals (scanner, diff parsing) stay internal.

export { maskSecret } from "@rampart/core/redact";
export {
  type Baseline,
  type BaselineEntry,
  type BaselineUpdate,
  parseBaseline,
  readBaseline,
  serializeBaseline,
  updateBaseline,
} from "./baseline.js";
export { errorCodes as secretsErrorCodes, type SecretsErrorCode } from "./error-codes.js";
export { convertGitleaks, type GitleaksImport, loadGitleaksRules } from "./gitleaks.js";
export { type ScanHistoryOptions, scanHistory } from "./history.js";
export { findRepoRoot } from "./light-git.js";
export { type Match, type MatchContext, type MatchOptions, matchText, prepareBuiltinIndex } from "./match.js";
export { type ScanMessageOptions, scanMessage } from "./message.js";
export { type ScanRefsOptions, scanRefs } from "./objects.js";
export {
  DEFAULT_BASELINE,
  DEFAULT_MAX_FILE_SIZE,
  type ScanOptions,
  type SecretsPolicy,
  type SecretsStats,
  type TrustedText,
} from "./options.js";
export { type ScanPathsOptions, scanPaths } from "./paths.js";
export { type ScanRangeOptions, scanRange } from "./range.js";
export { HINT as SECRET_HINT, secretFingerprint } from "./report.js";
export type { SecretRule } from "./rule.js";
export { rules } from "./rules/index.js";
// The hook entry (hook.ts) is a part of this barrel: the CLI loads either.
export { releaseBuiltinText } from "./rules/table.js";
export { checkSensitiveFile, type SensitiveFileHit } from "./sensitive-files.js";
export { type StagedScanOptions, scanStaged } from "./staged.js";
export { type Validator, validators } from "./validators.js";
export { warmUpScan } from "./warm.js";
export { type WriteBaselineOptions, type WriteBaselineResult, writeBaseline } from "./write-baseline.js";
