import { resolve } from "node:path";
import { ExitCode, errorExitCode, RampartError, UsageError } from "@rampart/core/errors";
import { firstPositional, GLOBAL_OPTIONS, optionTable, parseOptions, type Values } from "./args.js";
import type { CommandDefinition, OutputFormat, SubcommandSpec } from "./command.js";
import type { IO } from "./context.js";
import { type RedactSwitch, redactingStream } from "./redacting-stream.js";
import { builtinRegistry, type CommandRegistry, loadAll } from "./registry.js";
import { flushProcessOutput, installProcessOutput, processStream } from "./stdio.js";
import { didYouMean } from "./suggest.js";

// Through getBuiltinModule: an ESM import of node:fs builds its export wrapper, ~3 ms of CPU at every start.
const { readFileSync, statSync } = process.getBuiltinModule("node:fs");

// Start-up is paid by every command and hook: what only some runs need (the reporters and the
// context, help, the error printer) is imported when it is needed, so that `--version` and a
// command's own work do not wait for it.
const help = () => import("./help.js");

export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export interface ExecuteOptions {
  io?: Partial<IO>;
  /** Commands to dispatch to (default: the built-in ones in ./commands). */
  registry?: CommandRegistry;
  /** The output redaction switch (default: a new one, on); main() shares it with the process streams. */
  redaction?: RedactSwitch;
  /** Told the command argv names once it is loaded (main() reads its exitWhenDone). */
  onCommand?: (command: CommandDefinition) => void;
}

/**
 * Runs the CLI on argv and resolves to the exit code, printing errors as one line plus a hint.
 * Never sets process.exitCode: main() does, so that this can run in-process in tests.
 */
export async function execute(argv: readonly string[], options: ExecuteOptions = {}): Promise<ExitCode> {
  const given = options.io ?? {};
  // Every byte rampart prints passes core's redact, whichever command or library wrote it.
  const redaction: RedactSwitch = options.redaction ?? { enabled: true };
  const io: IO = {
    // process.stdin is a getter that sets up a stream (~10M instructions, a socket for a pipe):
    // read on first use, so that only the commands that read stdin pay for it.
    get stdin() {
      return given.stdin ?? process.stdin;
    },
    // The bin's are written to without building Node's streams until needed (stdio.ts).
    stdout: redactingStream(given.stdout ?? processStream("stdout"), redaction),
    stderr: redactingStream(given.stderr ?? processStream("stderr"), redaction),
    env: given.env ?? process.env,
    cwd: given.cwd ?? process.cwd(),
  };
  try {
    return await dispatch(argv, io, options.registry ?? builtinRegistry, redaction, options.onCommand);
  } catch (error) {
    redaction.enabled = true;
    // Ctrl-C at a prompt: the prompt has said so (once); nothing was written.
    if (errorExitCode(error) === ExitCode.Interrupted) return ExitCode.Interrupted;
    const { writeError } = await import("./report-error.js");
    writeError(io.stderr, error, argv.includes("--verbose"));
    // `--format sarif` still yields a valid log (no results, the error in invocations), so that a
    // CI upload step shows why instead of failing on an empty file.
    if (sarifRequested(argv)) {
      const { sarifFailure } = await import("@rampart/core/report");
      const e = error as { code?: unknown; message?: unknown; hint?: unknown; file?: unknown };
      const where = typeof e.file === "string" ? `${e.file}: ` : "";
      io.stdout.write(
        sarifFailure(
          {
            ...(typeof e.code === "string" ? { code: e.code } : {}),
            message: `${where}${typeof e.message === "string" ? (e.message.split("\n")[0] ?? "") : String(error)}`,
            ...(typeof e.hint === "string" ? { hint: e.hint } : {}),
          },
          { command: commandWords(argv), version: VERSION },
        ),
      );
    }
    return errorExitCode(error);
  }
}

function sarifRequested(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === "--format=sarif" || (a === "--format" && argv[i + 1] === "sarif"));
}

/** "secrets scan" from argv: the first two words that are not options or option values. */
function commandWords(argv: readonly string[]): string {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i] ?? "";
    if (a === "--format" || a === "--cwd") i++;
    else if (!a.startsWith("-")) words.push(a);
  }
  return words.join(" ") || "rampart";
}

/**
 * The bin's entry point: the only place rampart sets the process exit code. `registry`: the hook
 * snapshot's (hook-snapshot.ts), which holds the hook command only.
 */
export async function main(argv: string[], options: { registry?: CommandRegistry } = {}): Promise<ExitCode> {
  const redaction: RedactSwitch = { enabled: true };
  // process.stdout/stderr built on first use, redacted and stdout's EPIPE ignored then (stdio.ts).
  installProcessOutput(redaction);
  let exitWhenDone = false;
  const code = await execute(argv, {
    redaction,
    ...(options.registry ? { registry: options.registry } : {}),
    onCommand: (command) => {
      exitWhenDone = command.exitWhenDone === true;
    },
  });
  process.exitCode = code;
  if (exitWhenDone) await exitNow(code);
  return code;
}

/**
 * Ends the process once what it wrote has reached stdout and stderr and V8's compile cache is
 * on disk (Node writes it at a normal exit): a child it started and let go (a detached builder)
 * keeps running, as at a normal exit.
 */
async function exitNow(code: ExitCode): Promise<void> {
  await flushProcessOutput();
  process.getBuiltinModule("node:module").flushCompileCache?.();
  process.exit(code);
}

async function dispatch(
  argv: readonly string[],
  io: IO,
  registry: CommandRegistry,
  redaction: RedactSwitch,
  onCommand: ((command: CommandDefinition) => void) | undefined,
): Promise<ExitCode> {
  const at = firstPositional(argv, GLOBAL_OPTIONS);
  if (at < 0) return topLevel(argv, io, registry);
  // Options before the command are global ones; checking them first turns `--frmat json` into
  // "unknown option --frmat" instead of "unknown command json".
  parseOptions(argv.slice(0, at), GLOBAL_OPTIONS);
  const name = argv[at]!;
  let rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  if (name === "help") return helpCommand(rest, io, registry);
  if (!registry.names.includes(name)) {
    throw new UsageError(`unknown command '${name}'`, {
      hint: `${didYouMean(name, registry.names)}run \`rampart --help\` to list the commands`,
    });
  }
  const command = await registry.load(name);
  onCommand?.(command);
  let sub: SubcommandSpec | undefined;
  if (command.subcommands?.length) {
    const i = firstPositional(rest, optionTable(command, undefined));
    if (i >= 0) {
      sub = findSubcommand(command, rest[i]!);
      rest = [...rest.slice(0, i), ...rest.slice(i + 1)];
    }
  }
  const table = optionTable(command, sub);
  const { values, positionals } = parseOptions(rest, table);
  if (values.help) return print(io.stdout, (await help()).renderCommandHelp(command, sub));
  if (values.version && !command.options.some((o) => o.name === "version")) return print(io.stdout, `${VERSION}\n`);
  if (!command.available) {
    throw new RampartError("COMMAND_UNAVAILABLE", `\`rampart ${name}\` is not available in this version yet`, {
      hint: "`rampart --help` lists what this version can do",
    });
  }
  if (command.subcommands?.length && sub === undefined) {
    throw new UsageError(
      `\`rampart ${name}\` needs a subcommand: ${command.subcommands.map((s) => s.name).join(", ")}`,
      {
        hint: `run \`rampart ${name} --help\` for what each one does`,
      },
    );
  }
  const ownNames = new Set([...command.options, ...(sub?.options ?? [])].map((o) => o.name));
  // Secrets whole only where the user asked for them (`--show-secrets`); errors stay masked.
  const showSecrets = ownNames.has("show-secrets") && values["show-secrets"] === true;
  const format = ownNames.has("format") ? "text" : checkFormat(command, values.format, await reportFormats());
  redaction.enabled = !showSecrets;
  const { createContext } = await import("./context.js");
  const ctx = createContext({
    io,
    version: VERSION,
    commandName: sub ? `${name} ${sub.name}` : name,
    subcommand: sub?.name,
    positionals,
    values: Object.fromEntries(Object.entries(values).filter(([key]) => ownNames.has(key))) as Values,
    cwd: resolveCwd(io.cwd, values.cwd),
    format,
    quiet: values.quiet === true,
    verbose: values.verbose === true,
    noColor: values["no-color"] === true,
    redact: !showSecrets,
  });
  return command.run(ctx);
}

async function topLevel(argv: readonly string[], io: IO, registry: CommandRegistry): Promise<ExitCode> {
  const { values } = parseOptions(argv, GLOBAL_OPTIONS);
  if (values.version) return print(io.stdout, `${VERSION}\n`);
  if (values.help) return print(io.stdout, (await help()).renderMainHelp(await loadAll(registry), VERSION));
  throw new UsageError("no command given", { hint: "run `rampart --help` to list the commands" });
}

/** `rampart help [command [subcommand]]`. */
async function helpCommand(rest: readonly string[], io: IO, registry: CommandRegistry): Promise<ExitCode> {
  const [name, subName] = rest.filter((a) => !a.startsWith("-"));
  if (name === undefined) return print(io.stdout, (await help()).renderMainHelp(await loadAll(registry), VERSION));
  if (!registry.names.includes(name)) {
    throw new UsageError(`unknown command '${name}'`, {
      hint: `${didYouMean(name, registry.names)}run \`rampart --help\``,
    });
  }
  const command = await registry.load(name);
  const sub = subName === undefined ? undefined : findSubcommand(command, subName);
  return print(io.stdout, (await help()).renderCommandHelp(command, sub));
}

function findSubcommand(command: CommandDefinition, name: string): SubcommandSpec {
  const subs = command.subcommands ?? [];
  const sub = subs.find((s) => s.name === name);
  if (sub) return sub;
  throw new UsageError(`unknown subcommand '${name}' for \`rampart ${command.name}\``, {
    hint: `${didYouMean(
      name,
      subs.map((s) => s.name),
    )}subcommands: ${subs.map((s) => s.name).join(", ")}`,
  });
}

async function reportFormats(): Promise<readonly string[]> {
  return (await import("@rampart/core/report")).REPORT_FORMATS;
}

function checkFormat(command: CommandDefinition, value: Values[string], formats: readonly string[]): OutputFormat {
  const format = typeof value === "string" ? value : "text";
  const supported = command.formats ?? ["text"];
  if (!formats.includes(format)) {
    throw new UsageError(`unknown format '${format}'`, {
      hint: `${didYouMean(format, formats)}formats: ${formats.join(", ")}`,
    });
  }
  if (!supported.includes(format as OutputFormat)) {
    throw new UsageError(`\`rampart ${command.name}\` does not support --format ${format}`, {
      hint: `it supports: ${supported.join(", ")}`,
    });
  }
  return format as OutputFormat;
}

function resolveCwd(base: string, value: Values[string]): string {
  if (typeof value !== "string") return base;
  const dir = resolve(base, value);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // missing: reported below
  }
  if (!isDir) throw new UsageError(`--cwd ${value}: no such directory`, { hint: `${dir} does not exist or is a file` });
  return dir;
}

function print(stream: IO["stdout"], text: string): ExitCode {
  stream.write(text);
  return ExitCode.Clean;
}
