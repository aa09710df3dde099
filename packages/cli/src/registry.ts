import type { CommandDefinition } from "./command.js";

type Loader = () => Promise<{ command: CommandDefinition }>;

/**
 * Every command, in help order, each in ./commands/<name>.ts. A literal import() per command keeps
 * them lazy (a hook never loads the SBOM code) while bundlers and vitest can still see them.
 */
const LOADERS = {
  init: () => import("./commands/init.js"),
  hooks: () => import("./commands/hooks.js"),
  hook: () => import("./commands/hook.js"),
  secrets: () => import("./commands/secrets.js"),
  signatures: () => import("./commands/signatures.js"),
  lockfile: () => import("./commands/lockfile.js"),
  workflows: () => import("./commands/workflows.js"),
  deps: () => import("./commands/deps.js"),
  sbom: () => import("./commands/sbom.js"),
  attest: () => import("./commands/attest.js"),
  verify: () => import("./commands/verify.js"),
  audit: () => import("./commands/audit.js"),
} satisfies Record<string, Loader>;

export const COMMAND_NAMES = Object.keys(LOADERS) as ReadonlyArray<keyof typeof LOADERS>;

/** Where main looks commands up; tests pass their own to exercise the shell with fake commands. */
export interface CommandRegistry {
  names: readonly string[];
  load(name: string): Promise<CommandDefinition>;
}

export const builtinRegistry: CommandRegistry = {
  names: COMMAND_NAMES,
  async load(name) {
    const loader = (LOADERS as Record<string, Loader>)[name];
    if (loader === undefined) throw new Error(`no command ${name}`);
    return (await loader()).command;
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
