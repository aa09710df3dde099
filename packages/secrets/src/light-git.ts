import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { RampartError } from "@rampart/core";

/**
 * A bare node:child_process runner for the pre-commit path. Core's runner is built on execa,
 * whose import alone costs several times Node's own start-up; a hook that runs on every commit
 * cannot pay that. Errors map to the same RampartError codes as core's runner.
 */
export interface LightGitOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

export function runGit(args: readonly string[], options: LightGitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", (error: NodeJS.ErrnoException) => reject(spawnError(error, options.cwd)));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(failure(args, Buffer.concat(err).toString("utf8"), code ?? 1, options.cwd));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Reads objects by id with one `git cat-file --batch`: all ids are written at once and the
 * answers parsed in order. Missing objects come back as null.
 */
export function readObjects(oids: readonly string[], options: LightGitOptions): Promise<Array<Buffer | null>> {
  if (oids.length === 0) return Promise.resolve([]);
  return runGit(["cat-file", "--batch"], { ...options, input: `${oids.join("\n")}\n` }).then((out) => {
    const objects: Array<Buffer | null> = [];
    let pos = 0;
    for (let i = 0; i < oids.length; i++) {
      const nl = out.indexOf(10, pos);
      const header = out.toString("latin1", pos, nl);
      if (header.endsWith(" missing") || nl < 0) {
        objects.push(null);
        pos = nl + 1;
        continue;
      }
      const size = Number(header.slice(header.lastIndexOf(" ") + 1));
      objects.push(out.subarray(nl + 1, nl + 1 + size));
      pos = nl + 1 + size + 1;
    }
    return objects;
  });
}

function spawnError(error: NodeJS.ErrnoException, cwd: string): RampartError {
  if (error.code === "ENOENT") {
    return new RampartError("GIT_NOT_FOUND", "git is not installed or not on PATH", {
      hint: "install git (https://git-scm.com) and make sure `git --version` works in this shell",
      cause: error,
    });
  }
  return new RampartError("GIT_FAILED", `could not run git in ${cwd}`, { cause: error });
}

function failure(args: readonly string[], stderr: string, code: number, cwd: string): RampartError {
  if (/not a git repository/i.test(stderr)) {
    return new RampartError("NOT_A_GIT_REPO", `${cwd} is not inside a git repository`, {
      hint: "run this inside a git repository, or pass --cwd <repo>; `git init` creates one",
    });
  }
  const first =
    stderr
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.replace(/^(fatal|error): /, "") ?? "";
  return new RampartError("GIT_FAILED", `git ${args[0] ?? ""} failed (exit ${code}): ${first}`, {
    hint: "run the same git command yourself to see the full message",
  });
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
