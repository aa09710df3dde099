import { join } from "node:path";
import { type GitRepo, gitRepo } from "@rampart/test-helpers";
import { makeSshKey, type TestSshKey } from "./keys.js";

export interface SignedRepo {
  repo: GitRepo;
  keys: Record<string, TestSshKey>;
  /** Commit all changes signed with `key` (ssh), or unsigned when key is undefined. */
  commit(message: string, key?: TestSshKey, extra?: string[]): Promise<string>;
}

/** An allowed_signers line for a key (with options such as valid-before="20200101Z"). */
export function signerLine(principal: string, key: TestSshKey, options?: string): string {
  return `${principal}${options ? ` ${options}` : ""} ${key.publicLine.split(" ").slice(0, 2).join(" ")}\n`;
}

export async function sshCommit(
  repo: GitRepo,
  message: string,
  key?: TestSshKey,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  await repo.git(["add", "-A"]);
  const sign = key ? ["-c", "gpg.format=ssh", "-c", `user.signingkey=${key.path}`, "commit", "-S"] : ["commit"];
  await repo.git([...sign, "-q", "--allow-empty", "--no-verify", ...extra, "-m", message], {
    env: { ...repo.env, ...env },
  });
  return repo.git(["rev-parse", "HEAD"]);
}

/**
 * A repo whose first commit adopts a policy trusting `alice` (a policy admin) plus whatever
 * `signers` adds; makes the named ed25519 keys first. With no trust root every commit is judged,
 * the root too (by the trusted revision's policy): it is signed by alice when she is among the keys.
 */
export async function signedRepo(
  names: string[],
  signers: (keys: Record<string, TestSshKey>) => string,
  config = "",
): Promise<SignedRepo> {
  const repo = await gitRepo();
  const keys: Record<string, TestSshKey> = {};
  for (const name of names) keys[name] = await makeSshKey(join(repo.home, "keys"), name);
  repo.write(".rampart/allowed_signers", signers(keys));
  repo.write(".rampart/config.yaml", `signatures:\n  required: true\n  policyAdmins: [alice@example.org]\n${config}`);
  repo.write("README.md", "hello\n");
  await sshCommit(repo, "adopt the signature policy", keys.alice);
  return { repo, keys, commit: (message, key, extra) => sshCommit(repo, message, key, extra) };
}

/** Rewrites a commit's message keeping its signature header: a tampered object git stores as is. */
export async function tamper(repo: GitRepo, commit: string): Promise<string> {
  const raw = await repo.git(["cat-file", "commit", commit]);
  const changed = raw.replace(/\n\n([^\n]*)/, "\n\n$1 (altered)");
  return repo.git(["hash-object", "-t", "commit", "-w", "--literally", "--stdin"], { input: `${changed}\n` });
}
