import { symlinkSync, unlinkSync } from "node:fs";
import { type GitRepo, gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { scanHistory } from "../src/history.js";
import { scanRange } from "../src/range.js";
import { scanStaged } from "../src/staged.js";
import { ALNUM, B64, rnd } from "./support/secrets.js";
import { awsAccessKeyId, githubToken, tokenLine } from "./synthetic.js";

// Commit shapes and contents that once made the patch parser attribute lines to the wrong file
// (or to none): each secret below must be reported at its own file and line, in staged scans,
// range scans and history alike.

const noBaseline = { baseline: false } as const;

/** Runs the staged scan on what is staged, then commits it and runs the range scan on that commit. */
async function bothScans(repo: GitRepo, policy: Record<string, unknown> = {}) {
  await repo.git(["add", "-A"]);
  const staged = await scanStaged({ cwd: repo.dir, policy, ...noBaseline });
  const before = await repo.git(["rev-parse", "HEAD"]);
  const commit = await repo.commit("change");
  const range = await scanRange({ cwd: repo.dir, range: `${before}..HEAD`, policy, ...noBaseline });
  return { staged, range, commit };
}

/** The errors (secrets); warnings about files not fully scanned are checked where they matter. */
const where = (r: { findings: Array<{ file?: string; line?: number; ruleId: string; severity: string }> }) =>
  r.findings.filter((f) => f.severity === "error").map((f) => [f.file, f.line, f.ruleId]);

describe("what a commit adds, whatever its shape", () => {
  it("a symlink turned into a file (type change) does not shift the next file's lines", async () => {
    const repo = await gitRepo({ "a.txt": "x\n", "zz/vendor.txt": "v1\n" });
    symlinkSync("a.txt", repo.path("link"));
    await repo.commit("link");
    unlinkSync(repo.path("link"));
    repo.write("link", `one\n${tokenLine(githubToken(11))}`);
    repo.write("zz/vendor.txt", "v2\n");
    // zz/ is ignored: a line attributed to it would vanish
    const { staged, range } = await bothScans(repo, { ignorePaths: ["zz/**"] });
    expect(where(staged)).toEqual([["link", 2, "github-pat"]]);
    expect(where(range)).toEqual([["link", 2, "github-pat"]]);
  });

  it("a file turned into a submodule and back, and mode-only changes, add only what is new", async () => {
    const repo = await gitRepo({ "sub/x.txt": "x\n", "run.sh": "echo\n" });
    const head = await repo.git(["rev-parse", "HEAD"]);
    await repo.git(["rm", "-q", "-r", "sub"]);
    await repo.git(["update-index", "--add", "--cacheinfo", `160000,${head},sub`]);
    await repo.git(["update-index", "--chmod=+x", "run.sh"]);
    await repo.git(["commit", "-q", "-m", "submodule"]);
    await repo.git(["rm", "-q", "--cached", "sub"]);
    repo.write("sub", tokenLine(githubToken(12)));
    const { staged, range } = await bothScans(repo);
    expect(where(staged)).toEqual([["sub", 1, "github-pat"]]);
    expect(where(range)).toEqual([["sub", 1, "github-pat"]]);
  });

  it("lines that look like diff headers, \\r, U+2028 and control bytes stay in their file", async () => {
    const repo = await gitRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    const tricky = [
      "x\rdiff --git a/b.txt b/b.txt",
      "y\u2028@@ -1 +1,9 @@",
      "z\u2029+++ b/c.txt",
      "diff --git a/c b/c",
      "\x01\x02\x00 \x1b[31m",
      "\\ No newline at end of file",
      "Binary files a/b.txt and b/b.txt differ",
    ].join("\n");
    // The NUL byte sits past the first 8000 bytes, where git (and rampart) still call the file text.
    repo.write("a.txt", `a\n${"#".repeat(9000)}\n${tricky}\n`);
    repo.write("b.txt", `b\n${tokenLine(githubToken(13))}`);
    repo.write("c.txt", `c\n\n${tokenLine(githubToken(14))}`);
    const { staged, range } = await bothScans(repo);
    const want = [
      ["b.txt", 2, "github-pat"],
      ["c.txt", 3, "github-pat"],
    ];
    expect(where(staged)).toEqual(want);
    expect(where(range)).toEqual(want);
  });

  it("an octopus merge's own edits are scanned; its branches' secrets are reported once", async () => {
    const repo = await gitRepo({ "shared.txt": "base\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    const branchCommits: string[] = [];
    for (const [i, name] of ["b1", "b2", "b3"].entries()) {
      await repo.git(["checkout", "-q", "-b", name, base]);
      repo.write(`${name}.js`, tokenLine(githubToken(20 + i)));
      branchCommits.push(await repo.commit(name));
    }
    await repo.git(["checkout", "-q", "main"]);
    await repo.git(["merge", "-q", "--no-commit", "b1", "b2", "b3"]);
    repo.write("shared.txt", `base\n${tokenLine(githubToken(30))}`); // the merge's own ("evil") edit
    const merge = await repo.commit("octopus");
    expect((await repo.git(["rev-list", "--parents", "-n1", "HEAD"])).split(" ")).toHaveLength(4);
    const r = await scanRange({ cwd: repo.dir, range: `${base}..HEAD`, ...noBaseline });
    expect(r.findings.map((f) => [f.file, f.line, f.commit])).toEqual([
      ["b1.js", 1, branchCommits[0]],
      ["b2.js", 1, branchCommits[1]],
      ["b3.js", 1, branchCommits[2]],
      ["shared.txt", 2, merge],
    ]);
    const h = await scanHistory({ cwd: repo.dir, jobs: 1, ...noBaseline });
    expect(h.findings).toHaveLength(4);
  });

  it("commit messages are scanned in ranges and history, and name the commit", async () => {
    const repo = await gitRepo({ "a.txt": "a\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    repo.write("a.txt", "b\n");
    const c = await repo.commit(`fix the deploy\n\nused ${githubToken(40)} to test`);
    const r = await scanRange({ cwd: repo.dir, range: `${base}..HEAD`, ...noBaseline });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: "github-pat", commit: c, line: 3 });
    expect(r.findings[0]?.file).toBeUndefined();
    expect(r.findings[0]?.message).toContain("commit message");
    expect(JSON.stringify(r.findings)).not.toContain(githubToken(40));
    const h = await scanHistory({ cwd: repo.dir, jobs: 1, ...noBaseline });
    expect(h.findings.map((f) => f.commit)).toEqual([c]);
  });

  it("UTF-16 files (BOM, LE and BE) are decoded and scanned, not skipped as binary", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`x\r\n${tokenLine(githubToken(50))}`, "utf16le")]);
    const beBody = Buffer.from(`y\n${tokenLine(githubToken(51))}`, "utf16le").swap16();
    repo.write("le.ps1", le);
    repo.write("be.txt", Buffer.concat([Buffer.from([0xfe, 0xff]), beBody]));
    repo.write("nobom.txt", Buffer.from(`z\n${tokenLine(githubToken(52))}`, "utf16le"));
    const { staged, range } = await bothScans(repo);
    const want = [
      ["be.txt", 2, "github-pat"],
      ["le.ps1", 2, "github-pat"],
      ["nobom.txt", 2, "github-pat"],
    ];
    expect(where(staged)).toEqual(want);
    expect(where(range)).toEqual(want);
    expect(staged.stats.skippedBinary).toBe(0);
  });

  it("one long line does not switch rules off for the rest of the file", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    const dataUri = `const logo = "data:image/png;base64,${"iVBORw0KGgo".repeat(600)}";`;
    const secret = ["db_pass", 'word = "q8Zr4TfW2', 'mLx9BvN3cKp";'].join("");
    repo.write("app.js", `${dataUri}\n${secret}\n`);
    const { staged, range } = await bothScans(repo);
    expect(where(staged)).toEqual([["app.js", 2, "generic-secret-assignment"]]);
    expect(where(range)).toEqual([["app.js", 2, "generic-secret-assignment"]]);
    expect(staged.stats.generatedFiles).toEqual(["app.js"]);
    for (const r of [staged, range]) {
      const warnings = r.findings.filter((f) => f.severity === "warning");
      expect(warnings.map((f) => [f.ruleId, f.properties?.files])).toEqual([["file-generated-lines", ["app.js"]]]);
    }
  });

  // Padding a line past LONG_LINE, writing the file on one line (JSON, a bundle) or ending its
  // lines with CR or U+2028 must not take a credential out of the rules that know it by its name.
  it("finds named credentials and quoted assignments on a long line, a one-line JSON and a minified file", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    const keyId = awsAccessKeyId(71);
    const awsSecret = rnd(B64, 40);
    const password = `Zq8${rnd(ALNUM, 17)}`;
    const token = `T5k${rnd(ALNUM, 21)}`;
    const apiKey = `x9${rnd(ALNUM, 22)}`;
    const pad = "iVBORw0KGgo".repeat(250);
    // One-line JSON (JSON.stringify writes no line end), its keys after a long value.
    repo.write(
      "config/settings.json",
      JSON.stringify({ logo: pad, aws_access_key_id: keyId, aws_secret_access_key: awsSecret, password }),
    );
    // A minified bundle: one long line of code with a quoted assignment far into it.
    const code = "function a(e){return e&&e.__esModule?e:{default:e}}var b=a(e.load(1));".repeat(40);
    repo.write("dist/bundle.js", `${code}var c={apiToken:"${token}",retries:3};${code}\n`);
    // Minified by its name, lines short: the same rules.
    repo.write("public/app.min.js", `var k={"api_key":"${apiKey}"};\n`);
    // A lockfile's name on a file of the change's own: no name takes a rule away.
    const lockSecret = rnd(B64, 40);
    repo.write("tools/package-lock.json", `{\n  "aws_secret_access_key": "${lockSecret}"\n}\n`);
    // An unquoted shell assignment padded past LONG_LINE with a comment.
    const dbPassword = `Hq2${rnd(ALNUM, 17)}`;
    repo.write("deploy/env.sh", `#!/bin/sh\nexport DB_PASSWORD=${dbPassword} # ${"-".repeat(2100)}\n`);
    const { staged, range } = await bothScans(repo);
    const want = [
      ["config/settings.json", 1, "aws-access-key-id"],
      ["config/settings.json", 1, "aws-secret-access-key"],
      ["config/settings.json", 1, "generic-secret-assignment"],
      ["deploy/env.sh", 2, "generic-secret-assignment"],
      ["dist/bundle.js", 1, "generic-secret-assignment"],
      ["public/app.min.js", 1, "generic-secret-assignment"],
      ["tools/package-lock.json", 2, "aws-secret-access-key"],
    ];
    for (const r of [staged, range]) {
      expect(where(r).sort()).toEqual(want);
      const json = JSON.stringify({ logo: pad, aws_access_key_id: keyId, aws_secret_access_key: awsSecret, password });
      const columns = r.findings
        .filter((f) => f.file === "config/settings.json")
        .map((f) => f.column)
        .sort((x, y) => (x ?? 0) - (y ?? 0));
      expect(columns).toEqual([keyId, awsSecret, password].map((v) => json.indexOf(v) + 1));
      expect(r.stats.generatedFiles.sort()).toEqual(["config/settings.json", "deploy/env.sh", "dist/bundle.js"]);
    }
  });

  it("ends lines at CR, U+2028 and U+2029 too: a file without line feeds is not one generated line", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    const settings = Array.from({ length: 80 }, (_, i) => `SETTING_${i}=value${i}`);
    const values = [0, 1, 2].map(() => `Pw7${rnd(ALNUM, 17)}`);
    const file = (end: string, value: string) => [...settings, `DB_PASSWORD=${value}`, ...settings].join(end) + end;
    repo.write("old-mac.env.txt", file("\r", values[0] as string));
    repo.write("ls.conf", file("\u2028", values[1] as string));
    repo.write("ps.conf", file("\u2029", values[2] as string));
    const { staged, range } = await bothScans(repo);
    for (const r of [staged, range]) {
      // Unquoted values count in ordinary lines: these are, between their CRs or separators.
      expect(where(r).sort()).toEqual([
        ["ls.conf", 1, "generic-secret-assignment"],
        ["old-mac.env.txt", 1, "generic-secret-assignment"],
        ["ps.conf", 1, "generic-secret-assignment"],
      ]);
      expect(r.stats.generatedFiles).toEqual([]);
    }
  });

  it("a long stretch between CRs is generated text, and what follows it on the line keeps its column", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    const secret = `Qw4${rnd(ALNUM, 19)}`;
    const text = `a=1\r${"x".repeat(2100)}\rsecret_key: ${secret}\rb=2\n${tokenLine(githubToken(72))}`;
    repo.write("mixed.txt", text);
    const { staged, range } = await bothScans(repo);
    for (const r of [staged, range]) {
      expect(where(r)).toEqual([
        ["mixed.txt", 1, "generic-secret-assignment"],
        ["mixed.txt", 2, "github-pat"],
      ]);
      const assignment = r.findings.find((f) => f.ruleId === "generic-secret-assignment");
      expect(assignment?.column).toBe(text.indexOf(secret) + 1);
      expect(r.stats.generatedFiles).toEqual(["mixed.txt"]);
    }
  });

  it("in generated text an unquoted name = value is code, not a credential", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    // Shapes of real minified parsers and bundles (prettier, babel, micromark) that a generic
    // assignment rule reads as `token = …` when nothing binds the value with a quote.
    // Assembled here: whole, these lines are findings in ordinary code (the repository scans itself).
    const minified = [
      ["if(138===type){const{loc,start,value,end}=tok", "en,hashEndPos=start+1,hashEndLoc=createPosition(loc)}"],
      ["function P0(e){return Db(e)&&e.keywordTok", 'en===102&&e.name.escapedText==="meta"}'],
      ["(subevents=event[1]._tok", "enizer.events,otherIndex=0,otherIndex<subevents.length)"],
      ["n.password=e.password,r.token=t.accessToken||u,i={apiKey:o.api_key,secret:s,client_secret:k}"],
    ]
      .map((parts) => parts.join(""))
      .join(";");
    repo.write("vendor/parser.js", `${minified.repeat(Math.ceil(2500 / minified.length))}\n`);
    repo.write("vendor/parser.min.js", `${minified}\n`);
    const { staged, range } = await bothScans(repo);
    for (const r of [staged, range]) expect(where(r)).toEqual([]);
  });

  it("in generated text a value with '=' inside, after a comma or before a query's next parameter is still one", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    const pad = ` # ${"-".repeat(2100)}`;
    // What a person or a service writes, not a minifier: each on a line over LONG_LINE.
    const values = {
      equals: `Hq2${rnd(ALNUM, 9)}=${rnd(ALNUM, 8)}`,
      padded: `${rnd(B64, 22)}==`,
      query: `Tk9${rnd(ALNUM, 20)}`,
      csv: `Zr5${rnd(ALNUM, 14)}`,
    };
    repo.write("deploy/equals.env", `DB_PASSWORD=${values.equals}${pad}\n`);
    repo.write("deploy/padded.env", `API_SECRET=${values.padded}${pad}\n`);
    repo.write("deploy/callback.txt", `${pad} token response body: access_token=${values.query}&expires_in=3600\n`);
    repo.write("deploy/users.csv", `${pad} db_password,${values.csv}\n`);
    repo.write("public/login.min.js", `fetch(u,{body:"grant=1&access_token=${values.query}&expires_in=3600"});\n`);
    const { staged, range } = await bothScans(repo);
    for (const r of [staged, range]) {
      expect(where(r).sort()).toEqual([
        ["deploy/callback.txt", 1, "generic-secret-assignment"],
        ["deploy/equals.env", 1, "generic-secret-assignment"],
        ["deploy/padded.env", 1, "generic-secret-assignment"],
        ["deploy/users.csv", 1, "generic-secret-assignment"],
        ["public/login.min.js", 1, "generic-secret-assignment"],
      ]);
      // The value is the secret's whole run, not the query's further parameters.
      const lengths = r.findings
        .filter((f) => f.ruleId === "generic-secret-assignment")
        .map((f) => [f.file, f.properties?.length])
        .sort();
      expect(lengths).toEqual([
        ["deploy/callback.txt", values.query.length],
        ["deploy/equals.env", values.equals.length],
        ["deploy/padded.env", values.padded.length],
        ["deploy/users.csv", values.csv.length],
        ["public/login.min.js", values.query.length],
      ]);
    }
  });

  it("reports binary files it skipped by name", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    repo.write("img/logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    const { staged, range } = await bothScans(repo);
    for (const r of [staged, range]) {
      expect(r.stats.skippedBinaryFiles).toEqual(["img/logo.png"]);
      expect(r.findings.map((f) => [f.ruleId, f.severity, f.properties?.files])).toEqual([
        ["file-binary", "warning", ["img/logo.png"]],
      ]);
      expect(r.findings[0]?.message).toContain("1 binary file(s) scanned as raw bytes only");
      expect(r.ok).toBe(true);
    }
  });

  it("renames, moves and copies of lines already committed add nothing; empty commits are fine", async () => {
    const repo = await gitRepo({ "old/a.js": `${tokenLine(githubToken(60))}x\n`, "b.js": "b\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    await repo.git(["mv", "old/a.js", "new.js"]);
    repo.write("b.js", "b\nmore\n");
    await repo.commit("rename");
    await repo.commit("nothing", { allowEmpty: true });
    const r = await scanRange({ cwd: repo.dir, range: `${base}..HEAD`, ...noBaseline });
    expect(r.findings).toEqual([]);
    expect(r.stats.commits).toBe(2);
  });

  it("a commit with thousands of files attributes each line to its own file", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    for (let i = 0; i < 2000; i++) repo.write(`d${i % 7}/f${i}.txt`, `file ${i}\n`);
    repo.write("d3/f1234.txt", `file 1234\n${tokenLine(githubToken(70))}`);
    await repo.commit("many");
    const r = await scanRange({ cwd: repo.dir, range: `${base}..HEAD`, ...noBaseline });
    expect(where(r)).toEqual([["d3/f1234.txt", 2, "github-pat"]]);
  });
});

describe("a merge being concluded (pre-commit after a conflict)", () => {
  it("only the merge's own edits count as added, as in range scans", async () => {
    const repo = await gitRepo({ "shared.txt": "a\nb\n" });
    await repo.git(["checkout", "-q", "-b", "feature"]);
    repo.write("shared.txt", `a\nfeature\n${tokenLine(githubToken(90))}`);
    await repo.commit("feature work");
    await repo.git(["checkout", "-q", "main"]);
    repo.write("shared.txt", "a\nmain\n");
    await repo.commit("main work");
    await repo.gitResult(["merge", "-q", "--no-edit", "feature"]); // conflicts in shared.txt
    repo.write("shared.txt", `a\nmain\nfeature\n${tokenLine(githubToken(90))}`);
    await repo.git(["add", "-A"]);
    const clean = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(clean.findings).toEqual([]); // the branch's secret was judged in the branch's commit
    repo.write("shared.txt", `a\nmain\nfeature\n${tokenLine(githubToken(90))}${tokenLine(githubToken(91))}`);
    await repo.git(["add", "-A"]);
    const own = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(where(own)).toEqual([["shared.txt", 5, "github-pat"]]);
    // As git runs a pre-commit hook: GIT_DIR and GIT_INDEX_FILE exported.
    const hookEnv = { ...repo.env, GIT_DIR: ".git", GIT_INDEX_FILE: `${repo.dir}/.git/index` };
    const inHook = await scanStaged({ cwd: repo.dir, env: hookEnv, ...noBaseline });
    expect(where(inHook)).toEqual([["shared.txt", 5, "github-pat"]]);
  });
});
