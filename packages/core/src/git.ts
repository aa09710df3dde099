import { execa, type ResultPromise } from "execa";
import { RampartError } from "./errors.js";

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
  const r = await runGit(args, options, "utf8");
  return { stdout: r.stdout as string, stderr: r.stderr, exitCode: r.exitCode };
}

/** As `git`, but stdout is raw bytes (blobs, `-z` output with arbitrary file names). */
export async function gitBuffer(args: readonly string[], options: GitRunOptions): Promise<GitResult<Buffer>> {
  const r = await runGit(args, options, "buffer");
  return { stdout: Buffer.from(r.stdout as Uint8Array), stderr: r.stderr, exitCode: r.exitCode };
}

async function runGit(args: readonly string[], options: GitRunOptions, encoding: "utf8" | "buffer") {
  let result: {
    stdout: unknown;
    stderr: unknown;
    exitCode?: number | undefined;
    failed: boolean;
    code?: string | undefined;
  };
  try {
    result = await execa("git", args, {
      cwd: options.cwd,
      env: options.env,
      extendEnv: options.env === undefined,
      input: options.input,
      encoding: encoding === "buffer" ? "buffer" : "utf8",
      stripFinalNewline: false,
      reject: false,
      maxBuffer: 1024 * 1024 * 1024,
    });
  } catch (error) {
    throw gitSpawnError(error, options.cwd);
  }
  if (result.code === "ENOENT") throw gitSpawnError(result, options.cwd);
  const stderr =
    typeof result.stderr === "string" ? result.stderr : Buffer.from(result.stderr as Uint8Array).toString("utf8");
  const exitCode = result.exitCode ?? 1;
  if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
    throw gitFailure(args, stderr, exitCode, options.cwd);
  }
  return { stdout: result.stdout, stderr, exitCode };
}

function gitSpawnError(error: unknown, cwd: string): RampartError {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") {
    return new RampartError("GIT_NOT_FOUND", "git is not installed or not on PATH", {
      hint: "install git (https://git-scm.com) and make sure `git --version` works in this shell",
      cause: error,
    });
  }
  return new RampartError("GIT_FAILED", `could not run git in ${cwd}`, { cause: error });
}

function gitFailure(args: readonly string[], stderr: string, exitCode: number, cwd: string): RampartError {
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

export interface GitObject {
  oid: string;
  type: "blob" | "commit" | "tree" | "tag";
  size: number;
  content: Buffer;
}

interface Pending {
  resolve: (value: GitObject | null) => void;
  reject: (reason: unknown) => void;
}

/**
 * A long-lived `git cat-file --batch` process: request objects by name (oid, `:path` for the
 * index, `rev:path`), get their contents. Requests are pipelined, so thousands of objects per
 * second cost one process. Call `close()` when done.
 */
export class CatFileBatch {
  readonly #proc: ResultPromise<{ buffer: false; stdin: "pipe"; stdout: "pipe"; stderr: "pipe"; reject: false }>;
  readonly #queue: Pending[] = [];
  #chunks: Buffer[] = [];
  #length = 0;
  /** Bytes needed before the object at the head of #chunks is complete (0: unknown yet). */
  #need = 0;
  #closed = false;
  #failure: RampartError | undefined;

  constructor(options: GitOptions) {
    this.#proc = execa("git", ["cat-file", "--batch"], {
      cwd: options.cwd,
      env: options.env,
      extendEnv: options.env === undefined,
      buffer: false,
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
      reject: false,
    });
    this.#proc.stdout.on("data", (chunk: Buffer) => this.#onData(chunk));
    let stderr = "";
    this.#proc.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    this.#proc.stdin.on("error", () => {});
    this.#proc.then(
      (r) =>
        this.#onExit(
          r.code === "ENOENT"
            ? gitSpawnError(r, options.cwd)
            : gitFailure(["cat-file"], stderr, r.exitCode ?? 1, options.cwd),
        ),
      (e: unknown) => this.#onExit(gitSpawnError(e, options.cwd)),
    );
  }

  /** Contents of the object, or null when it does not exist. Names must not contain newlines. */
  read(name: string): Promise<GitObject | null> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new RampartError("GIT_FAILED", "cat-file reader used after close()"));
    if (name.includes("\n")) {
      return Promise.reject(
        new RampartError("GIT_FAILED", "object names for cat-file cannot contain a newline", {
          hint: "look the path up by blob id instead",
        }),
      );
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ resolve, reject });
      this.#proc.stdin.write(`${name}\n`);
    });
  }

  /** Ends git's input; git answers what is pending, then exits. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#proc.stdin.end();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #onData(chunk: Buffer): void {
    // Chunks are only joined once the object they complete is there: joining on every chunk
    // would copy a large blob over and over (quadratic in its size).
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    if (this.#length < this.#need) return;
    const buffer = this.#chunks.length === 1 ? chunk : Buffer.concat(this.#chunks, this.#length);
    let pos = 0;
    this.#need = 0;
    for (;;) {
      const nl = buffer.indexOf(10, pos);
      if (nl < 0) break;
      const header = buffer.subarray(pos, nl).toString("utf8");
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        pos = nl + 1;
        this.#queue.shift()?.resolve(null);
        continue;
      }
      const [oid = "", type = "", sizeText = "0"] = header.split(" ");
      const size = Number(sizeText);
      const end = nl + 1 + size;
      if (buffer.length < end + 1) {
        this.#need = end + 1 - pos; // wait for the rest of the object and its newline
        break;
      }
      const content = Buffer.from(buffer.subarray(nl + 1, end));
      pos = end + 1;
      this.#queue.shift()?.resolve({ oid, type: type as GitObject["type"], size, content });
    }
    const rest = buffer.subarray(pos);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#length = rest.length;
  }

  #onExit(error: RampartError): void {
    if (this.#queue.length === 0 && this.#closed) return;
    this.#failure = error;
    for (const p of this.#queue.splice(0)) p.reject(error);
  }
}
