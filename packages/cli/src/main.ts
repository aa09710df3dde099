// Placeholder-free first cut of the CLI shell; the foundation work (issue 2) owns and extends it.
import { ExitCode, isRampartError } from "@rampart/core";
import type { CommandDefinition } from "./command.js";

const COMMANDS = ["init", "hooks", "hook", "secrets", "signatures", "lockfile", "sbom", "attest", "verify"] as const;

async function loadCommand(name: string): Promise<CommandDefinition | undefined> {
  if (!(COMMANDS as readonly string[]).includes(name)) return undefined;
  const mod = (await import(`./commands/${name}.js`)) as { command: CommandDefinition };
  return mod.command;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : await loadCommand(name);
  if (command === undefined) {
    process.stderr.write(`rampart: unknown command ${name ?? "(none)"}; commands: ${COMMANDS.join(", ")}\n`);
    process.exitCode = ExitCode.Error;
    return ExitCode.Error;
  }
  try {
    const code = await command.run({
      subcommand: rest[0],
      positionals: rest.slice(1),
      values: {},
      cwd: process.cwd(),
      env: process.env,
      format: "text",
      quiet: false,
      verbose: false,
      color: false,
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      report: (result) => (result.ok ? ExitCode.Clean : ExitCode.Findings),
      info: (line) => process.stderr.write(`${line}\n`),
    });
    process.exitCode = code;
    return code;
  } catch (error) {
    const message = isRampartError(error) ? `${error.message}\n  hint: ${error.hint ?? ""}` : String(error);
    process.stderr.write(`rampart: ${message}\n`);
    process.exitCode = ExitCode.Error;
    return ExitCode.Error;
  }
}
