import { gitRepo, runCli } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { scanHistory } from "../src/history.js";
import { scanRange } from "../src/range.js";
import { githubToken, tokenLine } from "./synthetic.js";

const noBaseline = { baseline: false } as const;

async function threeCommits() {
  const repo = await gitRepo({ "a.txt": "a\n" });
  await repo.git(["commit", "-q", "--amend", "--no-edit", "--date=2020-01-01T00:00:00Z"], {
    env: { ...repo.env, GIT_COMMITTER_DATE: "2020-01-01T00:00:00Z" },
  });
  repo.write("old.js", tokenLine(githubToken(81)));
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "-m", "old"], { env: { ...repo.env, GIT_COMMITTER_DATE: "2021-01-01T00:00:00Z" } });
  repo.write("new.js", tokenLine(githubToken(82)));
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "-m", "new"], { env: { ...repo.env, GIT_COMMITTER_DATE: "2024-06-01T00:00:00Z" } });
  return repo;
}

describe("narrowing and progress of history scans", () => {
  it("--since and --max-commits narrow --all-history and --range; progress counts every commit", async () => {
    const repo = await threeCommits();
    const all = await scanHistory({ cwd: repo.dir, jobs: 1, ...noBaseline });
    expect(all.findings.map((f) => f.file)).toEqual(["new.js", "old.js"]);
    const since = await scanHistory({ cwd: repo.dir, jobs: 1, since: "2022-01-01", ...noBaseline });
    expect(since.findings.map((f) => f.file)).toEqual(["new.js"]);
    expect(since.stats.commits).toBe(1);
    const newest = await scanHistory({ cwd: repo.dir, jobs: 1, maxCommits: 2, ...noBaseline });
    expect(newest.stats.commits).toBe(2);
    const ranged = await scanRange({ cwd: repo.dir, range: "HEAD", maxCommits: 1, ...noBaseline });
    expect(ranged.findings.map((f) => f.file)).toEqual(["new.js"]);
    const seen: Array<[number, number]> = [];
    await scanHistory({ cwd: repo.dir, jobs: 1, onProgress: (d, t) => seen.push([d, t]), ...noBaseline });
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it("refuses a date git would misread and a bad count, instead of narrowing silently", async () => {
    const repo = await threeCommits();
    await expect(scanHistory({ cwd: repo.dir, since: "yesterdayish" })).rejects.toMatchObject({
      code: "USAGE_INVALID",
    });
    await expect(scanHistory({ cwd: repo.dir, maxCommits: 0 })).rejects.toMatchObject({ code: "USAGE_INVALID" });
    const cli = await runCli(["secrets", "scan", "--all-history", "--since", "2022-01-01", "--format", "json"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(JSON.parse(cli.stdout).findings.map((f: { file: string }) => f.file)).toEqual(["new.js"]);
    const bad = await runCli(["secrets", "scan", "--since", "2022-01-01"], { cwd: repo.dir, env: repo.env });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("--since and --max-commits narrow");
    const count = await runCli(["secrets", "scan", "--all-history", "--max-commits", "x"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(count.exitCode).toBe(2);
  });
});

describe("what refs hold outside commits", () => {
  it("--all-history scans annotated tags' messages and blobs or trees a ref names, which rev-list --all never lists", async () => {
    const repo = await gitRepo({ "a.txt": "a\n" });
    // A tag message on a clean commit, a tag of that tag, a lightweight tag of a blob and an
    // annotated one of a tree: no commit holds any of these keys.
    await repo.git(["tag", "-a", "v1", "-m", `release\n\n${tokenLine(githubToken(91))}`]);
    await repo.git(["tag", "-a", "v1-again", "-m", "again", "v1"]);
    const blob = (await repo.git(["hash-object", "-w", "--stdin"], { input: tokenLine(githubToken(92)) })).trim();
    await repo.git(["tag", "key-file", blob]);
    const inner = (await repo.git(["hash-object", "-w", "--stdin"], { input: tokenLine(githubToken(93)) })).trim();
    const tree = (await repo.git(["mktree"], { input: `100644 blob ${inner}\tdeploy.js\n` })).trim();
    await repo.git(["tag", "-a", "key-tree", "-m", "a tree", tree]);
    await repo.git(["update-ref", "refs/custom/file", blob]);
    for (const jobs of [1, 2]) {
      const r = await scanHistory({ cwd: repo.dir, jobs, ...noBaseline });
      expect(r.findings.map((f) => f.file).sort()).toEqual([
        "refs/custom/file",
        "refs/tags/key-tree:deploy.js",
        "tag v1",
      ]);
    }
    const cli = await runCli(["secrets", "scan", "--all-history", "--format", "json"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(cli.exitCode).toBe(1);
    expect(JSON.parse(cli.stdout).findings.length).toBe(3);
  });
});
