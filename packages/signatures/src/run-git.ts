import { execFile } from "node:child_process";
import { type GitOptions, RampartError } from "@rampart/core";

export interface RunGitOptions extends GitOptions {
  input?: string;
  /** Exit codes other than 0 that are answers, not failures. */
  okExitCodes?: readonly number[];
}

/**
 * git through node:child_process. core's `git()` (execa) costs 100-200 ms on its first call in a
 * process (execa loads its modules lazily); a cached `signatures verify` makes only a few short
 * git calls, so that cost would be most of its run. Errors map to the same codes as core's.
 */
export function runGit(args: readonly string[], options: RunGitOptions): Promise<{ stdout: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 1024 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        if (code !== null && (code === 0 || (options.okExitCodes ?? []).includes(code))) {
          resolve({ stdout, exitCode: code });
        } else reject(gitError(args, stderr, error, options.cwd));
      },
    );
    child.stdin?.on("error", () => {});
    child.stdin?.end(options.input ?? "");
  });
}

function gitError(args: readonly string[], stderr: string, error: unknown, cwd: string): RampartError {
  if ((error as { code?: unknown }).code === "ENOENT") {
    return new RampartError("GIT_NOT_FOUND", "git is not installed or not on PATH", {
      hint: "install git (https://git-scm.com) and make sure `git --version` works in this shell",
      cause: error,
    });
  }
  if (/not a git repository/i.test(stderr)) {
    return new RampartError("NOT_A_GIT_REPO", `${cwd} is not inside a git repository`, {
      hint: "run this inside a git repository, or pass --cwd <repo>; `git init` creates one",
    });
  }
  if (/does not have any commits yet|ambiguous argument 'HEAD'|bad revision 'HEAD'/i.test(stderr)) {
    return new RampartError("GIT_UNBORN_HEAD", "the repository has no commits yet", {
      hint: "make a first commit, then verify",
    });
  }
  const first =
    stderr
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.replace(/^(fatal|error): /, "") ?? String(error);
  return new RampartError("GIT_FAILED", `git ${args[0] ?? ""} failed: ${first}`, {
    hint: "run the same git command yourself to see the full message",
  });
}
