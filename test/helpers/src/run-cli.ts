import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

/** The monorepo's root directory. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Absolute path of the CLI's bin shim (it loads packages/cli/dist, so build first). */
export const cliBin = resolve(repoRoot, "packages/cli/bin/rampart.js");

/**
 * A path below `../shared` next to the repository (fixtures shared by the project); never shipped.
 * RAMPART_SHARED_DIR points elsewhere (a git worktree's `..` is not the clone's).
 */
export function sharedPath(...segments: string[]): string {
  return resolve(process.env.RAMPART_SHARED_DIR ?? resolve(repoRoot, "../shared"), ...segments);
}

export interface RunCliOptions {
  cwd?: string;
  /**
   * The child's whole environment (e.g. a gitRepo's `env`). Default: this process's environment
   * without GIT_* variables and colour settings, so output is plain and git is not redirected.
   */
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** Milliseconds before the child is killed (default 60s): a hung CLI fails the test, not the run. */
  timeout?: number;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Drops variables that would change what git or the CLI does behind a test's back. */
export function cleanEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith("GIT_") || key === "FORCE_COLOR" || key === "NO_COLOR") continue;
    out[key] = value;
  }
  return out;
}

/** Spawns `node packages/cli/bin/rampart.js ...args` with the Node running the tests. */
export async function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  if (!existsSync(resolve(repoRoot, "packages/cli/dist/main.js"))) {
    throw new Error("packages/cli/dist is missing: build first (`pnpm exec tsc -b packages/cli`)");
  }
  const r = await execa(process.execPath, [cliBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? cleanEnv(),
    extendEnv: false,
    ...(options.input === undefined ? { stdin: "ignore" as const } : { input: options.input }),
    reject: false,
    stripFinalNewline: false,
    timeout: options.timeout ?? 60_000,
  });
  if (r.timedOut) throw new Error(`rampart ${args.join(" ")} timed out after ${options.timeout ?? 60_000} ms`);
  return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs any program (argv array, no shell) and returns its exit code and output; never throws on exit codes. */
export async function runCommand(
  file: string,
  args: readonly string[],
  options: RunCliOptions = {},
): Promise<CliResult> {
  const r = await execa(file, args, {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? cleanEnv(),
    extendEnv: false,
    ...(options.input === undefined ? { stdin: "ignore" as const } : { input: options.input }),
    reject: false,
    stripFinalNewline: false,
    timeout: options.timeout ?? 60_000,
  });
  if (r.timedOut) throw new Error(`${file} ${args.join(" ")} timed out after ${options.timeout ?? 60_000} ms`);
  return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
}
