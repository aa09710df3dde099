import { gitRepo } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { checkPrePush, parsePrePushLines } from "../src/index.js";
import { signedRepo, signerLine } from "./fixtures.js";

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
  expect(r.stats).toMatchObject({ commits: 2, good: 1, exempt: 1, refs: 1 });
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
