import { type GitOptions, git, gitSync } from "@rampart/core/git";

export interface RunGitOptions extends GitOptions {
  input?: string;
  /** Exit codes other than 0 that are answers, not failures. */
  okExitCodes?: readonly number[];
}

/**
 * core's git layer (argv only, node:child_process, no execa), with the shape this package's
 * callers use. Errors are core's: GIT_NOT_FOUND, NOT_A_GIT_REPO, GIT_UNBORN_HEAD, GIT_FAILED.
 */
export async function runGit(
  args: readonly string[],
  options: RunGitOptions,
): Promise<{ stdout: string; exitCode: number }> {
  const r = await git(args, { ...options, input: options.input ?? "" });
  return { stdout: r.stdout, exitCode: r.exitCode };
}

/** runGit, synchronously (core's gitSync): a run's first git call, with nothing to do beside it. */
export function runGitSync(args: readonly string[], options: RunGitOptions): { stdout: string; exitCode: number } {
  const r = gitSync(args, { ...options, ...(options.input === undefined ? {} : { input: options.input }) });
  return { stdout: r.stdout, exitCode: r.exitCode };
}
