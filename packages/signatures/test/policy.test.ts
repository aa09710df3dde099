import { readFileSync } from "node:fs";
import { gitRepo } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { verifyRange } from "../src/index.js";
import { signedRepo, signerLine, sshCommit } from "./fixtures.js";
import { makeSshKey } from "./keys.js";

const verdictsOf = async (cwd: string, env: NodeJS.ProcessEnv, extra: object = {}) => {
  const r = await verifyRange({ cwd, env, range: "HEAD", cache: false, ...extra });
  return { result: r, v: new Map(r.verdicts.map((x) => [x.commit, x.verdict])) };
};

test("a policy change signed by an untrusted or non-admin key is rejected; by an admin it passes", async () => {
  const { repo, keys, commit } = await signedRepo(["alice", "bob", "carol"], (k) =>
    [signerLine("alice@example.org", k.alice!), signerLine("bob@example.org", k.bob!)].join(""),
  );
  const original = readFileSync(repo.path(".rampart/allowed_signers"), "utf8");
  const withCarol = original + signerLine("carol@example.org", keys.carol!);
  await repo.git(["branch", "base"]);
  repo.write(".rampart/allowed_signers", withCarol);
  const selfAdded = await commit("carol adds herself", keys.carol);
  await repo.git(["checkout", "-q", "-b", "bob", "base"]);
  repo.write(".rampart/config.yaml", "signatures:\n  required: false\n");
  const bobEdit = await commit("bob relaxes the policy", keys.bob);
  await repo.git(["checkout", "-q", "-b", "admin", "base"]);
  repo.write(".rampart/allowed_signers", withCarol);
  const aliceAdds = await commit("alice adds carol", keys.alice);
  const carolNow = await commit("carol's first commit", keys.carol);
  const r = await verifyRange({ cwd: repo.dir, env: repo.env, revs: ["main", "bob", "admin"], cache: false });
  const v = new Map(r.verdicts.map((x) => [x.commit, x.verdict]));
  const rules = (c: string) => r.findings.filter((f) => f.commit === c).map((f) => f.ruleId);
  expect(v.get(selfAdded)).toBe("key-not-allowed");
  expect(rules(selfAdded)).toEqual(["signatures/key-not-allowed", "signatures/policy-change-unauthorized"]);
  expect(v.get(bobEdit)).toBe("policy-change-unauthorized");
  expect(v.get(aliceAdds)).toBe("good");
  expect(v.get(carolNow)).toBe("good");
});

test("key rotation: old history stays valid, new commits with the retired key fail, a forged date does not help", async () => {
  const { repo, keys, commit } = await signedRepo(["alice", "alice2"], (k) =>
    signerLine("alice@example.org", k.alice!),
  );
  const old1 = await commit("signed with the old key", keys.alice);
  repo.write(
    ".rampart/allowed_signers",
    signerLine("alice@example.org", keys.alice!) + signerLine("alice@example.org", keys.alice2!),
  );
  const add = await commit("add the new key", keys.alice);
  repo.write(".rampart/allowed_signers", signerLine("alice@example.org", keys.alice2!));
  const retire = await commit("retire the old key", keys.alice2);
  const late = await commit("old key after retirement", keys.alice);
  const forged = await sshCommit(repo, "old key, backdated", keys.alice, [], {
    GIT_COMMITTER_DATE: "2001-01-01T00:00:00Z",
    GIT_AUTHOR_DATE: "2001-01-01T00:00:00Z",
  });
  expect(await repo.git(["log", "-1", "--format=%cI", forged])).toBe("2001-01-01T00:00:00+00:00");
  const fresh = await commit("new key", keys.alice2);
  const { v } = await verdictsOf(repo.dir, repo.env);
  expect([old1, add, retire, late, forged, fresh].map((c) => v.get(c))).toEqual([
    "good",
    "good",
    "good",
    "unknown-key",
    "unknown-key",
    "good",
  ]);
});

test("valid-before: a new commit is judged by the clock, a published one by its committer date", async () => {
  const { repo, keys } = await signedRepo(["alice", "bob"], (k) =>
    [signerLine("alice@example.org", k.alice!), signerLine("bob@example.org", k.bob!, 'valid-before="20300101Z"')].join(
      "",
    ),
  );
  const bobs = await sshCommit(repo, "bob, backdated", keys.bob, [], { GIT_COMMITTER_DATE: "2029-06-01T00:00:00Z" });
  expect(await repo.git(["log", "-1", "--format=%cI", bobs])).toBe("2029-06-01T00:00:00+00:00");
  const after2030 = Date.UTC(2031, 0, 1);
  let out = await verdictsOf(repo.dir, repo.env, { now: after2030 });
  expect(out.v.get(bobs)).toBe("key-expired"); // the date is the signer's claim: not trusted for new commits
  out = await verdictsOf(repo.dir, repo.env, { now: Date.UTC(2029, 11, 20) });
  expect(out.v.get(bobs)).toBe("good");
  expect(out.result.findings.map((f) => f.ruleId)).toEqual(["signatures/key-expiring"]);
  // Once published (on a remote-tracking ref), it was accepted at push time: its date counts.
  const remote = await gitRepo({}, { bare: true });
  await repo.git(["remote", "add", "origin", remote.dir]);
  await repo.git(["push", "-q", "origin", "main"]);
  out = await verdictsOf(repo.dir, repo.env, { now: after2030 });
  expect(out.v.get(bobs)).toBe("good");
});

test("DCO: Signed-off-by must match the author when dco is on", async () => {
  const { repo, keys, commit } = await signedRepo(
    ["alice"],
    (k) => signerLine("alice@example.org", k.alice!),
    "  dco: true\n",
  );
  const ok = await commit("with sign-off", keys.alice, ["-s"]);
  const missing = await commit("without", keys.alice);
  const other = await commit("other person\n\nSigned-off-by: Someone <someone@else.invalid>", keys.alice);
  const { v } = await verdictsOf(repo.dir, repo.env);
  expect([ok, missing, other].map((c) => v.get(c))).toEqual(["good", "dco-missing", "dco-missing"]);
});

test("merges and octopus merges are judged by the first parent's policy; mergetag signatures count", async () => {
  const { repo, keys, commit } = await signedRepo(["alice", "bob", "carol"], (k) =>
    [signerLine("alice@example.org", k.alice!), signerLine("bob@example.org", k.bob!)].join(""),
  );
  await repo.git(["checkout", "-q", "-b", "b1"]);
  const b1 = await commit("b1", keys.bob);
  await repo.git(["checkout", "-q", "-b", "b2", "main"]);
  const b2 = await commit("b2", keys.bob);
  await repo.git(["checkout", "-q", "-b", "b3", "main"]);
  await commit("b3", keys.bob);
  await repo.git(["checkout", "-q", "-b", "b4", "main"]);
  await commit("b4", keys.bob);
  await repo.git(["-c", "gpg.format=ssh", "-c", `user.signingkey=${keys.carol!.path}`, "tag", "-s", "-m", "t", "v4"]);
  await repo.git(["checkout", "-q", "main"]);
  await repo.git([
    "-c",
    "gpg.format=ssh",
    "-c",
    `user.signingkey=${keys.alice!.path}`,
    "merge",
    "-q",
    "-S",
    "--no-ff",
    "-m",
    "octopus",
    "b1",
    "b2",
  ]);
  const octopus = await repo.git(["rev-parse", "HEAD"]);
  await repo.git(["merge", "-q", "--no-ff", "-m", "unsigned merge", "b3"]);
  const unsignedMerge = await repo.git(["rev-parse", "HEAD"]);
  await repo.git([
    "-c",
    "gpg.format=ssh",
    "-c",
    `user.signingkey=${keys.alice!.path}`,
    "merge",
    "-q",
    "-S",
    "--no-ff",
    "-m",
    "merge tag",
    "v4",
  ]);
  const tagMerge = await repo.git(["rev-parse", "HEAD"]);
  expect(await repo.git(["cat-file", "commit", tagMerge])).toContain("mergetag object");
  const { v } = await verdictsOf(repo.dir, repo.env);
  expect((await repo.git(["rev-list", "--parents", "-n1", octopus])).split(" ")).toHaveLength(4);
  expect([b1, b2, octopus, unsignedMerge, tagMerge].map((c) => v.get(c))).toEqual([
    "good",
    "good",
    "good",
    "unsigned",
    "unknown-key", // the merged tag v4 was signed by carol, whom the policy does not know
  ]);
  const tags = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", tags: ["v4"], cache: false });
  expect(tags.verdicts.find((x) => x.subject === "tag v4")?.verdict).toBe("unknown-key");
});

test("trust root: commits up to `since` are exempt; --policy-rev judges a PR by the base's policy", async () => {
  const repo = await gitRepo({ "a.txt": "1\n" });
  const early = await repo.commit("unsigned history 2", { allowEmpty: true });
  const alice = await makeSshKey(repo.home, "alice");
  const carol = await makeSshKey(repo.home, "carol");
  repo.write(".rampart/allowed_signers", signerLine("alice@example.org", alice));
  repo.write(".rampart/config.yaml", "signatures:\n  required: true\n");
  const adopt = await sshCommit(repo, "adopt", alice);
  repo.write(".rampart/config.yaml", `signatures:\n  required: true\n  since: ${adopt}\n`);
  const pin = await sshCommit(repo, "pin the trust root", alice);
  await repo.git(["checkout", "-q", "-b", "pr"]);
  repo.write(
    ".rampart/allowed_signers",
    signerLine("alice@example.org", alice) + signerLine("carol@example.org", carol),
  );
  const prPolicy = await sshCommit(repo, "pr: trust carol", carol);
  const prWork = await sshCommit(repo, "pr: work", carol);
  const all = await verdictsOf(repo.dir, repo.env);
  expect([early, adopt, pin].map((c) => all.v.get(c))).toEqual(["exempt", "exempt", "good"]);
  expect(all.v.get(prWork)).toBe("good"); // judged by the PR's own (polluted) policy...
  expect(all.v.get(prPolicy)).toBe("key-not-allowed"); // ...but the change itself fails
  const pr = await verifyRange({ cwd: repo.dir, env: repo.env, range: "main..pr", policyFrom: "main", cache: false });
  // newest first: the PR's work (carol unknown to main), then the change that adds her key
  expect(pr.verdicts.map((x) => x.verdict)).toEqual(["unknown-key", "key-not-allowed"]);
});

test("a shallow clone is refused with GIT_SHALLOW_CLONE and the fix", async () => {
  const { repo, keys, commit } = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  await commit("one", keys.alice);
  await commit("two", keys.alice);
  const clone = await gitRepo();
  await clone.git(["clone", "-q", "--depth", "1", `file://${repo.dir}`, "shallow"]);
  await expect(verifyRange({ cwd: clone.path("shallow"), env: clone.env })).rejects.toMatchObject({
    code: "GIT_SHALLOW_CLONE",
    hint: expect.stringContaining("--unshallow"),
  });
});

test("moving the trust root later exempts older failures, cached or not", async () => {
  const { repo, keys, commit } = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  const sloppy = await commit("unsigned, soon before the trust root");
  const first = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD" });
  expect(first.verdicts.find((v) => v.commit === sloppy)?.verdict).toBe("unsigned");
  repo.write(
    ".rampart/config.yaml",
    `signatures:\n  required: true\n  policyAdmins: [alice@example.org]\n  since: ${sloppy}\n`,
  );
  const pin = await commit("pin the trust root", keys.alice);
  const second = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD" });
  expect(second.verdicts.map((v) => [v.commit, v.verdict])).toEqual([
    [pin, "good"],
    [sloppy, "exempt"],
    [await repo.git(["rev-parse", "HEAD~2"]), "exempt"],
  ]);
  expect(second.ok).toBe(true);
});

test("required: false lets unsigned commits pass, warns on unknown keys, still refuses unauthorized policy changes", async () => {
  const { repo, keys, commit } = await signedRepo(
    ["alice", "bob", "carol"],
    (k) => signerLine("alice@example.org", k.alice!) + signerLine("bob@example.org", k.bob!),
  );
  repo.write(".rampart/config.yaml", "signatures:\n  required: false\n  policyAdmins: [alice@example.org]\n");
  await commit("relax", keys.alice);
  const unsigned = await commit("unsigned");
  const unknown = await commit("carol", keys.carol);
  repo.write(".rampart/allowed_signers", `${signerLine("bob@example.org", keys.bob!)}`);
  const coup = await commit("bob removes alice", keys.bob);
  const r = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", cache: false });
  const of = (c: string) => r.findings.filter((f) => f.commit === c).map((f) => [f.ruleId, f.severity]);
  expect(of(unsigned)).toEqual([]);
  expect(of(unknown)).toEqual([["signatures/unknown-key", "warning"]]);
  expect(of(coup)).toEqual([["signatures/policy-change-unauthorized", "error"]]);
  expect(r.ok).toBe(false);
});
