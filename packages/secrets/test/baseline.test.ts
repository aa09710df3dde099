import { readFileSync } from "node:fs";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { scanPaths } from "../src/paths.js";
import { scanStaged } from "../src/staged.js";
import { writeBaseline } from "../src/write-baseline.js";
import { githubToken, tokenLine } from "./synthetic.js";

describe("baseline", () => {
  it("round-trips: accepted findings stop failing, survive moves, and never store the secret", async () => {
    const t1 = githubToken(1);
    const t2 = githubToken(2);
    const repo = await gitRepo({ "a.js": tokenLine(t1), "b.js": `x\n${tokenLine(t2)}` });
    expect((await scanPaths({ cwd: repo.dir })).ok).toBe(false);

    const first = await writeBaseline({ cwd: repo.dir });
    expect(first).toMatchObject({ total: 2, removed: [] });
    expect(first.added).toHaveLength(2);
    const text = readFileSync(repo.path(".rampart/secrets-baseline.json"), "utf8");
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).not.toContain(t1);
    expect(text).not.toContain(t2);
    expect(text).not.toMatch(/"line"/);
    const keys = Object.keys(JSON.parse(text).entries);
    expect(keys).toEqual([...keys].sort());

    const again = await scanPaths({ cwd: repo.dir });
    expect(again).toMatchObject({ ok: true, findings: [] });
    expect(again.stats.baselined).toBe(2);

    // Moved to another file and line: still accepted. A new secret: not.
    await repo.git(["mv", "a.js", "moved.js"]);
    repo.write("moved.js", `// moved\n\n${tokenLine(t1)}${tokenLine(githubToken(3))}`);
    await repo.git(["add", "moved.js"]);
    const staged = await scanStaged({ cwd: repo.dir });
    expect(staged.findings.map((f) => [f.file, f.line])).toEqual([["moved.js", 4]]);

    // Rewriting is stable, and drops entries whose secret is gone.
    repo.write("b.js", "x\n");
    const second = await writeBaseline({ cwd: repo.dir });
    expect(second.removed).toHaveLength(1);
    expect(second.added).toHaveLength(1);
    expect(second.total).toBe(2);
    const entries = JSON.parse(readFileSync(repo.path(".rampart/secrets-baseline.json"), "utf8")).entries;
    expect(
      Object.values(entries)
        .map((e) => (e as { file: string }).file)
        .sort(),
    ).toEqual(["a.js", "moved.js"]);
  });

  it("fails clearly on a baseline that is not JSON, naming the file", async () => {
    const repo = await gitRepo({ ".rampart/secrets-baseline.json": "{ nope" });
    await expect(scanPaths({ cwd: repo.dir })).rejects.toMatchObject({ code: "SECRETS_BASELINE_INVALID" });
  });

  it("requires a baseline named explicitly to exist", async () => {
    const repo = await gitRepo({ "a.txt": "x\n" });
    await expect(scanPaths({ cwd: repo.dir, baseline: "missing.json" })).rejects.toMatchObject({
      code: "SECRETS_BASELINE_MISSING",
    });
  });
});
