import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { scanStaged } from "../src/staged.js";
import { awsAccessKeyId, githubToken, privateKeyPem, tokenLine } from "./synthetic.js";

const noBaseline = { baseline: false } as const;

describe("scanStaged", () => {
  it("judges the staged blob, not the working tree", async () => {
    const repo = await gitRepo({ "app.js": "const a = 1;\n" });
    const token = githubToken(1);
    repo.write("app.js", `const a = 1;\n${tokenLine(token)}`);
    await repo.git(["add", "app.js"]);
    repo.write("app.js", "const a = 1;\n"); // the working tree is clean again, the index is not
    const r = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(r.ok).toBe(false);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ file: "app.js", line: 2, severity: "error", framework: ["SRC-2"] });
  });

  it("ignores a secret that is only in the working tree (partially staged file)", async () => {
    const repo = await gitRepo({ "app.js": "const a = 1;\n" });
    repo.write("app.js", "const a = 1;\nconst b = 2;\n");
    await repo.git(["add", "app.js"]);
    repo.write("app.js", `const a = 1;\nconst b = 2;\n${tokenLine(githubToken(2))}`);
    const r = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it("reports only added lines: a secret already committed is not reported again", async () => {
    const repo = await gitRepo({ "old.js": tokenLine(githubToken(3)) });
    repo.write("old.js", `${tokenLine(githubToken(3))}const x = 1;\n`);
    await repo.git(["add", "old.js"]);
    const r = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(r.findings).toEqual([]);
  });

  it("catches a private key whole when only its end is added", async () => {
    const pem = privateKeyPem();
    const lines = pem.trimEnd().split("\n");
    const head = lines.slice(0, 5).join("\n");
    const repo = await gitRepo({ "key.txt": `intro\n${head}\n` });
    repo.write("key.txt", `intro\n${pem}`);
    await repo.git(["add", "key.txt"]);
    const r = await scanStaged({ cwd: repo.dir, ...noBaseline });
    const key = r.findings.filter((f) => f.file === "key.txt");
    expect(key).toHaveLength(1);
    expect(key[0]?.line).toBe(2);
    expect(key[0]?.properties?.length).toBeGreaterThan(500);
  });

  it("names renamed files by their new path and skips deleted ones", async () => {
    const repo = await gitRepo({ "a.js": "one\ntwo\nthree\nfour\n", "gone.js": tokenLine(githubToken(4)) });
    await repo.git(["mv", "a.js", "b.js"]);
    repo.write("b.js", `one\ntwo\nthree\nfour\n${tokenLine(githubToken(5))}`);
    await repo.git(["rm", "-q", "gone.js"]);
    await repo.git(["add", "b.js"]);
    const r = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(r.findings.map((f) => [f.file, f.line])).toEqual([["b.js", 5]]);
  });

  it("keeps file names with spaces, newlines and unicode exact", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    const names = ["with space.js", "new\nline.js", "ünïcødé.js"];
    for (const [i, n] of names.entries()) repo.write(n, tokenLine(githubToken(10 + i)));
    await repo.git(["add", "--", ...names]);
    const r = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(r.findings.map((f) => f.file).sort()).toEqual([...names].sort());
  });

  it("reads binary files as raw bytes (a key after a NUL byte is found) and still flags sensitive names", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    repo.write("blob.bin", Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(tokenLine(githubToken(6)))]));
    repo.write("certs/client.p12", Buffer.from([0x30, 0x82, 0, 0, 1, 2, 3]));
    await repo.git(["add", "."]);
    const r = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(r.stats.skippedBinary).toBe(2);
    const bySeverity = (s: string) => r.findings.filter((f) => f.severity === s);
    expect(bySeverity("error").map((f) => [f.file, f.ruleId, f.line])).toEqual([
      ["blob.bin", "github-pat", 1],
      ["certs/client.p12", "sensitive-file-keystore", undefined],
    ]);
    expect(bySeverity("warning").map((f) => [f.ruleId, f.properties])).toEqual([
      ["file-binary", { count: 2, files: ["blob.bin", "certs/client.p12"] }],
    ]);
  });

  it("still scans a text file that .gitattributes marks as binary (-diff)", async () => {
    const repo = await gitRepo({ ".gitattributes": "hidden.txt -diff\n" });
    repo.write("hidden.txt", tokenLine(githubToken(7)));
    await repo.git(["add", "hidden.txt"]);
    const r = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(r.findings.map((f) => f.file)).toEqual(["hidden.txt"]);
  });

  it("sees the whole index from a subfolder, whatever diff.relative says", async () => {
    const repo = await gitRepo({ "sub/readme.md": "hi\n" });
    await repo.git(["config", "diff.relative", "true"]);
    repo.write("top.js", tokenLine(githubToken(8)));
    await repo.git(["add", "top.js"]);
    const r = await scanStaged({ cwd: repo.path("sub"), ...noBaseline });
    expect(r.findings.map((f) => f.file)).toEqual(["top.js"]);
  });

  it("works in an empty repository (no HEAD yet)", async () => {
    const repo = await gitRepo({}, { commit: false });
    expect((await scanStaged({ cwd: repo.dir, ...noBaseline })).findings).toEqual([]);
    repo.write("config.js", `export const key = "${awsAccessKeyId(1)}";\n`);
    await repo.git(["add", "config.js"]);
    const r = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.file).toBe("config.js");
  });

  it("honours inline allow comments of rampart and of the tools teams migrate from", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    const lines = [
      `a = "${githubToken(20)}" // rampart:allow`,
      `b = "${githubToken(21)}" # gitleaks:allow`,
      `c = "${githubToken(22)}" // secretlint-disable-line`,
      `d = "${githubToken(23)}" # pragma: allowlist secret`,
      `e = "${githubToken(24)}"`,
    ];
    repo.write("tokens.py", `${lines.join("\n")}\n`);
    await repo.git(["add", "tokens.py"]);
    const r = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(r.findings.map((f) => f.line)).toEqual([5]);
    expect(r.stats.allowed).toBe(4);
  });

  it("takes an allow comment for its own line only: CR and U+2028 end lines, a minified line is not one line", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    const code = (n: number) => Array.from({ length: n }, (_, i) => `function f${i}(a,b){return a+b*${i}}`).join("");
    const files: Record<string, string> = {
      // An allow comment on the line above, with CR-only or U+2028 line ends.
      "cr.txt": `# rampart:allow (fixture above)\rfoo = 1\rtoken = "${githubToken(30)}"\r`,
      "ls.js": `var t = "example"; // gitleaks:allow\u2028var k = "${githubToken(31)}";\n`,
      // A bundle mentioning the comment in its docs, the key 5,000 characters further on.
      "bundle.min.js": `/*! use pragma: allowlist secret to silence */${code(160)}var k="${githubToken(32)}";${code(3)}\n`,
      // Still allowed: the comment on the key's own line (CRLF), or beside it on a minified line.
      "crlf.txt": `x = 1\r\ntoken = "${githubToken(33)}" # rampart:allow\r\n`,
      "near.min.js": `${code(160)}var k="${githubToken(34)}";/* rampart:allow */${code(3)}\n`,
    };
    for (const [name, text] of Object.entries(files)) repo.write(name, text);
    await repo.git(["add", "-A"]);
    const r = await scanStaged({ cwd: repo.dir, ...noBaseline });
    const found = r.findings.filter((f) => f.ruleId !== "file-generated-lines").map((f) => f.file);
    expect(found.sort()).toEqual(["bundle.min.js", "cr.txt", "ls.js"]);
    expect(r.stats.allowed).toBe(2);
  });

  it("applies secrets.ignorePaths and reads files over maxFileSize (whole: every line judged)", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    repo.write("fixtures/token.js", tokenLine(githubToken(30)));
    repo.write("big.js", `${"// filler\n".repeat(200)}${tokenLine(githubToken(31))}`);
    await repo.git(["add", "."]);
    const r = await scanStaged({
      cwd: repo.dir,
      ...noBaseline,
      policy: { ignorePaths: ["fixtures/**"], maxFileSize: 1000 },
    });
    expect(r.stats.ignored).toBe(1);
    expect(r.stats.skippedTooLarge).toEqual([]);
    expect(r.findings).toMatchObject([{ file: "big.js", line: 201, severity: "error" }]);
    expect(r.ok).toBe(false);
  });
});
