import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { onTestFinished } from "vitest";

export type FileTree = Record<string, string | Buffer>;

export interface GitRepoOptions {
  /** Commit the initial files (default: true when there are files). A string is the message. */
  commit?: boolean | string;
  /** False: a plain temp directory that is not a git repository (for NOT_A_GIT_REPO tests). */
  init?: boolean;
  /** `git init --bare` (a remote to push to). Files are ignored. */
  bare?: boolean;
  /** Branch name for `git init -b` (default "main"). */
  branch?: string;
}

export interface GitCallOptions {
  input?: string | Buffer;
  /** Do not throw on a non-zero exit (the default throws with git's stderr). */
  reject?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface GitCallResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface GitRepo {
  /** realpath'd absolute directory of the working tree (or of the bare repository). */
  dir: string;
  /** The sandbox HOME: holds .gitconfig and anything a test wants outside the repo (keys, remotes). */
  home: string;
  /** An isolated environment: PATH unchanged, HOME/GIT_CONFIG_GLOBAL in the sandbox, no system config. */
  env: NodeJS.ProcessEnv;
  /** Runs git in `dir` with `env`; resolves to stdout without its final newline. */
  git(args: readonly string[], options?: GitCallOptions): Promise<string>;
  /** As git(), but resolves to the whole result and never throws on a non-zero exit. */
  gitResult(args: readonly string[], options?: GitCallOptions): Promise<GitCallResult>;
  /** Writes a file below `dir`, creating folders; returns its absolute path. */
  write(path: string, content: string | Buffer): string;
  /** Stages everything and commits; returns the new commit id. */
  commit(message?: string, options?: { allowEmpty?: boolean }): Promise<string>;
  /** Absolute path of a file below `dir`. */
  path(...segments: string[]): string;
  /** Removes the sandbox. Runs by itself after the test that created the repo. Idempotent. */
  cleanup(): void;
  [Symbol.dispose](): void;
}

const leftovers = new Set<string>();
process.once("exit", () => {
  if (process.env.RAMPART_KEEP_TMP === "1") return;
  for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
});

/** A realpath'd temp directory, removed after the current test (or at exit outside a test). */
export function tempDir(prefix = "rampart-test-"): { dir: string; cleanup(): void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  leftovers.add(dir);
  const cleanup = () => {
    leftovers.delete(dir);
    // RAMPART_KEEP_TMP=1 keeps sandboxes to look at after a failing test.
    if (process.env.RAMPART_KEEP_TMP === "1") process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    onTestFinished(cleanup);
  } catch {
    // Called from beforeAll/describe: there is no current test; the caller cleans up in
    // afterAll, and the exit handler above catches anything left over.
  }
  return { dir, cleanup };
}

/**
 * The environment every sandboxed git call gets. Starts from nothing but PATH, so that neither
 * the developer's own git config nor variables a surrounding git hook exports (GIT_DIR,
 * GIT_INDEX_FILE) leak into a test.
 */
export function sandboxEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    GIT_CONFIG_GLOBAL: join(home, ".gitconfig"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    LANG: "C.UTF-8",
    TZ: "UTC",
    // No startup snapshot for the hooks a test's commits run: building one in the background
    // costs each repository 1-2 s of CPU. The snapshot's own tests turn it on.
    RAMPART_SNAPSHOT: "0",
    // One V8 code cache for every process the tests start, as Node's default shared one was before
    // rampart's bin kept its own under HOME: a fresh HOME per repository made each CLI start compile
    // the bundle cold (+13% wall on the e2e suites). The cache only saves compilation; a test of
    // the bin's own cache folder sets its environment itself.
    NODE_COMPILE_CACHE: TEST_COMPILE_CACHE,
  };
}

/** One folder outside every sandbox, per user of the machine. */
const TEST_COMPILE_CACHE = join(tmpdir(), `rampart-test-compile-cache-${process.getuid?.() ?? "user"}`);

// Written into each repo's own config too (a repo may be used without the sandbox's HOME): no
// signing prompts, no background gc or maintenance, a fixed identity.
const LOCAL_CONFIG = `[user]
\tname = Rampart Test
\temail = test@rampart.invalid
[commit]
\tgpgsign = false
[tag]
\tgpgsign = false
[gc]
\tauto = 0
[maintenance]
\tauto = false
`;

// The sandbox's global config, so every repo a test creates (clones included) behaves the same.
const GLOBAL_CONFIG = `${LOCAL_CONFIG}[init]
\tdefaultBranch = main
[core]
\tautocrlf = false
[protocol "file"]
\tallow = always
`;

/**
 * One git process: `env` is its whole environment, `input` (when given) its stdin, the output
 * decoded as UTF-8 without its final newline, killed after 60 s. Node's own spawn rather than
 * execa: a test runs dozens of these, and execa's per-process machinery (signal-exit hooks,
 * stream iterators, option normalizing) cost the test worker ~6 ms of CPU per call, about as much
 * again as the spawn itself (`git --version`, 600 calls each way, alternated, load 21: 12.1 vs
 * 6.4 ms of the worker's user+sys per call).
 */
function runGit(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  input: string | Buffer | undefined,
): Promise<GitCallResult> {
  return new Promise((resolve) => {
    const child = spawn("git", args, { cwd, env, timeout: 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    let failed: Error | undefined;
    child.on("error", (error) => {
      failed = error; // git not found, or the timeout's kill: "close" still follows
    });
    // As execa had it: stdin is a pipe, ended only once the input (when there is one) is written.
    child.stdin.on("error", () => {}); // git exited without reading all of it
    if (input !== undefined) child.stdin.end(input);
    child.on("close", (code) => {
      const stderr = withoutFinalNewline(Buffer.concat(err).toString("utf8"));
      resolve({
        exitCode: code ?? 1,
        stdout: withoutFinalNewline(Buffer.concat(out).toString("utf8")),
        stderr: failed === undefined ? stderr : `${stderr}${stderr === "" ? "" : "\n"}${failed.message}`,
      });
    });
  });
}

const withoutFinalNewline = (text: string): string =>
  text.endsWith("\r\n") ? text.slice(0, -2) : text.endsWith("\n") ? text.slice(0, -1) : text;

/** Creates a real git repository in a fresh sandbox, with `files` written (and committed). */
export async function gitRepo(files: FileTree = {}, options: GitRepoOptions = {}): Promise<GitRepo> {
  const sandbox = tempDir();
  const home = join(sandbox.dir, "home");
  const dir = join(sandbox.dir, options.bare ? "remote.git" : "repo");
  mkdirSync(home, { recursive: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(home, ".gitconfig"), GLOBAL_CONFIG);
  const env = sandboxEnv(home);

  const gitResult = (args: readonly string[], call: GitCallOptions = {}): Promise<GitCallResult> =>
    runGit(args, dir, call.env ?? env, call.input);
  const git = async (args: readonly string[], call: GitCallOptions = {}): Promise<string> => {
    const r = await gitResult(args, call);
    if (r.exitCode !== 0 && call.reject !== false) {
      throw new Error(`git ${args.join(" ")} failed (exit ${r.exitCode}) in ${dir}:\n${r.stderr}`);
    }
    return r.stdout;
  };
  const write = (path: string, content: string | Buffer): string => {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    return abs;
  };
  const commit = async (message = "test commit", opts: { allowEmpty?: boolean } = {}): Promise<string> => {
    await git(["add", "-A"]);
    await git(["commit", "-q", "--no-verify", ...(opts.allowEmpty ? ["--allow-empty"] : []), "-m", message]);
    return git(["rev-parse", "HEAD"]);
  };

  const repo: GitRepo = {
    dir,
    home,
    env,
    git,
    gitResult,
    write,
    commit,
    path: (...segments) => join(dir, ...segments),
    cleanup: sandbox.cleanup,
    [Symbol.dispose]: sandbox.cleanup,
  };

  if (options.init === false) {
    for (const [path, content] of Object.entries(files)) write(path, content);
    return repo;
  }
  const branch = options.branch ?? "main";
  await git(["init", "-q", ...(options.bare ? ["--bare"] : []), "-b", branch]);
  // Local config too, so a repo keeps behaving when a test runs git with its own env. Appended
  // to the file directly: six `git config` processes per repository add up over a test suite.
  appendFileSync(join(dir, options.bare ? "config" : ".git/config"), LOCAL_CONFIG);
  if (options.bare) return repo;
  for (const [path, content] of Object.entries(files)) write(path, content);
  const shouldCommit = options.commit ?? Object.keys(files).length > 0;
  if (shouldCommit) await commit(typeof options.commit === "string" ? options.commit : "initial commit");
  return repo;
}
