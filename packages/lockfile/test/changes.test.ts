import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { ExitCode } from "@rampart/core";
import { describeWithShared, type GitRepo, gitRepo, runCli, sharedPath } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { editFile } from "./copy.js";
import { LOCKFILES } from "./fixtures.js";

// Legitimate lockfile changes, each made by the real package manager (fixtures/changes/README.md
// says how): `lockfile check` and `lockfile diff` of the staged change must report no error. The
// controls next to them keep the true findings: the fixes must not have opened a hole.
const CHANGES = resolve(import.meta.dirname, "fixtures", "changes");

interface Finding {
  ruleId: string;
  severity: string;
  message: string;
}

const repos: GitRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

/** A repository at `before` (committed) with the `after` state staged over it. */
async function staged(scenario: string): Promise<GitRepo> {
  const repo = await gitRepo({});
  repos.push(repo);
  cpSync(join(CHANGES, scenario, "before"), repo.dir, { recursive: true });
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-qm", "before"]);
  for (const entry of readdirSync(repo.dir)) if (entry !== ".git") rmSync(repo.path(entry), { recursive: true });
  cpSync(join(CHANGES, scenario, "after"), repo.dir, { recursive: true });
  await repo.git(["add", "-A"]);
  return repo;
}

async function lockfile(repo: GitRepo, args: string[]) {
  const r = await runCli(["lockfile", ...args, "--format", "json"], { cwd: repo.dir, env: repo.env });
  const findings = r.stdout === "" ? [] : (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
  return { exitCode: r.exitCode, findings, errors: findings.filter((f) => f.severity === "error"), stderr: r.stderr };
}

async function expectNoErrors(repo: GitRepo): Promise<void> {
  for (const args of [["check"], ["diff"]]) {
    const r = await lockfile(repo, args);
    expect(r.errors, `lockfile ${args[0]}: ${r.stderr}`).toEqual([]);
    expect(r.exitCode, `lockfile ${args[0]}`).toBe(ExitCode.Clean);
  }
}

describe("legitimate lockfile changes pass check and diff", () => {
  it("npm: overrides, an npm: alias bumped, a file: package's new version, workspaces", async () => {
    await expectNoErrors(await staged("npm-overrides-alias-file"));
  });

  it("pnpm: catalog change, overrides (plain and a>b), workspace:, file:, alias; a stale catalog is still drift", async () => {
    const repo = await staged("pnpm-overrides-catalog");
    expect(readFileSync(repo.path("pnpm-lock.yaml"), "utf8")).toContain("specifier: 2.1.2"); // the override's
    await expectNoErrors(repo);
    // Control: a catalog changed without a new lockfile is still drift.
    editFile(repo.path("pnpm-workspace.yaml"), "picomatch: ^2.3.0", "picomatch: ^3.0.0");
    const stale = await lockfile(repo, ["check"]);
    expect(stale.errors.map((f) => f.ruleId)).toContain("lockfile/drift");
  });

  it("yarn classic: resolutions, alias, file:, workspaces", async () => {
    await expectNoErrors(await staged("yarn-classic-resolutions"));
  });

  it("yarn berry: resolutions, catalog, alias, file:, workspace:, typescript's built-in patch", async () => {
    await expectNoErrors(await staged("yarn-berry-resolutions-catalog"));
  });

  it("yarn 4.5 -> 4.18: the built-in compat patches' hashes and checksums change; a swapped checksum still does not pass", async () => {
    const repo = await staged("yarn-berry-upgrade-4.5.3");
    const diff = readFileSync(repo.path("yarn.lock"), "utf8");
    expect(diff).toContain("optional!builtin<compat/resolve>::version=1.22.8&hash=9bd1a5");
    await expectNoErrors(repo);
    // Control: the same entry (same resolution, same cache key) with another checksum is tampering.
    editFile(
      repo.path("yarn.lock"),
      "checksum: 10c0/d924b57e7312b3b63ad21fc5b3dc0af5e78d61a1fc7cfb5457edaf26326bf62be5307cc87ffb6862ef1c2b33b0233cdb5d4f01c4c958cc0d660948b65a287a48",
      `checksum: 10c0/${"ab".repeat(64)}`,
    );
    await repo.git(["add", "yarn.lock"]);
    const swapped = await lockfile(repo, ["diff"]);
    expect(swapped.errors.map((f) => [f.ruleId, f.message.split(" ")[0]])).toEqual([["lockfile/tampered", "ms@2.1.3"]]);
  });

  it("a built-in patch entry that keeps its resolution but changes its checksum is tampering", async () => {
    const repo = await staged("yarn-berry-upgrade-4.5.3");
    // Back to `before`, then only the patched resolve's checksum changes.
    await repo.git(["reset", "-q", "--hard"]);
    const text = readFileSync(repo.path("yarn.lock"), "utf8");
    const entry = /"resolve@patch:[^\n]+\n(?:[^\n]+\n)*?\s+checksum: (10c0\/[0-9a-f]+)/.exec(text);
    if (entry?.[1] === undefined) throw new Error("fixture has no patched resolve with a checksum");
    editFile(repo.path("yarn.lock"), entry[1], `10c0/${"cd".repeat(64)}`);
    await repo.git(["add", "yarn.lock"]);
    const r = await lockfile(repo, ["diff"]);
    expect(r.errors.map((f) => [f.ruleId, f.message.split(" ")[0]])).toEqual([["lockfile/tampered", "resolve@1.22.8"]]);
  });

  it("yarn 3 -> 4: every checksum is re-made with cache key 10; those are not comparable, so not tampering", async () => {
    const repo = await staged("yarn-berry-upgrade-3.8.7");
    await expectNoErrors(repo);
  });
});

describe("yarn 1 and a file: dependency named by an absolute path", () => {
  it("is found under the relative path yarn records it by (no drift); a path yarn did not record still is drift", async () => {
    const repo = await gitRepo({});
    repos.push(repo);
    // As yarn 1.22 writes it for package.json's "file:<absolute>": the path relative to the project.
    repo.write("../home/pkgs/local-lib/package.json", '{"name":"local-lib","version":"1.0.0"}\n');
    const abs = join(repo.home, "pkgs", "local-lib");
    repo.write("package.json", `{"name":"x","version":"1.0.0","dependencies":{"local-lib":"file:${abs}"}}\n`);
    repo.write(
      "yarn.lock",
      '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\n"local-lib@file:../home/pkgs/local-lib":\n  version "1.0.0"\n',
    );
    await repo.git(["add", "-A"]);
    const r = await lockfile(repo, ["check"]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(["lockfile/file-outside-repo"]);
    repo.write("package.json", `{"name":"x","version":"1.0.0","dependencies":{"local-lib":"file:${abs}-2"}}\n`);
    const stale = await lockfile(repo, ["check"]);
    expect(stale.errors.map((f) => f.ruleId)).toContain("lockfile/drift");
  });
});

describeWithShared(
  LOCKFILES,
  "babel's real yarn 3 -> yarn 4 upgrade (yarn-berry-v6-babel -> yarn-berry-v10-babel)",
  () => {
    it("lockfile diff reports the version changes, no tampering", async () => {
      const repo = await gitRepo({});
      repos.push(repo);
      cpSync(sharedPath(LOCKFILES, "yarn-berry-v6-babel"), repo.dir, { recursive: true });
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-qm", "yarn 3"]);
      for (const entry of readdirSync(repo.dir)) if (entry !== ".git") rmSync(repo.path(entry), { recursive: true });
      cpSync(sharedPath(LOCKFILES, "yarn-berry-v10-babel"), repo.dir, { recursive: true });
      await repo.git(["add", "-A"]);
      const r = await lockfile(repo, ["diff"]);
      expect(r.errors).toEqual([]);
      expect(r.exitCode).toBe(ExitCode.Clean);
    });
  },
);
