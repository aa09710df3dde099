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
