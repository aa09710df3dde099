import { chmodSync, existsSync, readFileSync } from "node:fs";
import { cliBin, gitRepo, runCli } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { signedRepo, signerLine } from "./fixtures.js";

// Through the built bin (build packages/cli first) and real git: a .git/hooks/pre-push that runs
// `rampart signatures pre-push "$@"` refuses an unsigned commit and lets a signed one through.
test("a real pre-push hook refuses an unsigned push to a bare remote and accepts a signed one", async () => {
  const { repo, keys, commit } = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  const remote = await gitRepo({}, { bare: true });
  await repo.git(["remote", "add", "origin", remote.dir]);
  const hook = repo.write(
    ".git/hooks/pre-push",
    `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" signatures pre-push "$@"\n`,
  );
  chmodSync(hook, 0o755);
  await commit("unsigned work");
  const refused = await repo.gitResult(["push", "-q", "origin", "main"]);
  expect(refused.exitCode).not.toBe(0);
  expect(refused.stdout + refused.stderr).toMatch(/signatures\/unsigned/);
  expect(refused.stderr).toMatch(/push refused/);
  expect(await remote.git(["rev-parse", "--verify", "--quiet", "refs/heads/main"], { reject: false })).toBe("");
  await repo.git(["reset", "-q", "--hard", "HEAD~1"]);
  const signed = await commit("signed work", keys.alice);
  const pushed = await repo.gitResult(["push", "-q", "origin", "main"]);
  expect(pushed.stderr).not.toMatch(/refused/);
  expect(pushed.exitCode).toBe(0);
  expect(await remote.git(["rev-parse", "refs/heads/main"])).toBe(signed);
});

test("verify: exit codes 0/1, json and sarif output, the cache makes a re-run free", async () => {
  const { repo, keys, commit } = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  await commit("good", keys.alice);
  let r = await runCli(["signatures", "verify", "--format", "json"], { cwd: repo.dir, env: repo.env });
  expect(r.exitCode).toBe(0);
  expect(r.stderr).toMatch(/2 commit\(s\): 2 good, 0 exempt, 0 failing \(0 from cache\)/);
  const verdicts = (JSON.parse(r.stdout) as { stats: { verdicts: Array<{ verdict: string; principal?: string }> } })
    .stats.verdicts;
  expect(verdicts.map((v) => [v.verdict, v.principal])).toEqual([
    ["good", "alice@example.org"],
    ["good", "alice@example.org"], // no trust root: the adopting root commit is judged too
  ]);
  expect(existsSync(repo.path(".git/rampart/signatures-cache.json"))).toBe(true);
  r = await runCli(["signatures", "verify"], { cwd: repo.dir, env: repo.env });
  expect(r.stderr).toMatch(/\(2 from cache\)/);
  const bad = await commit("unsigned");
  r = await runCli(["signatures", "verify", "--format", "sarif"], { cwd: repo.dir, env: repo.env });
  expect(r.exitCode).toBe(1);
  const sarif = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
  expect(sarif.runs[0]?.results.map((x) => x.ruleId)).toEqual(["signatures/unsigned"]);
  r = await runCli(["signatures", "verify", "--format", "json", "HEAD~1..HEAD"], { cwd: repo.dir, env: repo.env });
  expect(JSON.parse(r.stdout).findings[0].commit).toBe(bad);
  r = await runCli(["signatures", "verify", "--nope"], { cwd: repo.dir, env: repo.env });
  expect(r.exitCode).toBe(2);
  r = await runCli(["signatures", "verify", "does-not-exist"], { cwd: repo.dir, env: repo.env });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  const clone = await gitRepo();
  await clone.git(["clone", "-q", "--depth", "1", `file://${repo.dir}`, "shallow"]);
  r = await runCli(["signatures", "verify"], { cwd: clone.path("shallow"), env: clone.env });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toMatch(/shallow clone/);
  expect(r.stderr).toMatch(/git fetch --unshallow/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test("setup configures SSH signing (generating a key only when asked); add appends a validated entry", async () => {
  const repo = await gitRepo({ "a.txt": "x\n" });
  let r = await runCli(["signatures", "setup"], { cwd: repo.dir, env: repo.env });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toMatch(/--generate/);
  r = await runCli(["signatures", "setup", "--generate"], { cwd: repo.dir, env: repo.env });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toMatch(/^test@rampart\.invalid ssh-ed25519 AAAA\S+\n$/);
  expect(await repo.git(["config", "gpg.format"])).toBe("ssh");
  expect(await repo.git(["config", "commit.gpgsign"])).toBe("true");
  expect(await repo.git(["config", "gpg.ssh.allowedSignersFile"])).toBe(".rampart/allowed_signers");
  const pub = `${await repo.git(["config", "user.signingkey"])}.pub`;
  r = await runCli(["signatures", "add", "test@rampart.invalid", pub, "--valid-before", "20991231Z"], {
    cwd: repo.dir,
    env: repo.env,
  });
  expect(r.exitCode).toBe(0);
  const file = readFileSync(repo.path(".rampart/allowed_signers"), "utf8");
  expect(file).toMatch(/^test@rampart\.invalid valid-before="20991231Z" ssh-ed25519 AAAA\S+\n$/);
  r = await runCli(["signatures", "add", "test@rampart.invalid", pub, "--valid-before", "20991231Z"], {
    cwd: repo.dir,
    env: repo.env,
  });
  expect(r.stderr).toMatch(/already in/);
  // The configured git now signs, and the entry verifies it.
  await repo.commit("signed by setup's key");
  expect((await repo.gitResult(["verify-commit", "HEAD"])).exitCode).toBe(0);
  repo.write("bad.pub", "ssh-ed25519 AAAAnotakey\n");
  r = await runCli(["signatures", "add", "x@example.org", "bad.pub"], { cwd: repo.dir, env: repo.env });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toMatch(/bad\.pub/);
  r = await runCli(["signatures", "setup"], { cwd: repo.dir, env: repo.env });
  expect(r.stderr).toMatch(/already in \.rampart\/allowed_signers/);
});

test("verify --policy-rev judges a branch by the base's policy; --tag verifies an annotated tag", async () => {
  const { repo, keys, commit } = await signedRepo(["alice", "carol"], (k) => signerLine("alice@example.org", k.alice!));
  await commit("base work", keys.alice);
  await repo.git(["checkout", "-q", "-b", "pr"]);
  repo.write(
    ".rampart/allowed_signers",
    signerLine("alice@example.org", keys.alice!) + signerLine("carol@example.org", keys.carol!),
  );
  await commit("pr trusts carol", keys.carol);
  const work = await commit("carol's work", keys.carol);
  let r = await runCli(["signatures", "verify", "main..pr", "--policy-rev", "main", "--format", "json"], {
    cwd: repo.dir,
    env: repo.env,
  });
  expect(r.exitCode).toBe(1);
  const rules = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; commit: string }> }).findings;
  expect(rules.find((f) => f.commit === work)?.ruleId).toBe("signatures/unknown-key");
  await repo.git([
    "-c",
    "gpg.format=ssh",
    "-c",
    `user.signingkey=${keys.alice!.path}`,
    "tag",
    "-s",
    "-m",
    "release",
    "v1",
    "main",
  ]);
  r = await runCli(["signatures", "verify", "main", "--tag", "v1"], { cwd: repo.dir, env: repo.env });
  expect(r.exitCode).toBe(0);
  await repo.git([
    "-c",
    "gpg.format=ssh",
    "-c",
    `user.signingkey=${keys.carol!.path}`,
    "tag",
    "-s",
    "-m",
    "rogue",
    "v2",
    "main",
  ]);
  r = await runCli(["signatures", "verify", "main", "--tag", "v1", "--tag", "v2", "--format", "json"], {
    cwd: repo.dir,
    env: repo.env,
  });
  expect(r.exitCode).toBe(1);
  const findings = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; commit: string }> }).findings;
  expect(findings).toEqual([
    expect.objectContaining({ ruleId: "signatures/unknown-key", commit: await repo.git(["rev-parse", "v2"]) }),
  ]);
});
