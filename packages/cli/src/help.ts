import { GLOBAL_OPTIONS } from "./args.js";
import type { CommandDefinition, OptionSpec, SubcommandSpec } from "./command.js";

export const TAGLINE = "harden a repository's software supply chain from the first commit";
const EXIT_CODES =
  "Exit codes: 0 clean, 1 findings or policy violation, 2 could not run (usage, config, bad input, git missing).";
const UNAVAILABLE = "not available in this version yet";

function optionLabel(o: OptionSpec): string {
  const long = `--${o.name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
  return o.short ? `-${o.short}, ${long}` : `    ${long}`;
}

function optionText(o: OptionSpec): string {
  let text = o.description;
  if (o.multiple) text += " (repeatable)";
  if (o.default !== undefined && o.default !== false) text += ` (default: ${String(o.default)})`;
  return text;
}

/** Two aligned columns, indented by two spaces. */
function columns(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}

function optionLines(options: readonly OptionSpec[]): string[] {
  return columns(options.map((o) => [optionLabel(o), optionText(o)] as const));
}

/** `rampart --help`. */
export function renderMainHelp(commands: readonly CommandDefinition[], version: string): string {
  const rows = commands.map((c) => [c.name, c.available ? c.summary : `${c.summary} (${UNAVAILABLE})`] as const);
  return [
    `rampart ${version}: ${TAGLINE}`,
    "",
    "Usage: rampart [options] <command> [subcommand] [command options]",
    "",
    "Commands:",
    ...columns(rows),
    "",
    "Options:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    EXIT_CODES,
    "Run `rampart <command> --help` for a command's options.",
    "",
  ].join("\n");
}

function subcommandSection(sub: SubcommandSpec): string[] {
  const lines = [`${sub.name}: ${sub.summary}`, `  Usage: ${sub.usage}`];
  if (sub.options?.length) lines.push(...optionLines(sub.options).map((l) => `  ${l}`));
  return lines;
}

/** `rampart <command> --help` (and `rampart <command> <subcommand> --help`). */
export function renderCommandHelp(command: CommandDefinition, sub?: SubcommandSpec): string {
  const lines = [`rampart ${command.name}: ${command.summary}`];
  if (!command.available) lines.push("", `This command is ${UNAVAILABLE}; running it exits with code 2.`);
  if (command.framework.length > 0) lines.push(`Framework: ${command.framework.join(", ")}`);
  lines.push("", `Usage: ${sub?.usage ?? command.usage}`);
  if (sub) lines.push("", `${sub.name}: ${sub.summary}`);
  if (!sub && command.subcommands?.length) {
    lines.push("", "Subcommands:", ...columns(command.subcommands.map((s) => [s.name, s.summary] as const)));
  }
  const own = [...command.options, ...(sub?.options ?? [])];
  if (own.length > 0) lines.push("", "Options:", ...optionLines(own));
  if (!sub && command.subcommands?.some((s) => s.options?.length)) {
    for (const s of command.subcommands) if (s.options?.length) lines.push("", ...subcommandSection(s));
  }
  if (command.formats) lines.push("", `Formats (--format): ${command.formats.join(", ")}`);
  lines.push("", "Global options: -h/--help, --version, --cwd DIR, --format FORMAT, -q/--quiet, --verbose, --no-color");
  lines.push(EXIT_CODES, "");
  return lines.join("\n");
}
