// @rampart/core/errors: Exit codes, RampartError/UsageError and core's error codes. A lean entry: it loads only these modules.

export { type CoreErrorCode, errorCodes as coreErrorCodes } from "../error-codes.js";
export {
  type ErrorCodeInfo,
  type ErrorCodeTable,
  errorExitCode,
  isRampartError,
  RampartError,
  type RampartErrorOptions,
  UsageError,
} from "../errors.js";
export { ExitCode } from "../exit-codes.js";
