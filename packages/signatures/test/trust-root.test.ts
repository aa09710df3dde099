import { gitRepo } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { checkPrePush, verifyRange } from "../src/index.js";
import { signedRepo, signerLine, sshCommit } from "./fixtures.js";

/** A repository with a signature policy and no trust root, pushed to a bare remote. */
async function published() {
  const s = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  await s.commit("signed work", s.keys.alice);
  const remote = await gitRepo({}, { bare: true });
  await s.repo.git(["remote", "add", "origin", remote.dir]);
  await s.repo.git(["push", "-q", "origin", "main"]);
  const tip = await s.repo.git(["rev-parse", "HEAD"]);
  /** An unrelated history: two unsigned commits with no .rampart/ at all. */
  const orphan = async (branch: string) => {
    await s.repo.git(["checkout", "-q", "--orphan", branch]);
    await s.repo.git(["rm", "-rq", "--cached", "."]);
    await s.repo.git(["clean", "-fdq"]);
    s.repo.write("payload.txt", "unreviewed\n");
    const first = await sshCommit(s.repo, "unrelated root");
    s.repo.write("payload.txt", "unreviewed, again\n");
    const second = await sshCommit(s.repo, "unrelated work");
    return [first, second];
  };
  const prePush = (local: string, remoteOid = tip) =>
    checkPrePush({
      cwd: s.repo.dir,
      env: s.repo.env,
      remote: "origin",
      stdinLines: [`refs/heads/main ${local} refs/heads/main ${remoteOid}`],
      cache: false,
    });
  return { ...s, tip, orphan, prePush };
}

const verdictOf = (r: { verdicts: Array<{ commit: string; verdict: string }> }, c: string) =>
  r.verdicts.find((v) => v.commit === c)?.verdict;

test("no trust root: unrelated history merged in as the second parent is judged, not exempt", async () => {
  const { repo, keys, tip, orphan, prePush } = await published();
  const [root, work] = await orphan("side");
  await repo.git(["checkout", "-q", "main"]);
  await repo.git([
    "-c",
    "gpg.format=ssh",
    "-c",
    `user.signingkey=${keys.alice!.path}`,
    "merge",
    "-q",
    "-S",
    "--allow-unrelated-histories",
    "-m",
    "signed merge of unrelated history",
    "side",
  ]);
  const merge = await repo.git(["rev-parse", "HEAD"]);
  const r = await prePush(merge, tip);
  expect(verdictOf(r, merge)).toBe("good");
  expect(verdictOf(r, root!)).toBe("unsigned");
  expect(verdictOf(r, work!)).toBe("unsigned");
  expect(r.ok).toBe(false);
});

test("no trust root: a merge whose first parent is unrelated history cannot exempt itself", async () => {
  const { repo, tip, orphan, prePush } = await published();
  const [root] = await orphan("side");
  // On the unrelated branch, merge main in: the result fast-forwards main, every new commit unsigned.
  await repo.git(["merge", "-q", "--allow-unrelated-histories", "-m", "unsigned merge, unrelated first", "main"]);
  const merge = await repo.git(["rev-parse", "HEAD"]);
  expect(await repo.git(["merge-base", "--is-ancestor", tip, merge]).then(() => true)).toBe(true);
  const r = await prePush(merge, tip);
  expect(verdictOf(r, root!)).toBe("unsigned");
  // its first parent has no policy: judged by the remote's, and the .rampart/ it brings in is a policy change
  expect(verdictOf(r, merge)).toBe("unsigned");
  expect(r.findings.map((f) => f.ruleId)).toContain("signatures/policy-change-unauthorized");
  expect(r.ok).toBe(false);
  // verify, trusting HEAD, agrees: nothing in the range is exempt
  const v = await verifyRange({ cwd: repo.dir, env: repo.env, range: `${tip}..${merge}`, cache: false });
  expect(v.verdicts.map((x) => x.verdict)).not.toContain("exempt");
  expect(v.ok).toBe(false);
});

test("an unrelated history pushed to a remote with refs is judged by the remote's default branch, not as a new history", async () => {
  const { orphan, prePush } = await published();
  const [root, work] = await orphan("side");
  // Before, its oldest commit having no parent made it a new history: its own (absent) policy judged it.
  const r = await prePush(work!, "0".repeat(40));
  expect(verdictOf(r, root!)).toBe("unsigned");
  expect(verdictOf(r, work!)).toBe("unsigned");
  expect(r.ok).toBe(false);
});

test("a trust root this clone does not have, or not in the protected history, stops the run with one clear error", async () => {
  const { repo, keys, commit } = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  const policy = (since: string) =>
    `signatures:\n  required: true\n  policyAdmins: [alice@example.org]\n  since: "${since}"\n`;
  repo.write(".rampart/config.yaml", policy("0123456789abcdef0123456789abcdef01234567"));
  await commit("pin a trust root that is not here", keys.alice);
  const missing = verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", cache: false });
  await expect(missing).rejects.toMatchObject({
    code: "SIGNATURES_TRUST_ROOT_INVALID",
    message: expect.stringMatching(/signatures\.since 0123456789ab .* is not a commit in this clone/),
    hint: expect.stringContaining("fetch-depth: 0"),
  });
  // since on a side branch: not an ancestor of the revision whose policy names it
  await repo.git(["checkout", "-q", "-b", "side"]);
  const side = await commit("side work", keys.alice);
  await repo.git(["checkout", "-q", "main"]);
  repo.write(".rampart/config.yaml", policy(side));
  await commit("pin a trust root from another branch", keys.alice);
  await expect(verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", cache: false })).rejects.toMatchObject({
    code: "SIGNATURES_TRUST_ROOT_INVALID",
    message: expect.stringContaining("is not an ancestor of HEAD"),
  });
  // --policy-rev applies the same rule to the base's trust root
  await expect(
    verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD~1..HEAD", policyFrom: "main", cache: false }),
  ).rejects.toMatchObject({ code: "SIGNATURES_TRUST_ROOT_INVALID" });
});
