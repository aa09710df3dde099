import { gzipSync } from "node:zlib";
import { gitRepo, runCli } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { scanHistory } from "../src/history.js";
import { scanPaths } from "../src/paths.js";
import { scanRange } from "../src/range.js";
import { scanStaged } from "../src/staged.js";
import { B64, Rand } from "./support/secrets.js";
import { githubToken, tokenLine } from "./synthetic.js";

const noBaseline = { baseline: false } as const;

const errors = (r: { findings: Array<{ severity: string; file?: string; line?: number; ruleId: string }> }) =>
  r.findings.filter((f) => f.severity === "error").map((f) => [f.file, f.line, f.ruleId]);

describe("binary content (a NUL byte in the first 8000 bytes) is read by every rule: its text and UTF-16LE strings", () => {
  it("a key after a NUL byte is found in the tree, staged, in a range and in history, at its line, never printed whole", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    const awsSecret = new Rand(41).of(B64, 40);
    // A text file with one stray NUL: a self-identifying token and a key known only by its name.
    repo.write(
      "config/.env.local",
      Buffer.concat([
        Buffer.from("# exported\0\n"),
        Buffer.from(tokenLine(githubToken(61))),
        Buffer.from(`aws_secret_access_key = "${awsSecret}"\n`),
      ]),
    );
    // A binary's strings: a token between control bytes.
    repo.write(
      "bin/tool",
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 0, 0]), Buffer.from(`\n\n\x01${githubToken(62)}\0`)]),
    );
    // What a binary encodes is not decoded: a compressed key, random bytes.
    repo.write("data/key.gz", gzipSync(tokenLine(githubToken(63))));
    repo.write("img/noise.bin", Buffer.from(new Rand(7).of("\0\x01\x02abcXYZ019+/=_-", 4096), "latin1"));
    const want = [
      ["bin/tool", 3, "github-pat"],
      ["config/.env.local", 2, "github-pat"],
      ["config/.env.local", 3, "aws-secret-access-key"],
    ];
    const sorted = (xs: unknown[][]) => xs.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sorted(errors(await scanPaths({ cwd: repo.dir, ...noBaseline })))).toEqual(want);
    await repo.git(["add", "-A"]);
    const staged = await scanStaged({ cwd: repo.dir, ...noBaseline });
    expect(sorted(errors(staged))).toEqual(want);
    expect(staged.findings.find((f) => f.ruleId === "file-binary")?.properties?.files).toEqual([
      "bin/tool",
      "config/.env.local",
      "data/key.gz",
      "img/noise.bin",
    ]);
    await repo.commit("binaries");
    expect(sorted(errors(await scanRange({ cwd: repo.dir, range: `${base}..HEAD`, ...noBaseline })))).toEqual(want);
    expect(sorted(errors(await scanHistory({ cwd: repo.dir, jobs: 1, ...noBaseline })))).toEqual(want);
    for (const args of [
      ["secrets", "scan"],
      ["secrets", "scan", "--all-history"],
      ["secrets", "scan", "--format", "json"],
    ]) {
      const cli = await runCli(args, { cwd: repo.dir, env: repo.env });
      expect(cli.exitCode, args.join(" ")).toBe(1);
      for (const secret of [githubToken(61), githubToken(62), awsSecret]) {
        expect(cli.stdout + cli.stderr).not.toContain(secret);
        expect(cli.stdout + cli.stderr).not.toContain(secret.slice(4, 24));
      }
    }
  });
  it("a key written as UTF-16LE inside a binary is found, at its line and column in bytes, whole or in windows, never printed whole", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    const token = githubToken(64);
    // A Windows executable's resources: UTF-16LE strings among machine code (no text run of the key).
    const code = Buffer.from(new Rand(9).of("\0\x01\x02\x90\xc3\xff\nAB", 3000), "latin1");
    const content = Buffer.concat([
      Buffer.from("MZ\x90\0", "latin1"),
      code,
      Buffer.from(`\0\0${tokenLine(token)}`, "utf16le"),
      code,
    ]);
    repo.write("bin/tool.exe", content);
    // Where the token's first byte is: its line (line feeds before it, plus one) and column in bytes.
    const at = content.indexOf(Buffer.from(token, "utf16le"));
    const line = content.subarray(0, at).filter((b) => b === 0x0a).length + 1;
    const column = at - content.lastIndexOf(0x0a, at - 1);
    const found = (r: { findings: Array<{ ruleId: string; line?: number; column?: number; severity: string }> }) =>
      r.findings.filter((f) => f.severity === "error").map((f) => [f.ruleId, f.line, f.column]);
    const want = [["github-pat", line, column]];
    expect(found(await scanPaths({ cwd: repo.dir, ...noBaseline }))).toEqual(want);
    // Over maxFileSize: read in windows.
    const windows = { ...noBaseline, policy: { maxFileSize: 1024 } };
    expect(found(await scanPaths({ cwd: repo.dir, ...windows, jobs: 1 }))).toEqual(want);
    await repo.git(["add", "-A"]);
    expect(found(await scanStaged({ cwd: repo.dir, ...noBaseline }))).toEqual(want);
    expect(found(await scanStaged({ cwd: repo.dir, ...windows }))).toEqual(want);
    await repo.commit("tool");
    expect(found(await scanRange({ cwd: repo.dir, range: `${base}..HEAD`, ...noBaseline }))).toEqual(want);
    expect(found(await scanHistory({ cwd: repo.dir, jobs: 1, ...windows }))).toEqual(want);
    const cli = await runCli(["secrets", "scan", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(cli.exitCode).toBe(1);
    expect(cli.stdout + cli.stderr).not.toContain(token.slice(4, 24));
  });
});
