import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { scanHistory } from "../src/history.js";
import { scanRange } from "../src/range.js";
import { githubToken, tokenLine } from "./synthetic.js";

const noBaseline = { baseline: false } as const;

describe("scanRange", () => {
  it("reports the lines the commits in A..B added, with the commit that added them", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    repo.write("a.js", tokenLine(githubToken(1)));
    const c1 = await repo.commit("add a");
    repo.write("b.js", `x\n${tokenLine(githubToken(2))}`);
    const c2 = await repo.commit("add b");
    const r = await scanRange({ cwd: repo.dir, range: `${base}..HEAD`, ...noBaseline });
    expect(r.findings.map((f) => [f.file, f.line, f.commit])).toEqual([
      ["a.js", 1, c1],
      ["b.js", 2, c2],
    ]);
    expect(r.stats.commits).toBe(2);
    const later = await scanRange({ cwd: repo.dir, range: `${c1}..HEAD`, ...noBaseline });
    expect(later.findings.map((f) => f.file)).toEqual(["b.js"]);
  });

  it("a tip naming an annotated tag (CI on a tag push): the tag's message and tagger are scanned, a commit tip adds nothing", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    // A tag of main's tip: no commit is new, the key is only in the tag object (and a tag of it).
    await repo.git(["tag", "-a", "v1", "-m", `release\n\n${tokenLine(githubToken(5))}`]);
    await repo.git(["tag", "-a", "v1-outer", "-m", `outer\n${tokenLine(githubToken(6))}`, "v1"]);
    const tagged = await scanRange({ cwd: repo.dir, range: `${base}..refs/tags/v1-outer`, ...noBaseline });
    expect(tagged.stats.commits).toBe(0);
    expect(tagged.findings.map((f) => f.file).sort()).toEqual(["tag v1", "tag v1-outer"]);
    const plain = await scanRange({ cwd: repo.dir, range: `${base}..HEAD`, ...noBaseline });
    expect(plain.findings).toEqual([]);
  });

  it("handles a merge: branch secrets once, in the commit that wrote them; the merge's own edits too", async () => {
    const repo = await gitRepo({ "shared.txt": "a\nb\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    await repo.git(["checkout", "-q", "-b", "feature"]);
    repo.write("feature.js", tokenLine(githubToken(3)));
    repo.write("shared.txt", "a\nfeature\n");
    const featureCommit = await repo.commit("feature work");
    await repo.git(["checkout", "-q", "main"]);
    repo.write("shared.txt", "a\nmain\n");
    await repo.commit("main work");
    await repo.gitResult(["merge", "-q", "--no-edit", "feature"]); // conflicts in shared.txt
    repo.write("shared.txt", `a\nresolved\n${tokenLine(githubToken(4))}`);
    const merge = await repo.commit("merge feature");
    const r = await scanRange({ cwd: repo.dir, range: `${base}..main`, ...noBaseline });
    expect(r.findings.map((f) => [f.file, f.commit])).toEqual([
      ["feature.js", featureCommit],
      ["shared.txt", merge],
    ]);
  });

  it("keeps odd file names exact and flags sensitive files a commit adds", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    repo.write("new\nline ü.js", tokenLine(githubToken(7)));
    repo.write("deploy/.env", "DEBUG=1\nDB_PASSWORD=hunter2hunter\n");
    repo.write("keys/store.p12", Buffer.from([0x30, 0x82, 0, 1, 0, 2]));
    await repo.commit("odd names");
    await repo.git(["rm", "-q", "deploy/.env"]);
    await repo.commit("remove the env file"); // a deletion adds nothing to report
    const r = await scanRange({ cwd: repo.dir, range: `${base}..HEAD`, ...noBaseline });
    expect(r.findings.map((f) => [f.file, f.ruleId])).toEqual([
      ["deploy/.env", "sensitive-file-dotenv"],
      ["keys/store.p12", "sensitive-file-keystore"],
      ["new\nline ü.js", "github-pat"],
    ]);
  });

  it("judges files git shows as binary by their content (a -diff attribute hides nothing)", async () => {
    const repo = await gitRepo({ ".gitattributes": "hidden.txt -diff\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    repo.write("hidden.txt", tokenLine(githubToken(8)));
    repo.write("image.bin", Buffer.from([0, 1, 2, 3]));
    const c = await repo.commit("hide");
    const r = await scanRange({ cwd: repo.dir, range: `${base}..HEAD`, ...noBaseline });
    expect(r.findings.filter((f) => f.severity === "error").map((f) => [f.file, f.commit])).toEqual([
      ["hidden.txt", c],
    ]);
    expect(r.findings.filter((f) => f.severity === "warning").map((f) => f.ruleId)).toEqual(["file-binary"]);
    expect(r.stats.skippedBinary).toBe(1);
    expect(r.stats.skippedBinaryFiles).toEqual(["image.bin"]);
  });

  it("says clearly when the range does not exist", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    await expect(scanRange({ cwd: repo.dir, range: "nope..HEAD" })).rejects.toMatchObject({
      code: "SECRETS_RANGE_INVALID",
    });
  });
});

describe("scanHistory", () => {
  it("finds a secret that a later commit removed, and one on a branch never merged", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    repo.write("leak.js", tokenLine(githubToken(5)));
    const leak = await repo.commit("oops");
    repo.write("leak.js", "// removed\n");
    await repo.commit("remove");
    await repo.git(["checkout", "-q", "-b", "side"]);
    repo.write("side.js", tokenLine(githubToken(6)));
    const side = await repo.commit("side");
    await repo.git(["checkout", "-q", "main"]);
    // A user's config must not change what is parsed.
    for (const [k, v] of [
      ["log.showRoot", "false"],
      ["log.showSignature", "true"],
      ["diff.relative", "true"],
      ["diff.noprefix", "true"],
    ]) {
      await repo.git(["config", k as string, v as string]);
    }
    // A user's config must not change what is parsed.
    const userConfig = [
      ["log.showRoot", "false"],
      ["log.showSignature", "true"],
      ["diff.relative", "true"],
      ["diff.noprefix", "true"],
    ] as const;
    for (const [k, v] of userConfig) await repo.git(["config", k, v]);
    const r = await scanHistory({ cwd: repo.dir, ...noBaseline, jobs: 1 });
    expect(r.findings.map((f) => [f.file, f.commit])).toEqual([
      ["leak.js", leak],
      ["side.js", side],
    ]);
    expect(r.stats.commits).toBe(4);
  });

  it("finds a secret in the root commit whatever log.showRoot says", async () => {
    const repo = await gitRepo({ "first.js": tokenLine(githubToken(9)) });
    await repo.git(["config", "log.showRoot", "false"]);
    const r = await scanHistory({ cwd: repo.dir, ...noBaseline, jobs: 1 });
    expect(r.findings.map((f) => f.file)).toEqual(["first.js"]);
  });

  it("scans an empty repository without error", async () => {
    const repo = await gitRepo({}, { commit: false });
    const r = await scanHistory({ cwd: repo.dir, ...noBaseline });
    expect(r).toMatchObject({ ok: true, findings: [] });
  });
});
