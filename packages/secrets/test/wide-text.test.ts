import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { scanHistory } from "../src/history.js";
import { scanPaths } from "../src/paths.js";
import { scanRange } from "../src/range.js";
import { scanStaged } from "../src/staged.js";
import { githubToken, tokenLine } from "./synthetic.js";

const noBaseline = { baseline: false } as const;

const errors = (r: { findings: Array<{ severity: string; file?: string; line?: number; ruleId: string }> }) =>
  r.findings
    .filter((f) => f.severity === "error")
    .map((f) => [f.file, f.line, f.ruleId])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const utf16 = (text: string) => Buffer.from(text, "utf16le");

describe("a file decoded as UTF-16 is also read as its bytes: ASCII in it is never hidden by the decoding", () => {
  it("a key after FF FE, after a UTF-16 head or in UTF-16 out of step is found in the tree, staged, in a range and in history, once", async () => {
    const repo = await gitRepo({ "README.md": "r\n" });
    const base = await repo.git(["rev-parse", "HEAD"]);
    // Two bytes of byte-order mark before plain ASCII: git diff shows the key as text.
    repo.write("bom.js", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tokenLine(githubToken(71)))]));
    // UTF-16 for the first 8000 bytes (no mark), then ASCII.
    repo.write(
      "tail.js",
      Buffer.concat([utf16("// a comment\n".repeat(400)), Buffer.from(tokenLine(githubToken(72)))]),
    );
    // UTF-16 with a mark and one stray byte: every later unit is out of step.
    repo.write(
      "step.ps1",
      Buffer.concat([Buffer.from([0xff, 0xfe, 0x41]), utf16(`# x\n${tokenLine(githubToken(73))}`)]),
    );
    // Real UTF-16 text: its key is found by the decoded text and not reported twice.
    repo.write("real.ps1", Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(`# x\r\n${tokenLine(githubToken(74))}`)]));
    const want = [
      ["bom.js", 1, "github-pat"],
      ["real.ps1", 2, "github-pat"],
      ["step.ps1", 2, "github-pat"],
      ["tail.js", 401, "github-pat"],
    ];
    expect(errors(await scanPaths({ cwd: repo.dir, ...noBaseline }))).toEqual(want);
    await repo.git(["add", "-A"]);
    expect(errors(await scanStaged({ cwd: repo.dir, ...noBaseline }))).toEqual(want);
    await repo.commit("wide files");
    const added = await repo.git(["rev-parse", "HEAD"]);
    expect(errors(await scanRange({ cwd: repo.dir, range: `${base}..HEAD`, ...noBaseline }))).toEqual(want);
    expect(errors(await scanHistory({ cwd: repo.dir, jobs: 1, ...noBaseline }))).toEqual(want);

    // A later change to those files: only what it adds is judged (the keys are not new).
    repo.write(
      "bom.js",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${tokenLine(githubToken(71))}// y\n`)]),
    );
    repo.write(
      "tail.js",
      Buffer.concat([
        utf16("// a comment\n".repeat(400)),
        Buffer.from(`${tokenLine(githubToken(72))}const b = "${githubToken(75)}";\n`),
      ]),
    );
    await repo.git(["add", "-A"]);
    expect(errors(await scanStaged({ cwd: repo.dir, ...noBaseline }))).toEqual([["tail.js", 402, "github-pat"]]);
    await repo.commit("more");
    expect(errors(await scanRange({ cwd: repo.dir, range: `${added}..HEAD`, ...noBaseline }))).toEqual([
      ["tail.js", 402, "github-pat"],
    ]);
  });
});
