import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { verifyRange } from "../src/index.js";
import { signedRepo, signerLine } from "./fixtures.js";

// The cache remembers a range's commit list under the ids its revisions resolve to, so that a
// cached run spawns no `git rev-list`. Through real git (GIT_TRACE counts the rev-lists): the
// same range is answered from the cache; a moved branch, a replace ref or a damaged entry is
// listed by git again, and its new commits are judged.

async function setup() {
  const s = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  await s.commit("two", s.keys.alice);
  await s.commit("three", s.keys.alice);
  const trace = join(s.repo.home, "git-trace");
  const verify = async (range: string) => {
    rmSync(trace, { force: true });
    const result = await verifyRange({ cwd: s.repo.dir, env: { ...s.repo.env, GIT_TRACE: trace }, range });
    const revLists = existsSync(trace) ? readFileSync(trace, "utf8").match(/built-in: git rev-list /g) : null;
    return { result, revLists: revLists?.length ?? 0 };
  };
  return { ...s, verify, cacheFile: s.repo.path(".git/rampart/signatures-cache.json") };
}

test("a range listed before is answered from the cache; a moved branch is listed again and judged", async () => {
  const { repo, commit, verify } = await setup();
  const first = await verify("main");
  expect(first.result.ok).toBe(true);
  expect(first.revLists).toBe(1);
  const again = await verify("main");
  expect(again.revLists).toBe(0);
  expect(again.result.verdicts).toEqual(first.result.verdicts);
  const unsigned = await commit("unsigned work");
  const moved = await verify("main");
  expect(moved.revLists).toBe(1);
  expect(moved.result.ok).toBe(false);
  expect(moved.result.findings.map((f) => [f.ruleId, f.commit])).toEqual([["signatures/unsigned", unsigned]]);
  // Back where it was: the earlier list is still remembered.
  await repo.git(["reset", "-q", "--hard", "HEAD~1"]);
  const back = await verify("main");
  expect(back.revLists).toBe(0);
  expect(back.result.ok).toBe(true);
  expect((await verify("HEAD~1..main")).result.verdicts.length).toBe(1);
});

test("a replace ref (git shows another history for the same ids) turns the remembered list off", async () => {
  const { repo, verify } = await setup();
  expect((await verify("main")).result.ok).toBe(true);
  // An unsigned commit grafted under HEAD: HEAD's id is unchanged, the history git lists is not.
  const tree = await repo.git(["rev-parse", "HEAD^{tree}"]);
  const stranger = await repo.git(["commit-tree", tree, "-m", "unsigned stranger"]);
  await repo.git(["replace", "--graft", "HEAD~1", stranger]);
  const grafted = await verify("main");
  expect(grafted.revLists).toBeGreaterThan(0);
  expect(grafted.result.findings.map((f) => f.commit)).toContain(stranger);
  expect(grafted.result.ok).toBe(false);
});

test("a damaged list in the cache is a miss: git lists the range again", async () => {
  const { verify, cacheFile } = await setup();
  await verify("main");
  const data = JSON.parse(readFileSync(cacheFile, "utf8")) as { lists: Record<string, string> };
  const keys = Object.keys(data.lists);
  expect(keys.length).toBe(1);
  for (const damaged of ["not ids", "1234\n5678", `${"a".repeat(40)}\n`]) {
    writeFileSync(cacheFile, JSON.stringify({ ...data, lists: { [keys[0]!]: damaged } }));
    const r = await verify("main");
    expect(r.revLists, damaged).toBe(1);
    expect(r.result.verdicts.length).toBe(3);
    expect(r.result.ok).toBe(true);
  }
});

// No range given: the branch since its upstream (else since the trust root, else all of HEAD). The
// run's one rev-parse resolves HEAD and the upstream beside everything else (the upstream asked
// last, so that where there is none, everything before it is printed all the same): a warm run
// starts that one git process whatever the branch's state, and judges what the explicit range does.
test("the default range: a warm run starts one rev-parse, with an upstream, without one, and on a detached HEAD", async () => {
  const { repo, commit, keys } = await setup();
  const trace = join(repo.home, "git-trace");
  const run = async (range?: string, cache = true) => {
    rmSync(trace, { force: true });
    const env = { ...repo.env, GIT_TRACE: trace };
    const result = await verifyRange({ cwd: repo.dir, env, cache, ...(range === undefined ? {} : { range }) });
    const gits = existsSync(trace)
      ? [...readFileSync(trace, "utf8").matchAll(/built-in: git ([a-z-]+)/g)].map((m) => m[1])
      : [];
    return { result, gits };
  };
  const shape = (r: Awaited<ReturnType<typeof verifyRange>>) => ({
    ok: r.ok,
    commits: r.verdicts.map((v) => [v.commit, v.verdict]),
    findings: r.findings.map((f) => [f.ruleId, f.commit]),
  });
  // An upstream that is a remote-tracking branch, as a clone has it, one commit behind.
  const base = await repo.git(["rev-parse", "HEAD"]);
  await repo.git(["config", "remote.origin.url", repo.dir]);
  await repo.git(["config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"]);
  await repo.git(["update-ref", "refs/remotes/origin/main", base]);
  await repo.git(["config", "branch.main.remote", "origin"]);
  await repo.git(["config", "branch.main.merge", "refs/heads/main"]);
  const unsigned = await commit("unsigned work");
  const ahead = await commit("signed work", keys.alice);
  const explicit = await run("origin/main..HEAD");
  expect(shape(explicit.result).commits).toEqual([
    [ahead, "good"],
    [unsigned, "unsigned"],
  ]);
  for (const state of ["upstream", "none", "detached"]) {
    if (state === "none") await repo.git(["config", "--unset", "branch.main.merge"]);
    if (state === "detached") await repo.git(["checkout", "-q", "--detach", "HEAD"]);
    const cold = await run();
    const warm = await run();
    expect(warm.gits, state).toEqual(["rev-parse"]);
    expect(warm.result.stats.cached, state).toBe(warm.result.stats.commits);
    expect(shape(warm.result), state).toEqual(shape(cold.result));
    expect(shape(warm.result), state).toEqual(shape((await run(undefined, false)).result));
    // With an upstream, the branch since it; without one, all of HEAD (no trust root pinned).
    expect(shape(warm.result), state).toEqual(
      shape(state === "upstream" ? explicit.result : (await run("HEAD")).result),
    );
  }
  // No upstream, a trust root pinned (signatures.since): the branch since the trust root.
  await repo.git(["checkout", "-q", "main"]);
  const adopt = await repo.git(["rev-list", "--max-parents=0", "HEAD"]);
  repo.write(
    ".rampart/config.yaml",
    `signatures:\n  required: true\n  policyAdmins: [alice@example.org]\n  since: ${adopt}\n`,
  );
  await commit("pin the trust root", keys.alice);
  const cold = await run();
  const warm = await run();
  await run(`${adopt}..HEAD`);
  const given = await run(`${adopt}..HEAD`);
  // The trust root's own check (cat-file, merge-base) runs either way: no git process more.
  expect(warm.gits.filter((g) => g === "rev-parse")).toEqual(["rev-parse"]);
  expect(warm.gits).toEqual(given.gits);
  expect(shape(warm.result)).toEqual(shape(cold.result));
  expect(shape(warm.result)).toEqual(shape(given.result));
  expect(warm.result.verdicts.map((v) => v.commit)).not.toContain(adopt);
});
