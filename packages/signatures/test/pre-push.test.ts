import { gitRepo } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { checkPrePush, parsePrePushLines } from "../src/index.js";
import { signedRepo, signerLine, sshCommit } from "./fixtures.js";
import { makeSshKey } from "./keys.js";

const ZERO = "0".repeat(40);

async function setup() {
  const s = await signedRepo(["alice", "carol"], (k) => signerLine("alice@example.org", k.alice!));
  const remote = await gitRepo({}, { bare: true });
  await s.repo.git(["remote", "add", "origin", remote.dir]);
  const check = (lines: string[]) =>
    checkPrePush({
      cwd: s.repo.dir,
      env: s.repo.env,
      remote: "origin",
      url: remote.dir,
      stdinLines: lines,
      cache: false,
    });
  return { ...s, remote, check };
}

test("first push to an empty remote checks everything after the trust root: unsigned refused, signed passes", async () => {
  const { keys, commit, check } = await setup();
  const good = await commit("signed", keys.alice);
  let r = await check([`refs/heads/main ${good} refs/heads/main ${ZERO}`]);
  expect(r.ok).toBe(true);
  expect(r.stats).toMatchObject({ commits: 2, good: 2, exempt: 0, refs: 1 }); // no trust root: the root is judged too
  const bad = await commit("unsigned");
  r = await check([`refs/heads/main ${bad} refs/heads/main ${ZERO}`]);
  expect(r.ok).toBe(false);
  expect(r.findings.map((f) => [f.ruleId, f.commit])).toEqual([["signatures/unsigned", bad]]);
});

test("new branch, fast-forward, force push, deletion, unknown remote tip and tags", async () => {
  const { repo, keys, commit, check } = await setup();
  const base = await commit("signed", keys.alice);
  await repo.git(["push", "-q", "origin", "main"]);
  // A new branch: only what no origin ref has is checked.
  await repo.git(["checkout", "-q", "-b", "feature"]);
  const feat = await commit("feature work", keys.alice);
  let r = await check([`refs/heads/feature ${feat} refs/heads/feature ${ZERO}`]);
  expect(r.stats).toMatchObject({ commits: 1, good: 1 });
  // Fast-forward: remote..local.
  await repo.git(["checkout", "-q", "main"]);
  const ff = await commit("unsigned on main");
  r = await check([`refs/heads/main ${ff} refs/heads/main ${base}`]);
  expect(r.findings.map((f) => f.commit)).toEqual([ff]);
  // Force push: a rewritten main (the old tip is not an ancestor) checks the new commits only.
  await repo.git(["reset", "-q", "--hard", base]);
  await repo.git(["commit", "-q", "--amend", "--allow-empty", "-m", "rewritten, unsigned"]);
  const forced = await repo.git(["rev-parse", "HEAD"]);
  r = await check([`refs/heads/main ${forced} refs/heads/main ${base}`]);
  expect(r.findings.map((f) => f.commit)).toEqual([forced]);
  // Deletion: nothing to check.
  r = await check([`(delete) ${ZERO} refs/heads/feature ${feat}`]);
  expect(r).toMatchObject({ ok: true, stats: { refs: 0, commits: 0 } });
  // A remote tip this clone never saw (someone else pushed): fall back to --not --remotes=origin.
  r = await check([`refs/heads/main ${feat} refs/heads/main ${"e".repeat(40)}`]);
  expect(r).toMatchObject({ ok: true, stats: { commits: 1 } });
  // Tags: a signed annotated tag is verified; carol's key is not in the policy.
  await repo.git(["checkout", "-q", "feature"]);
  await repo.git(["-c", "gpg.format=ssh", "-c", `user.signingkey=${keys.carol!.path}`, "tag", "-s", "-m", "rel", "v1"]);
  const tag = await repo.git(["rev-parse", "v1"]);
  r = await check([`refs/tags/v1 ${tag} refs/tags/v1 ${ZERO}`]);
  expect(r.findings.map((f) => [f.ruleId, f.commit])).toEqual([["signatures/unknown-key", tag]]);
});

test("protectedBranches in the remote tip's policy limits which branches are checked", async () => {
  const { repo, check } = await signedRepo(
    ["alice"],
    (k) => signerLine("alice@example.org", k.alice!),
    "  protectedBranches: [main, release/*]\n",
  ).then(async (s) => {
    const remote = await gitRepo({}, { bare: true });
    await s.repo.git(["remote", "add", "origin", remote.dir]);
    const check = (lines: string[]) =>
      checkPrePush({ cwd: s.repo.dir, env: s.repo.env, remote: "origin", stdinLines: lines, cache: false });
    return { ...s, check };
  });
  await repo.git(["commit", "-q", "--allow-empty", "-m", "unsigned"]);
  const tip = await repo.git(["rev-parse", "HEAD"]);
  expect((await check([`refs/heads/x ${tip} refs/heads/wip ${ZERO}`])).ok).toBe(true);
  expect((await check([`refs/heads/x ${tip} refs/heads/release/1.0 ${ZERO}`])).ok).toBe(false);
});

test("malformed pre-push input is a clear error naming the line", () => {
  expect(() => parsePrePushLines(["refs/heads/main abc"])).toThrow(/line 1/);
});

test("the trust root exempts history before adoption on a first push (revs that hold their own --not)", async () => {
  const repo = await gitRepo({ "a.txt": "1\n" });
  await repo.commit("unsigned history", { allowEmpty: true });
  const alice = await makeSshKey(repo.home, "alice");
  repo.write(".rampart/allowed_signers", signerLine("alice@example.org", alice));
  repo.write(".rampart/config.yaml", "signatures:\n  required: true\n");
  const adopt = await sshCommit(repo, "adopt", alice);
  await sshCommit(repo, "unsigned, but before the pin");
  repo.write(".rampart/config.yaml", `signatures:\n  required: true\n  since: ${adopt}\n`);
  await sshCommit(repo, "pin the trust root (unsigned: refused)");
  const tip = await sshCommit(repo, "signed", alice);
  const remote = await gitRepo({}, { bare: true });
  await repo.git(["remote", "add", "origin", remote.dir]);
  const r = await checkPrePush({
    cwd: repo.dir,
    env: repo.env,
    remote: "origin",
    stdinLines: [`refs/heads/main ${tip} refs/heads/main ${ZERO}`],
    cache: false,
  });
  // root and "unsigned history" have no policy in their parent; adopt is the root; after it, two unsigned commits fail
  expect(r.verdicts.map((v) => v.verdict)).toEqual(["good", "unsigned", "unsigned", "exempt", "exempt", "exempt"]);
  expect(r.stats).toMatchObject({ commits: 6, exempt: 3, failed: 2 });
});

test("unsigned work on pre-adoption history, merged forward, cannot exempt itself once a trust root is pinned", async () => {
  const repo = await gitRepo({ "a.txt": "1\n" });
  const old = await repo.git(["rev-parse", "HEAD"]);
  const alice = await makeSshKey(repo.home, "alice");
  repo.write(".rampart/allowed_signers", signerLine("alice@example.org", alice));
  repo.write(".rampart/config.yaml", "signatures:\n  required: true\n");
  const adopt = await sshCommit(repo, "adopt", alice);
  repo.write(".rampart/config.yaml", `signatures:\n  required: true\n  since: ${adopt}\n`);
  const main = await sshCommit(repo, "pin the trust root", alice);
  const remote = await gitRepo({}, { bare: true });
  await repo.git(["remote", "add", "origin", remote.dir]);
  await repo.git(["push", "-q", "origin", "main"]);
  // The attack: a commit on the old, policy-free history, then main merged into it (first parent:
  // the old side), which fast-forwards main.
  await repo.git(["checkout", "-q", "-b", "sneak", old]);
  const x = await sshCommit(repo, "unsigned work on old history");
  await repo.git(["merge", "-q", "--no-ff", "-m", "merge main into it", "main"]);
  const m = await repo.git(["rev-parse", "HEAD"]);
  const r = await checkPrePush({
    cwd: repo.dir,
    env: repo.env,
    remote: "origin",
    stdinLines: [`refs/heads/sneak ${m} refs/heads/main ${main}`],
    cache: false,
  });
  expect(r.ok).toBe(false);
  const v = new Map(r.verdicts.map((x) => [x.commit, x.verdict]));
  expect(v.get(x)).toBe("unsigned");
  expect(v.get(m)).toBe("unsigned");
  expect(r.findings.filter((f) => f.commit === m).map((f) => f.ruleId)).toContain(
    "signatures/policy-change-unauthorized",
  );
});
