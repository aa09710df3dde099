import { RampartError } from "./errors.js";

// Through getBuiltinModule: an ESM import of node:fs builds its export wrapper, ~3 ms of CPU at every start.
const { existsSync } = process.getBuiltinModule("node:fs");

export interface GitOptions {
  /** Working directory; any path inside the repository. */
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface GitRunOptions extends GitOptions {
  input?: string | Buffer;
  /** Exit codes other than 0 that are answers, not failures (e.g. 1 for `diff --quiet`). */
  okExitCodes?: readonly number[];
}

export interface GitResult<T> {
  stdout: T;
  stderr: string;
  exitCode: number;
}

/**
 * Runs git with an argv array (never a shell string). Throws RampartError GIT_NOT_FOUND,
 * NOT_A_GIT_REPO or GIT_FAILED with git's own message as the hint.
 */
export async function git(args: readonly string[], options: GitRunOptions): Promise<GitResult<string>> {
  const r = await runGit(args, options);
  return { stdout: r.stdout.toString("utf8"), stderr: r.stderr, exitCode: r.exitCode };
}

/** As `git`, but stdout is raw bytes (blobs, `-z` output with arbitrary file names). */
export async function gitBuffer(args: readonly string[], options: GitRunOptions): Promise<GitResult<Buffer>> {
  return runGit(args, options);
}

/** More output than this from one git call is a runaway, not an answer. */
const MAX_OUTPUT = 1024 * 1024 * 1024;

/**
 * node:child_process rather than execa: a hook runs a handful of git calls per commit, and loading
 * execa cost more (100-250 ms measured on the first call) than the calls themselves. The child
 * gets exactly `options.env` when given, like execa's `extendEnv: false`.
 */
function runGit(args: readonly string[], options: GitRunOptions): Promise<GitResult<Buffer>> {
  return new Promise((resolve, reject) => {
    // Loaded on the first call: `rampart lockfile check FILE` and --help never spawn git.
    const child = process.getBuiltinModule("node:child_process").spawn("git", args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let overflow = false;
    child.stdout!.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) {
        overflow = true;
        child.kill();
      } else out.push(chunk);
    });
    child.stderr!.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(gitSpawnError(error, options.cwd)));
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("utf8");
      if (overflow) {
        reject(
          new RampartError("GIT_FAILED", `git ${args[0] ?? ""} printed more than 1 GiB`, {
            hint: "narrow the request",
          }),
        );
        return;
      }
      const exitCode = code ?? 1;
      if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
        reject(gitFailure(args, stderr, exitCode, options.cwd));
        return;
      }
      resolve({ stdout: Buffer.concat(out), stderr, exitCode });
    });
    if (child.stdin) {
      child.stdin.on("error", () => {}); // git may exit before reading all input; its exit code says why
      child.stdin.end(options.input);
    }
  });
}

/**
 * As `git`, synchronously (spawnSync): for a command whose first git call has nothing to wait
 * beside it. No stream or socket is made for the child's pipes, which at a cold start costs
 * ~11M instructions (~3 ms) with spawn. The same errors as `git`.
 */
export function gitSync(args: readonly string[], options: GitRunOptions): GitResult<string> {
  const r = gitSyncBuffer(args, options);
  return { stdout: r.stdout.toString("utf8"), stderr: r.stderr, exitCode: r.exitCode };
}

/** As `gitSync`, but stdout is raw bytes (blobs). */
export function gitSyncBuffer(args: readonly string[], options: GitRunOptions): GitResult<Buffer> {
  const r = process.getBuiltinModule("node:child_process").spawnSync("git", args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    ...(options.input === undefined ? {} : { input: options.input }),
    maxBuffer: MAX_OUTPUT,
  });
  if (r.error !== undefined) {
    if ((r.error as NodeJS.ErrnoException).code === "ENOBUFS") {
      throw new RampartError("GIT_FAILED", `git ${args[0] ?? ""} printed more than 1 GiB`, {
        hint: "narrow the request",
      });
    }
    throw gitSpawnError(r.error, options.cwd);
  }
  const stderr = r.stderr.toString("utf8");
  const exitCode = r.status ?? 1;
  if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
    throw gitFailure(args, stderr, exitCode, options.cwd);
  }
  return { stdout: r.stdout, stderr, exitCode };
}

/** @internal shared with cat-file.ts */
export function gitSpawnError(error: unknown, cwd: string): RampartError {
  const code = (error as { code?: string }).code;
  // spawn reports a missing working directory as ENOENT too; do not blame git for it.
  if (code === "ENOENT" && !existsSync(cwd)) {
    return new RampartError("GIT_FAILED", `${cwd} does not exist`, {
      hint: "pass an existing directory (--cwd)",
      cause: error,
    });
  }
  if (code === "ENOENT") {
    return new RampartError("GIT_NOT_FOUND", "git is not installed or not on PATH", {
      hint: "install git (https://git-scm.com) and make sure `git --version` works in this shell",
      cause: error,
    });
  }
  return new RampartError("GIT_FAILED", `could not run git in ${cwd}`, { cause: error });
}

/** @internal shared with cat-file.ts */
export function gitFailure(args: readonly string[], stderr: string, exitCode: number, cwd: string): RampartError {
  const first =
    stderr
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.replace(/^(fatal|error): /, "") ?? "";
  if (/not a git repository/i.test(stderr)) {
    return new RampartError("NOT_A_GIT_REPO", `${cwd} is not inside a git repository`, {
      hint: "run this inside a git repository, or pass --cwd <repo>; `git init` creates one",
    });
  }
  // Only the exact name HEAD: `HEAD~5` or `x..HEAD` failing in a repo with history is a bad
  // revision, not an empty repository.
  if (/does not have any commits yet|ambiguous argument 'HEAD'|bad (default )?revision 'HEAD'/i.test(stderr)) {
    return new RampartError("GIT_UNBORN_HEAD", "the repository has no commits yet", {
      hint: "make a first commit, or run a command that does not need history (e.g. scan --staged)",
    });
  }
  return new RampartError("GIT_FAILED", `git ${args[0] ?? ""} failed (exit ${exitCode}): ${first}`, {
    hint: "run the same git command yourself to see the full message",
  });
}

/** Splits NUL-terminated `-z` output. A trailing NUL yields no empty last element. */
export function splitNul(output: string | Buffer): string[] {
  const text = typeof output === "string" ? output : output.toString("utf8");
  if (text === "") return [];
  const parts = text.split("\0");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** Absolute path of the working tree's top level (throws NOT_A_GIT_REPO). */
export async function getRepoRoot(options: GitOptions): Promise<string> {
  const r = await git(["rev-parse", "--show-toplevel"], options);
  return r.stdout.trim();
}

/** The directory git keeps its data in (absolute; differs from .git in worktrees). */
export async function getGitDir(options: GitOptions): Promise<{ gitDir: string; commonDir: string }> {
  const r = await git(["rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir"], options);
  const [gitDir = "", commonDir = ""] = r.stdout.trim().split("\n");
  return { gitDir, commonDir };
}

/** HEAD's commit id, or null when the branch is unborn (an empty repository). */
export async function getHeadCommit(options: GitOptions): Promise<string | null> {
  const r = await git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], { ...options, okExitCodes: [1] });
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

export async function isShallowRepo(options: GitOptions): Promise<boolean> {
  const r = await git(["rev-parse", "--is-shallow-repository"], options);
  return r.stdout.trim() === "true";
}

/** Throws GIT_SHALLOW_CLONE with the fix when history a check needs is cut off. */
export async function assertFullHistory(options: GitOptions, what: string): Promise<void> {
  if (await isShallowRepo(options)) {
    throw new RampartError("GIT_SHALLOW_CLONE", `this is a shallow clone, so ${what} cannot see the whole history`, {
      hint: "run `git fetch --unshallow` (in GitHub Actions: actions/checkout with fetch-depth: 0)",
    });
  }
}
