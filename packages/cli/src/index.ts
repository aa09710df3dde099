export type {
  CommandContext,
  CommandDefinition,
  OptionSpec,
  OutputFormat,
  ReportMeta,
  SubcommandSpec,
} from "./command.js";
export { type CliErrorCode, errorCodes as cliErrorCodes } from "./error-codes.js";
export { DOCS_END, DOCS_START, renderMarkdownReference, spliceReference } from "./help-markdown.js";
export { type ExecuteOptions, execute, main, VERSION } from "./main.js";
export { builtinRegistry, COMMAND_NAMES, type CommandRegistry, loadAll, staticRegistry } from "./registry.js";
