import { readFileSync } from "node:fs";
import { ExitCode } from "@rampart/core";
import { type GitRepo, gitRepo, runCli } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { heldAtAdoption } from "../src/checks/adopt.js";
import { checkLockfile } from "../src/checks/check.js";
import { parseLockfile } from "../src/parse/index.js";

// rampart init on a lockfile that already breaks a rule: the error is held for that package as it
// is (lockfile.heldAtAdoption), never for the whole rule.

const reg = (name: string, version: string) => ({
  resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
  integrity: `sha512-${Buffer.from(`${name}@${version}`).toString("base64")}`,
});
function npmLock(deps: Record<string, string>, noIntegrity: readonly string[], resolved: Record<string, string> = {}) {
  const packages: Record<string, Record<string, unknown>> = {
    "": { name: "app", version: "1.0.0", dependencies: deps },
  };
  for (const [n, v] of Object.entries(deps)) {
    const entry: Record<string, unknown> = { version: v, ...reg(n, v) };
    if (resolved[n] !== undefined) entry.resolved = resolved[n];
    if (noIntegrity.includes(n)) delete entry.integrity;
    packages[`node_modules/${n}`] = entry;
  }
  return `${JSON.stringify({ name: "app", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}
const manifest = (deps: Record<string, string>) =>
  `${JSON.stringify({ name: "app", version: "1.0.0", dependencies: deps }, null, 2)}\n`;

const repos: GitRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe("lockfile.heldAtAdoption: an error held at adoption excuses its own package only", () => {
  it("init writes one entry per package, no whole-rule severity; another package breaking the rule is an error", async () => {
    const deps = { ms: "2.1.3", lodash: "4.17.21", semver: "7.5.1" };
    const r = await gitRepo(
      { "package.json": manifest(deps), "package-lock.json": npmLock(deps, ["ms"]) },
      { commit: true },
    );
    repos.push(r);
    const init = await runCli(["init", "--yes", "--profile", "minimal"], { cwd: r.dir, env: r.env });
    expect(init.exitCode, init.stderr).toBe(ExitCode.Clean);
    const policy = readFileSync(r.path(".rampart/config.yaml"), "utf8");
    expect(policy).not.toMatch(/lockfile\/missing-integrity"?: warning/);
    expect(policy).toContain(
      '    - { rule: "lockfile/missing-integrity", lockfile: "package-lock.json", package: "ms@2.1.3", resolved: "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz" }',
    );
    // Untouched (init's devDependencies are not installed here: check the lockfile against its own manifest).
    await r.git(["checkout", "package.json"]);
    const json = async () => {
      const out = await runCli(["lockfile", "check", "--format", "json"], { cwd: r.dir, env: r.env });
      const doc = JSON.parse(out.stdout) as { findings: Array<{ ruleId: string; severity: string; message: string }> };
      return { code: out.exitCode, found: doc.findings.map((f) => [f.ruleId, f.severity, f.message.split(" ")[0]]) };
    };
    expect(await json()).toEqual({
      code: ExitCode.Clean,
      found: [["lockfile/missing-integrity", "warning", "ms@2.1.3"]],
    });
    // Another package without a hash, and the held one moved to another URL: errors.
    r.write("package-lock.json", npmLock(deps, ["ms", "lodash"], { ms: "https://evil.example/ms-2.1.3.tgz" }));
    const after = await json();
    expect(after.code).toBe(ExitCode.Findings);
    expect(after.found.filter(([rule]) => rule === "lockfile/missing-integrity").sort()).toEqual([
      ["lockfile/missing-integrity", "error", "lodash@4.17.21"],
      ["lockfile/missing-integrity", "error", "ms@2.1.3"],
    ]);
  });

  it("an entry holds only in its own lockfile, and a resolved URL's credentials are never written whole", async () => {
    const deps = { ms: "2.1.3" };
    const secret = "s3cr3tTokenValue1234567890";
    const text = npmLock(deps, ["ms"], { ms: `https://user:${secret}@npm.corp.example/ms/-/ms-2.1.3.tgz` });
    const lockfile = await parseLockfile({ path: "a/package-lock.json", cwd: "/nowhere", content: text });
    const found = (await checkLockfile(lockfile, {}, { cwd: "/nowhere", skipDrift: true })).findings;
    const held = heldAtAdoption(lockfile, found);
    expect(held.map((e) => [e.rule, e.lockfile, e.package])).toContainEqual([
      "lockfile/missing-integrity",
      "a/package-lock.json",
      "ms@2.1.3",
    ]);
    expect(JSON.stringify(held)).not.toContain(secret);
    const policy = { heldAtAdoption: held };
    const again = (await checkLockfile(lockfile, policy, { cwd: "/nowhere", skipDrift: true })).findings;
    expect(again.filter((f) => f.ruleId === "lockfile/missing-integrity").map((f) => f.severity)).toEqual(["warning"]);
    const elsewhere = await parseLockfile({ path: "b/package-lock.json", cwd: "/nowhere", content: text });
    const other = (await checkLockfile(elsewhere, policy, { cwd: "/nowhere", skipDrift: true })).findings;
    expect(other.filter((f) => f.ruleId === "lockfile/missing-integrity").map((f) => f.severity)).toEqual(["error"]);
  });
});
