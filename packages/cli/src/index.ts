export type { CommandContext, CommandDefinition, OptionSpec, OutputFormat, SubcommandSpec } from "./command.js";
export { main } from "./main.js";
