import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { gitBuffer } from "@rampart/core/git";

/** Options of the pre-commit path's git calls (core's git layer: node:child_process, no execa). */
export interface LightGitOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

export async function runGit(args: readonly string[], options: LightGitOptions): Promise<Buffer> {
  return (await gitBuffer(args, { ...options, input: options.input ?? "" })).stdout;
}

/**
 * The working tree's top level, or undefined outside a repository (no execa on this path).
 * A directory holding `.git` is its own top level (git runs hooks there, and users mostly run
 * rampart there), so that case needs no git process at all.
 */
export async function findRepoRoot(options: LightGitOptions): Promise<string | undefined> {
  const env = options.env ?? process.env;
  if (env.GIT_DIR === undefined && env.GIT_WORK_TREE === undefined && existsSync(join(options.cwd, ".git"))) {
    return resolve(options.cwd);
  }
  try {
    return (await runGit(["rev-parse", "--show-toplevel"], options)).toString("utf8").trim();
  } catch (error) {
    if ((error as { code?: string }).code === "NOT_A_GIT_REPO") return undefined;
    throw error;
  }
}
