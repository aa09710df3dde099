import { createHash } from "node:crypto";
import { renderJson, renderSarif } from "@rampart/core/report";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { applyBaseline, updateBaseline } from "../src/baseline.js";
import { scanHistory } from "../src/history.js";
import { scanPaths } from "../src/paths.js";
import { blobId, secretFingerprint } from "../src/report.js";
import { mergeInto, replyFindings } from "../src/workers.js";
import { githubToken, privateKeyPem, tokenLine } from "./synthetic.js";

// A finding's fingerprint goes into JSON and SARIF (uploaded to code scanning): it must say where a
// secret is, never what it is. A hash of the secret (even with the rule id) is a test of a guess:
// a weak password is recovered offline in seconds.
const byFile = (findings: ReadonlyArray<{ file?: string; line?: number; fingerprint: string }>) =>
  findings.map((f) => [f.file, f.line, f.fingerprint]);

describe("secret findings' fingerprints", () => {
  it("are a function of where the secret is: another secret in its place keeps it, the same secret elsewhere does not", async () => {
    const repo = await gitRepo({ "a.js": tokenLine(githubToken(41)), "b.js": tokenLine(githubToken(41)) });
    const first = (await scanPaths({ cwd: repo.dir, baseline: false })).findings;
    expect(first.map((f) => f.file)).toEqual(["a.js", "b.js"]);
    // One secret in two files: two findings, two fingerprints.
    expect(first[0]?.fingerprint).not.toBe(first[1]?.fingerprint);
    // Another secret at the same place: the same fingerprint (nothing in it depends on the secret).
    repo.write("a.js", tokenLine(githubToken(42)));
    const second = (await scanPaths({ cwd: repo.dir, baseline: false })).findings;
    expect(byFile(second)).toEqual(byFile(first));
  });

  it("survive lines moved around the secret, and tell two secrets of one rule in one file apart", async () => {
    const [t1, t2] = [githubToken(43), githubToken(44)];
    const repo = await gitRepo({ "a.js": `${tokenLine(t1)}${tokenLine(t2)}` });
    const before = (await scanPaths({ cwd: repo.dir, baseline: false })).findings;
    expect(before.map((f) => f.line)).toEqual([1, 2]);
    expect(before[0]?.fingerprint).not.toBe(before[1]?.fingerprint);
    repo.write("a.js", `// a header\n\n${tokenLine(t1)}\nconst x = 1;\n\n${tokenLine(t2)}`);
    const after = (await scanPaths({ cwd: repo.dir, baseline: false })).findings;
    expect(after.map((f) => f.line)).toEqual([3, 7]);
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
  });

  it("are not any hash of the secret or of a sensitive file's content, in JSON or SARIF, in files or history", async () => {
    // A weak password (the case that matters: guessable), a token, and a .env of one password.
    const password = ["Summer", "2024!x"].join(""); // assembled: the repository's own hook scans this file
    const env = `DB_PASSWORD=${password}\n`;
    const token = githubToken(45);
    const repo = await gitRepo({
      "a.js": tokenLine(token),
      "config.js": `const password = "${password}";\n`,
      ".env": env,
    });
    const tree = await scanPaths({ cwd: repo.dir, baseline: false });
    const history = await scanHistory({ cwd: repo.dir, env: repo.env, baseline: false });
    const rules = new Set([...tree.findings, ...history.findings].map((f) => f.ruleId));
    // Every rule found something: the password, the token, the .env file.
    expect([...tree.findings.map((f) => f.file)].sort()).toEqual([".env", ".env", "a.js", "config.js"].sort());
    const derived: string[] = [];
    for (const value of [password, token, env, blobId(Buffer.from(env))]) {
      for (const algo of ["sha1", "sha256", "sha512", "md5"])
        derived.push(createHash(algo).update(value).digest("hex"));
      derived.push(value === env ? "" : value);
      for (const rule of rules) derived.push(secretFingerprint(rule, value));
    }
    derived.push(blobId(Buffer.from(env)));
    for (const result of [tree, history]) {
      const options = { command: "secrets scan", version: "0.0.0" };
      const out = renderJson(result, options) + renderSarif(result, options);
      for (const d of derived.filter((x) => x !== "")) expect(out).not.toContain(d);
      for (const f of result.findings) expect(f.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe("a secret's identity (what baselines match)", () => {
  // Not a field of the finding, so it crosses from a worker thread beside the findings: the
  // structured clone postMessage makes, then the merge, must leave every finding judgeable.
  it("crosses threads beside the findings: a baseline written and applied from a thread's findings accepts them", async () => {
    const repo = await gitRepo({ "a.js": tokenLine(githubToken(46)), "key.pem": privateKeyPem("ed25519") });
    const scan = await scanPaths({ cwd: repo.dir, baseline: false });
    expect(scan.findings.map((f) => f.file)).toEqual(["a.js", "key.pem"]);
    const crossed = structuredClone(replyFindings(scan.findings));
    const merged: typeof scan.findings = [];
    mergeInto(merged, scan.stats, crossed);
    expect(JSON.stringify(merged)).toBe(JSON.stringify(scan.findings));
    const { baseline } = await updateBaseline(undefined, merged);
    expect(Object.keys(baseline.entries)).toHaveLength(2);
    // The original findings and the crossed ones are the same secrets to the baseline.
    expect(await applyBaseline(scan.findings, baseline)).toEqual([]);
    expect(await applyBaseline(merged, baseline)).toEqual([]);
    // Without the identities beside them (a reply as a finding alone would carry), nothing is accepted.
    const bare: typeof scan.findings = [];
    mergeInto(bare, scan.stats, { findings: structuredClone(scan.findings) });
    expect(await applyBaseline(bare, baseline)).toHaveLength(2);
  });
});
