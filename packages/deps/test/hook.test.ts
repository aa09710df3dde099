import { cpSync } from "node:fs";
import { join, resolve } from "node:path";
import { ExitCode } from "@rampart/core";
import { type GitRepo, gitRepo, runCli } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { npmLock, npmManifest } from "./lockfiles.js";
import { useRepos } from "./support/server.js";

const DB = resolve(import.meta.dirname, "fixtures/osv");
const repos = useRepos();

const lock = npmLock;
const manifest = npmManifest;

async function repo(policy: string): Promise<GitRepo> {
  const r = await gitRepo(
    {
      "package.json": manifest({ ms: "2.1.3" }),
      "package-lock.json": lock({ ms: "2.1.3" }),
      ".rampart/config.yaml": policy,
    },
    { commit: true },
  );
  repos.track(r);
  cpSync(join(DB, "github-reviewed"), r.path("osv"), { recursive: true });
  return r;
}

/** Commits what `r` holds and pushes main to a new bare `origin`: the remote side's policy. */
async function pushedToRemote(r: GitRepo): Promise<GitRepo> {
  const remote = await gitRepo({}, { bare: true });
  repos.track(remote);
  await r.git(["remote", "add", "origin", remote.dir]);
  await r.git(["add", "-A"]);
  await r.git(["commit", "-qm", "database", "--no-verify"]);
  await r.git(["push", "-q", "origin", "main", "--no-verify"]);
  return remote;
}

async function stageLodash(r: GitRepo) {
  const deps = { ms: "2.1.3", lodash: "4.17.20" };
  r.write("package.json", manifest(deps));
  r.write("package-lock.json", lock(deps));
  await r.git(["add", "package.json", "package-lock.json"]);
}

describe("pre-commit: the vulnerability gate on what the change adds", () => {
  it("refuses a commit that adds a High advisory, offline, naming the fix; an exception lets it through", async () => {
    const r = await repo("version: 1\ndeps:\n  database: osv\n  maxAgeDays: 100000\n");
    await stageLodash(r);
    const refused = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
    expect(refused.exitCode).toBe(ExitCode.Findings);
    expect(refused.stdout + refused.stderr).toContain("lodash@4.17.20: high 7.2 GHSA-35jh-r3h4-6jhm");
    expect(refused.stdout + refused.stderr).toContain("upgrade lodash to 4.17.21 or later");
    const withException =
      "version: 1\ndeps:\n  database: osv\n  maxAgeDays: 100000\n  vulnerabilities:\n    exceptions:\n      - { id: CVE-2021-23337, reason: not reachable, owner: me, expires: '2099-01-01' }\n";
    // The hook reads the policy from HEAD: an exception staged beside the change does not apply to it.
    r.write(".rampart/config.yaml", withException);
    await r.git(["add", ".rampart/config.yaml"]);
    const sameCommit = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
    expect(sameCommit.exitCode).toBe(ExitCode.Findings);
    // Committed first (reviewed on its own), it lets the next commit through.
    await r.git(["reset", "-q", "package.json", "package-lock.json"]);
    await r.git(["commit", "-qm", "exception", "--no-verify"]);
    await stageLodash(r);
    const allowed = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
    expect(allowed.stdout + allowed.stderr).not.toContain("GHSA-35jh-r3h4-6jhm");
    expect(allowed.exitCode).toBe(ExitCode.Clean);
  });

  it("without a database says so in one line instead of passing silently", async () => {
    const r = await repo("version: 1\ndeps:\n  database: no-such-dir\n");
    await stageLodash(r);
    const out = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
    expect(out.stdout + out.stderr).toMatch(/1 added or upgraded package\(s\) NOT checked for known vulnerabilities/);
  });

  it("refuses a commit that adds a GPL-3.0-only dependency when the policy denies it, naming the path", async () => {
    const r = await repo(
      "version: 1\ndeps:\n  database: osv\n  maxAgeDays: 100000\n  licenses:\n    deny: [GPL-3.0-only]\n",
    );
    const deps = { ms: "2.1.3", "gpl-thing": "1.0.0" };
    const lockText = JSON.parse(lock(deps));
    lockText.packages["node_modules/gpl-thing"].license = "GPL-3.0-only";
    lockText.packages["node_modules/ms"].license = "MIT";
    r.write("package.json", manifest(deps));
    r.write("package-lock.json", `${JSON.stringify(lockText, null, 2)}\n`);
    await r.git(["add", "package.json", "package-lock.json"]);
    const refused = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
    expect(refused.exitCode).toBe(ExitCode.Findings);
    expect(refused.stdout + refused.stderr).toContain(
      "gpl-thing@1.0.0 is licensed GPL-3.0-only: GPL-3.0-only is denied (path: gpl-thing)",
    );
    expect(refused.stdout + refused.stderr).toContain("deps/license-denied");
  });
});

describe("pre-push: the gate on what the pushed range adds, under the remote side's policy", () => {
  it("refuses a push whose commits add a High advisory; an exception pushed with them does not count", async () => {
    const r = await repo("version: 1\ndeps:\n  database: osv\n  maxAgeDays: 100000\n");
    const remote = await pushedToRemote(r);
    await stageLodash(r);
    // The same commits also try to except the advisory: the remote's policy has no such exception.
    r.write(
      ".rampart/config.yaml",
      "version: 1\ndeps:\n  database: osv\n  maxAgeDays: 100000\n  vulnerabilities:\n    exceptions:\n      - { id: CVE-2021-23337, reason: mine, owner: me, expires: '2099-01-01' }\n",
    );
    await r.git(["add", "-A"]);
    await r.git(["commit", "-qm", "add lodash", "--no-verify"]);
    const head = await r.git(["rev-parse", "HEAD"]);
    const input = `refs/heads/feature ${head} refs/heads/feature ${"0".repeat(40)}\n`;
    const refused = await runCli(["hook", "pre-push", "origin", remote.dir], { cwd: r.dir, env: r.env, input });
    expect(refused.stdout + refused.stderr).toContain("lodash@4.17.20: high 7.2 GHSA-35jh-r3h4-6jhm");
    expect(refused.exitCode).toBe(ExitCode.Findings);
    // Pushed to a branch whose remote tip already carries the exception, the same commits pass.
    await r.git(["push", "-q", "origin", `${head}:refs/heads/reviewed`, "--no-verify"]);
    const again = `refs/heads/reviewed ${head} refs/heads/reviewed ${head}\n`;
    const nothingNew = await runCli(["hook", "pre-push", "origin", remote.dir], {
      cwd: r.dir,
      env: r.env,
      input: again,
    });
    expect(nothingNew.stdout + nothingNew.stderr).not.toContain("GHSA-35jh-r3h4-6jhm");
  });
});

describe("pre-push: a pushed lockfile that cannot be read", () => {
  it("names every broken one (file:line) after the others were judged, and refuses with exit 2", async () => {
    const r = await repo("version: 1\ndeps:\n  database: osv\n  maxAgeDays: 100000\n");
    const remote = await pushedToRemote(r);
    const base = await r.git(["rev-parse", "HEAD"]);
    // Sorted before the lockfile that adds lodash: the first broken one ended the check.
    r.write("a/package-lock.json", '{\n  "lockfileVersion": 3,\n  "packages": {\n');
    r.write("b/pnpm-lock.yaml", "lockfileVersion: '9.0'\nimporters:\n  .: [unclosed\n");
    await stageLodash(r);
    await r.git(["add", "-A"]);
    await r.git(["commit", "-qm", "add lodash", "--no-verify"]);
    const head = await r.git(["rev-parse", "HEAD"]);
    const input = `refs/heads/main ${head} refs/heads/main ${base}\n`;
    const refused = await runCli(["hook", "pre-push", "origin", remote.dir], { cwd: r.dir, env: r.env, input });
    expect(refused.stdout + refused.stderr).toContain("lodash@4.17.20: high 7.2 GHSA-35jh-r3h4-6jhm");
    expect(refused.stderr).toMatch(/^rampart: a\/package-lock\.json:\d+: /m);
    expect(refused.stderr).toMatch(/^rampart: b\/pnpm-lock\.yaml:\d+: /m);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(refused.exitCode).toBe(ExitCode.Error);
  });
});

describe("pre-push: the licence cache is the remote side's", () => {
  it("a licence the pushed commits add to .rampart/licenses.json for their own new dependency is not used", async () => {
    const cache = (licenses: Record<string, string>) => `${JSON.stringify({ version: 1, licenses })}\n`;
    const r = await repo("version: 1\ndeps:\n  database: osv\n  maxAgeDays: 100000\n  licenses:\n    allow: [MIT]\n");
    r.write(".rampart/licenses.json", cache({ "ms@2.1.3": "MIT" }));
    const remote = await pushedToRemote(r);
    const deps = { ms: "2.1.3", "gpl-lib": "1.0.0" };
    r.write("package.json", manifest(deps));
    r.write("package-lock.json", lock(deps));
    r.write(".rampart/licenses.json", cache({ "ms@2.1.3": "MIT", "gpl-lib@1.0.0": "MIT" }));
    await r.git(["add", "-A"]);
    await r.git(["commit", "-qm", "add gpl-lib", "--no-verify"]);
    const head = await r.git(["rev-parse", "HEAD"]);
    const input = `refs/heads/main ${head} refs/heads/main ${await r.git(["rev-parse", "origin/main"])}\n`;
    const refused = await runCli(["hook", "pre-push", "origin", remote.dir], { cwd: r.dir, env: r.env, input });
    const out = refused.stdout + refused.stderr;
    expect(out).toContain("deps/license-unknown");
    expect(out).toContain("gpl-lib@1.0.0");
    expect(out).toContain("deps/license-cache-unverified");
    expect(refused.exitCode).toBe(ExitCode.Findings);
  });
});
