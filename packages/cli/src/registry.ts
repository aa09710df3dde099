import type { CommandDefinition } from "./command.js";

/** Every command, in help order. Each lives in ./commands/<name>.ts and is imported only when used. */
export const COMMAND_NAMES = [
  "init",
  "hooks",
  "hook",
  "secrets",
  "signatures",
  "lockfile",
  "sbom",
  "attest",
  "verify",
] as const;

/** Where main looks commands up; tests pass their own to exercise the shell with fake commands. */
export interface CommandRegistry {
  names: readonly string[];
  load(name: string): Promise<CommandDefinition>;
}

export const builtinRegistry: CommandRegistry = {
  names: COMMAND_NAMES,
  async load(name) {
    // A variable specifier keeps each command file (and what it imports) out of the startup path.
    const mod = (await import(`./commands/${name}.js`)) as { command: CommandDefinition };
    return mod.command;
  },
};

/** A registry over definitions in memory (tests, docs generation). */
export function staticRegistry(commands: readonly CommandDefinition[]): CommandRegistry {
  const byName = new Map(commands.map((c) => [c.name, c]));
  return {
    names: commands.map((c) => c.name),
    async load(name) {
      const command = byName.get(name);
      if (command === undefined) throw new Error(`no command ${name}`);
      return command;
    },
  };
}

export async function loadAll(registry: CommandRegistry): Promise<CommandDefinition[]> {
  return Promise.all(registry.names.map((name) => registry.load(name)));
}
