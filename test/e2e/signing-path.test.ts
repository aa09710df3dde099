import { describe, expect, it } from "vitest";
import { type GitRepo, gitRepo, runCli } from "../helpers/src/index.js";
import { linkTools, PACKAGE_JSON } from "./linked.js";

// The signing path rampart suggests, walked as a new user would: exactly the commands init, then
// `signatures setup`, then `signatures add` print, with a real ssh-keygen key, real git, real
// husky hooks and a bare remote, ending in a verified signed push and a green
// `signatures verify --policy-rev` (what CI runs).

/** The first `npx --no-install rampart ...` command in `text` whose arguments start with `prefix`. */
function hinted(text: string, prefix: string): string[] {
  const m = new RegExp(`\`npx --no-install rampart (${prefix}[^\`]*)\``).exec(text);
  if (!m?.[1]) throw new Error(`no hint for "${prefix}" in:\n${text}`);
  return m[1].split(" ");
}

/** A project with one commit, published to a bare remote before rampart, on a new branch. */
async function project(): Promise<{ repo: GitRepo; cli: (args: string[]) => ReturnType<typeof runCli> }> {
  const repo = await gitRepo({ "package.json": PACKAGE_JSON, ".gitignore": "node_modules\n", "index.js": "1;\n" });
  const remote = await gitRepo({}, { bare: true });
  await repo.git(["remote", "add", "origin", remote.dir]);
  await repo.git(["push", "-q", "origin", "main"]);
  await repo.git(["checkout", "-qb", "chore/rampart"]);
  linkTools(repo.dir);
  return { repo, cli: (args) => runCli(args, { cwd: repo.dir, env: repo.env }) };
}

/** init, then the setup and add commands the hints name; returns what add printed. */
async function followHints(cli: (args: string[]) => ReturnType<typeof runCli>, init: { stderr: string }) {
  const setup = await cli(hinted(init.stderr, "signatures setup"));
  expect(setup.exitCode, setup.stderr).toBe(0);
  const addArgs = hinted(setup.stderr, "signatures add");
  const add = await cli(addArgs);
  expect(add.exitCode, add.stderr).toBe(0);
  expect(add.stderr).toContain("git add .rampart && git commit -S");
  return add;
}

describe("the suggested signing path", () => {
  it("init, signatures setup, signatures add, one signed commit: the push and CI's verify pass", async () => {
    const { repo, cli } = await project();
    const init = await cli(["init", "--yes"]);
    expect(init.exitCode, init.stderr).toBe(0);
    await followHints(cli, init);
    await repo.git(["add", "-A"]);
    const commit = await repo.gitResult(["commit", "-S", "-m", "chore: adopt rampart"]);
    expect(commit.exitCode, commit.stderr).toBe(0);
    expect(await repo.git(["cat-file", "commit", "HEAD"])).toContain("-----BEGIN SSH SIGNATURE-----");
    const push = await repo.gitResult(["push", "-q", "origin", "chore/rampart"]);
    expect(push.exitCode, push.stdout + push.stderr).toBe(0);
    // CI on the pull request: the base (origin/main) has no policy yet, the change adopts it.
    const ci = await cli(["signatures", "verify", "origin/main..HEAD", "--policy-rev", "origin/main", "--no-cache"]);
    expect(ci.exitCode, ci.stderr).toBe(0);
    expect(ci.stderr).toMatch(/1 commit\(s\): 1 good, 0 exempt, 0 failing/);
    // From now on the key counts: a signed commit passes, an unsigned one is refused at push.
    const adopted = await repo.git(["rev-parse", "HEAD"]);
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    expect((await repo.gitResult(["commit", "-m", "feat: two"])).exitCode).toBe(0); // commit.gpgsign from setup
    expect((await repo.gitResult(["push", "-q", "origin", "chore/rampart"])).exitCode).toBe(0);
    const next = await cli(["signatures", "verify", `${adopted}..HEAD`, "--policy-rev", adopted, "--no-cache"]);
    expect(next.exitCode, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/1 commit\(s\): 1 good/);
    repo.write("index.js", "3;\n");
    await repo.git(["add", "index.js"]);
    await repo.git(["-c", "commit.gpgsign=false", "commit", "-qm", "feat: three"]);
    const refused = await repo.gitResult(["push", "-q", "origin", "chore/rampart"]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("signatures/unsigned");
  });

  it("committing init's files before signing is set up does not dead-end: the first key is the trust root", async () => {
    const { repo, cli } = await project();
    const init = await cli(["init", "--yes"]);
    await repo.git(["add", "-A"]);
    const adopt = await repo.gitResult(["commit", "-m", "chore: adopt rampart"]);
    expect(adopt.exitCode, adopt.stderr).toBe(0);
    await followHints(cli, init);
    await repo.git(["add", ".rampart"]);
    expect((await repo.gitResult(["commit", "-S", "-m", "chore: add my signing key"])).exitCode).toBe(0);
    const push = await repo.gitResult(["push", "-q", "origin", "chore/rampart"]);
    expect(push.exitCode, push.stdout + push.stderr).toBe(0);
    const ci = await cli(["signatures", "verify", "origin/main..HEAD", "--policy-rev", "origin/main", "--no-cache"]);
    expect(ci.exitCode, ci.stderr).toBe(0);
    expect(ci.stdout + ci.stderr).toContain("signatures/no-signers");
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    await repo.git(["-c", "commit.gpgsign=false", "commit", "-qm", "feat: two"]);
    const refused = await repo.gitResult(["push", "-q", "origin", "chore/rampart"]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("signatures/unsigned");
  });
});
