import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type GitRepo, runCommand } from "../helpers/src/index.js";
import { fakeAwsKey } from "./linked.js";
import type { Tarballs } from "./tarballs.js";

// What the adoption tests (install, adopt-managers, tarball-managers) do to a repository.

/** The maintainer signs their commits with a fresh SSH key (init seeds .rampart/allowed_signers with it). */
export async function signCommits(repo: GitRepo): Promise<void> {
  const key = join(repo.home, "id_ed25519");
  await runCommand("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "maintainer", "-f", key], { env: repo.env });
  for (const [k, v] of [
    ["gpg.format", "ssh"],
    ["user.signingkey", `${key}.pub`],
    ["commit.gpgsign", "true"],
  ] as const)
    await repo.git(["config", k, v]);
}

/** git in any working tree of the sandbox (the repository, a moved copy, a clone), with `env`. */
export async function gitIn(repo: GitRepo, dir: string, args: string[], env: NodeJS.ProcessEnv = repo.env) {
  const r = await runCommand("git", args, { cwd: dir, env });
  return { exitCode: r.exitCode, output: `${r.stdout}${r.stderr}`, stdout: r.stdout.trim() };
}

/** A commit adding an AWS key is refused in `dir` by the hooks, which never print the key whole. */
export async function commitSecretRefused(repo: GitRepo, dir = repo.dir, env: NodeJS.ProcessEnv = repo.env) {
  writeFileSync(join(dir, "deploy.ini"), `aws_access_key_id = ${fakeAwsKey()}\n`);
  expect((await gitIn(repo, dir, ["add", "deploy.ini"], env)).exitCode).toBe(0);
  const r = await gitIn(repo, dir, ["commit", "-m", "feat: deploy"], env);
  expect(r.exitCode, `a secret must not be committed in ${dir}:\n${r.output}`).not.toBe(0);
  expect(r.output).toContain("aws-access-key-id");
  expect(r.output).not.toContain(fakeAwsKey());
  await gitIn(repo, dir, ["rm", "-q", "--cached", "deploy.ini"], env);
  rmSync(join(dir, "deploy.ini"));
}

/** The tests install rampart from local tarballs: the policy allows them by name, as a user's would. */
export function allowTarballs(dir: string, tarballs: Tarballs): void {
  const names = Object.keys(tarballs.byName).map((n) => `    "${n}": ["file:"]`);
  const file = join(dir, ".rampart", "config.yaml");
  const text = readFileSync(file, "utf8");
  // init may have written a lockfile section already (the state the lockfile had at adoption).
  if (/^lockfile:\n/m.test(text))
    writeFileSync(file, text.replace(/^lockfile:\n/m, `lockfile:\n  allowedSources:\n${names.join("\n")}\n`));
  else appendFileSync(file, `\nlockfile:\n  allowedSources:\n${names.join("\n")}\n`);
}
