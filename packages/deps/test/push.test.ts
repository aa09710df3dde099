import { resolve } from "node:path";
import { type GitRepo, gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { checkPushedLockfiles } from "../src/push.js";
import { npmLock, npmManifest } from "./lockfiles.js";
import { useRepos } from "./support/server.js";

const DB = resolve(import.meta.dirname, "fixtures/osv");
const repos = useRepos();

const lock = npmLock;
const manifest = npmManifest;

const now = new Date("2026-01-15T12:00:00Z");
const policy = { database: DB, maxAgeDays: 100_000 };
const vulnerable = (findings: Array<{ ruleId: string; properties?: Record<string, unknown> }>) =>
  findings
    .filter((f) => f.ruleId === "deps/vulnerable" || f.ruleId === "deps/malicious")
    .map((f) => `${f.properties?.package}@${f.properties?.version}`)
    .sort();

/** base: ms only; then a commit adding lodash 4.17.20 (High) at the root and minimist 1.2.5 in packages/b. */
async function pushedRepo(): Promise<{ r: GitRepo; base: string; head: string }> {
  const r = await gitRepo({ "package.json": manifest({ ms: "2.1.3" }), "package-lock.json": lock({ ms: "2.1.3" }) });
  repos.track(r);
  const base = await r.git(["rev-parse", "HEAD"]);
  const deps = { ms: "2.1.3", lodash: "4.17.20" };
  r.write("package.json", manifest(deps));
  r.write("package-lock.json", lock(deps));
  r.write("packages/b/package.json", manifest({ minimist: "1.2.5" }));
  r.write("packages/b/package-lock.json", lock({ minimist: "1.2.5" }));
  // A lockfile inside node_modules is an installed package's, not the project's.
  r.write("node_modules/x/package-lock.json", lock({ "flatmap-stream": "0.1.1" }));
  await r.git(["add", "-f", "."]);
  const head = await r.commit("add lodash");
  return { r, base, head };
}

describe("checkPushedLockfiles: the pre-push gate on what a pushed range adds", () => {
  it("checks what the range adds in every lockfile it changes, at the tip, offline", async () => {
    const { r, base, head } = await pushedRepo();
    const result = await checkPushedLockfiles({ root: r.dir, env: r.env, base, head, policy, now });
    expect(vulnerable(result.findings)).toEqual(["lodash@4.17.20", "minimist@1.2.5"]);
    expect(result.stats.lockfiles.sort()).toEqual(["package-lock.json", "packages/b/package-lock.json"]);
    expect(result.ok).toBe(false);
    // Nothing added between the tip and itself.
    const none = await checkPushedLockfiles({ root: r.dir, env: r.env, base: head, head, policy, now });
    expect(none.findings).toEqual([]);
  });

  it("reads the tip from git objects, not the working tree", async () => {
    const { r, base, head } = await pushedRepo();
    r.write("package-lock.json", lock({ ms: "2.1.3" })); // an unstaged edit hiding lodash
    const result = await checkPushedLockfiles({ root: r.dir, env: r.env, base, head, policy, now });
    expect(vulnerable(result.findings)).toContain("lodash@4.17.20");
  });

  it("a new branch with no remote side: every package of the tip's lockfiles", async () => {
    const { r, head } = await pushedRepo();
    const result = await checkPushedLockfiles({ root: r.dir, env: r.env, head, policy, now });
    expect(vulnerable(result.findings)).toEqual(["lodash@4.17.20", "minimist@1.2.5"]);
  });

  it("the caller's (trusted) policy decides: its exception lets the advisory through until it expires", async () => {
    const { r, base, head } = await pushedRepo();
    const exception = { id: "CVE-2021-23337", reason: "not reachable", owner: "me", expires: "2026-02-01" };
    const trusted = { ...policy, vulnerabilities: { exceptions: [exception] } };
    const ok = await checkPushedLockfiles({ root: r.dir, env: r.env, base, head, policy: trusted, now });
    expect(vulnerable(ok.findings)).toEqual(["minimist@1.2.5"]);
    const later = new Date("2026-03-01T00:00:00Z");
    const expired = await checkPushedLockfiles({ root: r.dir, env: r.env, base, head, policy: trusted, now: later });
    expect(expired.findings.map((f) => f.ruleId)).toContain("deps/exception-expired");
  });

  it("without a database: one warning per lockfile naming how many packages went unchecked", async () => {
    const { r, base, head } = await pushedRepo();
    const result = await checkPushedLockfiles({
      root: r.dir,
      env: r.env,
      base,
      head,
      policy: { database: "nowhere" },
      now,
    });
    expect(
      result.findings
        .filter((f) => f.ruleId === "deps/no-database")
        .map((f) => `${f.ruleId} ${f.file}`)
        .sort(),
    ).toEqual(["deps/no-database package-lock.json", "deps/no-database packages/b/package-lock.json"]);
    expect(result.findings.find((f) => f.ruleId === "deps/no-database")?.message).toMatch(
      /1 added or upgraded package\(s\) NOT checked/,
    );
  });
});

describe("checkPushedLockfiles: a pushed lockfile that cannot be read", () => {
  it("is named (file and line) after every other lockfile was judged; the result is not ok", async () => {
    const { r, base } = await pushedRepo();
    // Beside the lodash and minimist lockfiles: broken ones of three formats, one of them new.
    r.write("a/package-lock.json", '{\n  "lockfileVersion": 3,\n  "packages": {\n');
    r.write("c/pnpm-lock.yaml", "lockfileVersion: '9.0'\nimporters:\n  .: [unclosed\n");
    r.write("d/yarn.lock", '# yarn lockfile v1\n\n"ms@^2":\n  version\n');
    await r.git(["add", "-A"]);
    const head = await r.commit("broken lockfiles");
    const result = await checkPushedLockfiles({ root: r.dir, env: r.env, base, head, policy, now });
    expect(vulnerable(result.findings)).toEqual(["lodash@4.17.20", "minimist@1.2.5"]);
    expect(result.errors.map((e) => [e.code, e.file, typeof e.line])).toEqual([
      ["LOCKFILE_PARSE_FAILED", "a/package-lock.json", "number"],
      ["LOCKFILE_PARSE_FAILED", "c/pnpm-lock.yaml", "number"],
      ["LOCKFILE_PARSE_FAILED", "d/yarn.lock", "number"],
    ]);
    expect(result.stats.unreadable).toEqual(["a/package-lock.json", "c/pnpm-lock.yaml", "d/yarn.lock"]);
    // Nothing else to judge: still not ok.
    const only = await checkPushedLockfiles({ root: r.dir, env: r.env, base: `${head}~1`, head, policy, now });
    expect(only.findings).toEqual([]);
    expect(only.errors.map((e) => e.file)).toEqual(["a/package-lock.json", "c/pnpm-lock.yaml", "d/yarn.lock"]);
    expect(only.ok).toBe(false);
  });
});

describe("checkPushedLockfiles: the licence cache is the trusted side's", () => {
  it("an entry the pushed commits add to .rampart/licenses.json is not used; said once", async () => {
    const cache = (licenses: Record<string, string>) => `${JSON.stringify({ version: 1, licenses })}\n`;
    const r = await repos.make(
      {
        "package.json": manifest({ ms: "2.1.3" }),
        "package-lock.json": lock({ ms: "2.1.3" }),
        ".rampart/licenses.json": cache({ "ms@2.1.3": "MIT" }),
      },
      { commit: true },
    );
    const base = (await r.git(["rev-parse", "HEAD"])).trim();
    r.write("package.json", manifest({ ms: "2.1.3", "gpl-lib": "1.0.0" }));
    r.write("package-lock.json", lock({ ms: "2.1.3", "gpl-lib": "1.0.0" }));
    r.write(".rampart/licenses.json", cache({ "ms@2.1.3": "MIT", "gpl-lib@1.0.0": "MIT" }));
    await r.git(["commit", "-qam", "feat: gpl-lib"]);
    const head = (await r.git(["rev-parse", "HEAD"])).trim();
    const licensed = { ...policy, licenses: { allow: ["MIT"] } };
    const result = await checkPushedLockfiles({
      root: r.dir,
      env: r.env,
      base,
      head,
      policy: licensed,
      now,
      trustedRev: base,
    });
    const ids = result.findings.map((f) => `${f.ruleId} ${f.message.split(":")[0]}`);
    expect(ids).toContain("deps/license-unknown gpl-lib@1.0.0");
    expect(result.findings.filter((f) => f.ruleId === "deps/license-cache-unverified")).toHaveLength(1);
    expect(result.ok).toBe(false);
    // With no trusted side (nothing pushed before), the working tree's cache, as before.
    const own = await checkPushedLockfiles({ root: r.dir, env: r.env, base, head, policy: licensed, now });
    expect(own.findings.some((f) => f.ruleId === "deps/license-unknown")).toBe(false);
  });
});
