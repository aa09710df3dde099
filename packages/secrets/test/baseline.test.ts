import { readFileSync } from "node:fs";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { baselineKey } from "../src/baseline.js";
import { scanPaths } from "../src/paths.js";
import { secretFingerprint } from "../src/report.js";
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

describe("baseline keys", () => {
  const FILE = ".rampart/secrets-baseline.json";
  const read = (repo: { path: (p: string) => string }) => JSON.parse(readFileSync(repo.path(FILE), "utf8"));

  it("are a salted scrypt of each finding, not a hash of the secret anyone can brute-force or look up", async () => {
    const token = githubToken(21);
    const repo = await gitRepo({ "a.js": tokenLine(token) });
    const [finding] = (await scanPaths({ cwd: repo.dir, baseline: false })).findings;
    await writeBaseline({ cwd: repo.dir });
    const text = readFileSync(repo.path(FILE), "utf8");
    const data = read(repo);
    expect(data.version).toBe(2);
    expect(data.salt).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    // The secret's identity is an unsalted SHA-256 of rule and secret: it is not in the file.
    const identity = secretFingerprint(finding?.ruleId as string, token);
    expect(text).not.toContain(identity);
    expect(Object.keys(data.entries)).toEqual([await baselineKey(data.salt, identity)]);
    expect(await scanPaths({ cwd: repo.dir })).toMatchObject({ ok: true, findings: [] });
    // Another repository with the same secret: another salt, another key.
    const other = await gitRepo({ "b.js": tokenLine(token) });
    await writeBaseline({ cwd: other.dir });
    expect(read(other).salt).not.toBe(data.salt);
    expect(Object.keys(read(other).entries)).not.toEqual(Object.keys(data.entries));
    // A rewrite keeps the salt (no churn in review).
    await writeBaseline({ cwd: repo.dir });
    expect(readFileSync(repo.path(FILE), "utf8")).toBe(text);
  });

  it("a version 1 baseline accepts what it did, with a warning, and a rewrite carries its entries over", async () => {
    // Staged, not committed: the staged scan (the pre-commit hook's) judges them too.
    const repo = await gitRepo({ "README.md": "r\n" });
    repo.write("a.js", tokenLine(githubToken(22)));
    repo.write("b.js", tokenLine(githubToken(23)));
    const scan = await scanPaths({ cwd: repo.dir, baseline: false });
    const ruleId = scan.findings.find((f) => f.file === "a.js")?.ruleId as string;
    const a = secretFingerprint(ruleId, githubToken(22));
    // As rampart wrote them before: keyed by the secret's unsalted SHA-256; one entry's secret is gone.
    const gone = "0".repeat(64);
    repo.write(
      FILE,
      `${JSON.stringify({ version: 1, entries: { [a]: { file: "a.js", ruleId: "github-pat" }, [gone]: { ruleId: "github-pat" } } })}\n`,
    );
    await repo.git(["add", "-A"]);
    for (const r of [await scanPaths({ cwd: repo.dir }), await scanStaged({ cwd: repo.dir })]) {
      expect(r.findings.filter((f) => f.severity === "error").map((f) => f.file)).toEqual(["b.js"]);
      const warning = r.findings.find((f) => f.ruleId === "baseline-unsalted");
      expect(warning).toMatchObject({ severity: "warning", file: FILE });
      expect(warning?.message).toContain("2 entries");
    }
    // A trusted revision's copy (CI's --policy-rev) is read the same way.
    const text = readFileSync(repo.path(FILE), "utf8");
    const ci = await scanPaths({ cwd: repo.dir, baseline: { name: `HEAD:${FILE}`, text } });
    expect(ci.findings.filter((f) => f.severity === "error").map((f) => f.file)).toEqual(["b.js"]);
    expect(ci.findings.some((f) => f.ruleId === "baseline-unsalted")).toBe(true);
    // Rewritten: version 2, a.js's entry carried over (not "added"), the gone one removed, b.js added.
    const rewritten = await writeBaseline({ cwd: repo.dir });
    expect(rewritten).toMatchObject({ migrated: 1, total: 2, removed: [gone] });
    expect(rewritten.added).toHaveLength(1);
    const data = read(repo);
    expect(data.version).toBe(2);
    expect(JSON.stringify(data)).not.toContain(a);
    expect(
      Object.values(data.entries)
        .map((e) => (e as { file: string }).file)
        .sort(),
    ).toEqual(["a.js", "b.js"]);
    const after = await scanPaths({ cwd: repo.dir });
    expect(after).toMatchObject({ ok: true, findings: [] });
  });

  it("refuses a baseline whose version or salt it cannot read, naming the file (exit 2)", async () => {
    for (const body of [
      { version: 2, entries: {} },
      { version: 2, salt: "short", entries: {} },
      { version: 3, salt: "A".repeat(22), entries: {} },
    ]) {
      const repo = await gitRepo({ [FILE]: JSON.stringify(body) });
      await expect(scanPaths({ cwd: repo.dir })).rejects.toMatchObject({
        code: "SECRETS_BASELINE_INVALID",
        file: FILE,
      });
    }
  });
});
