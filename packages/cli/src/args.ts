import type { ParseArgsConfig } from "node:util";
import { UsageError } from "@rampart/core/errors";
import type { CommandDefinition, OptionSpec, SubcommandSpec } from "./command.js";
import { didYouMean } from "./suggest.js";

// Through getBuiltinModule: an ESM import of node:util builds its export wrapper, ~4.5 ms of CPU at every start.
const { parseArgs } = process.getBuiltinModule("node:util");

/** Options every command accepts. The same table drives parsing, --help and the README. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: "help", short: "h", type: "boolean", description: "Show help for rampart or for a command" },
  { name: "version", type: "boolean", description: "Print rampart's version" },
  { name: "cwd", type: "string", value: "DIR", description: "Run as if rampart was started in DIR" },
  {
    name: "format",
    type: "string",
    value: "FORMAT",
    description: "Output format: text, json or sarif, where the command supports it",
    default: "text",
  },
  { name: "quiet", short: "q", type: "boolean", description: "Print only findings and errors" },
  { name: "verbose", type: "boolean", description: "Print stack traces and extra diagnostics" },
  { name: "no-color", type: "boolean", description: "Do not colour the output (NO_COLOR=1 does the same)" },
];

export type Values = Record<string, string | boolean | string[] | undefined>;

/** The command's own options, then its subcommand's; global ones a command redefines give way. */
export function optionTable(command: CommandDefinition | undefined, sub: SubcommandSpec | undefined): OptionSpec[] {
  const own = [...(command?.options ?? []), ...(sub?.options ?? [])];
  const ownNames = new Set(own.map((o) => o.name));
  return [
    ...GLOBAL_OPTIONS.filter((o) => o.name === "help" || !ownNames.has(o.name)),
    ...own.filter((o) => o.name !== "help"),
  ];
}

/** Index of the first positional in argv, skipping the values of string options in `table`. */
export function firstPositional(argv: readonly string[], table: readonly OptionSpec[]): number {
  const takesValue = new Set<string>();
  for (const o of table) {
    if (o.type !== "string") continue;
    takesValue.add(`--${o.name}`);
    if (o.short) takesValue.add(`-${o.short}`);
  }
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--") return i + 1 < argv.length ? i + 1 : -1;
    if (token.startsWith("-") && token !== "-") {
      if (takesValue.has(token)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

/** Parses argv against a table: unknown options are usage errors that name the nearest option. */
export function parseOptions(
  argv: readonly string[],
  table: readonly OptionSpec[],
): { values: Values; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const o of table) {
    const spec: {
      type: "string" | "boolean";
      short?: string;
      multiple?: boolean;
      default?: string | boolean | string[];
    } = { type: o.type };
    if (o.short) spec.short = o.short;
    if (o.multiple) spec.multiple = true;
    if (o.default !== undefined) spec.default = o.multiple && typeof o.default === "string" ? [o.default] : o.default;
    options[o.name] = spec as NonNullable<ParseArgsConfig["options"]>[string];
  }
  const loose = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of loose.tokens) {
    if (token.kind !== "option" || token.name in options) continue;
    const names = table.map((o) => o.name);
    throw new UsageError(`unknown option '${token.rawName}'`, {
      hint: `${didYouMean(token.name, names, (n) => `--${n}`)}run with --help to list the options`,
    });
  }
  try {
    const strict = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    return { values: strict.values as Values, positionals: strict.positionals };
  } catch (error) {
    // node:util reports a missing value or a value given to a boolean flag as a TypeError.
    const message = error instanceof Error ? error.message.split("\n")[0]!.replace(/\.$/, "") : String(error);
    const missing = /^Option '(?:-\w, )?(--[^' ]+)[^']*' argument missing/.exec(message);
    throw new UsageError(missing ? `option ${missing[1]} needs a value` : message.replace(/^Option /, "option "), {
      hint: "run with --help to see each option's argument",
      cause: error,
    });
  }
}
