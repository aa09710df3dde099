import { ExitCode } from "@rampart/core";
import { describeWithShared, type GitRepo, gitRepo, runCli } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { LOCKFILES, readFixture } from "./fixtures.js";

// Through the built bin and real git, on lint-staged's real lockfile (the small in-repo fixtures
// run the same commands in small-fixtures.test.ts).
describeWithShared(LOCKFILES, "lockfile CLI on lint-staged's npm v3 lockfile", () => {
  const FIXTURE = "npm-v3-small-lint-staged";
  const LOCK = readFixture(FIXTURE, "package-lock.json");
  const MANIFEST = readFixture(FIXTURE, "package.json");
  const ESLINT_JS = '"resolved": "https://registry.npmjs.org/@eslint/js/-/js-10.0.1.tgz"';
  const ESLINT_HASH = "sha512-zeR9k5pd4gxjZ0abRoIaxdc7I3nDktoXZk2qOv9gCNWx3mVwEn32VRhyLaRsDiJjTs0xq/T8mfPtyuXu7GWBcA==";

  const repos: GitRepo[] = [];
  afterEach(() => {
    for (const r of repos.splice(0)) r.cleanup();
  });

  async function repo(files: Record<string, string>): Promise<GitRepo> {
    const r = await gitRepo(files, { commit: true });
    repos.push(r);
    return r;
  }

  const run = (r: GitRepo, args: string[]) => runCli(["lockfile", ...args], { cwd: r.dir, env: r.env });

  describe("rampart lockfile check", () => {
    it("passes a clean lockfile apart from its install scripts, which policy can allow", async () => {
      const r = await repo({ "package-lock.json": LOCK, "package.json": MANIFEST });
      const first = await run(r, ["check"]);
      expect(first.exitCode).toBe(ExitCode.Findings);
      expect(first.stdout).toMatch(/package-lock\.json:3407 +error +fsevents@2\.3\.3 runs an install script/);
      r.write(".rampart/config.yaml", "version: 1\nlockfile:\n  allowInstallScripts: [fsevents]\n");
      const second = await run(r, ["check"]);
      expect(second.stderr).toContain("no problems found");
      expect(second.exitCode).toBe(ExitCode.Clean);
    });

    it("reports a swapped host at its line in text, json and sarif", async () => {
      const r = await repo({
        "package-lock.json": LOCK.replace(
          ESLINT_JS,
          '"resolved": "https://npm.evil.example/@eslint/js/-/js-10.0.1.tgz"',
        ),
        "package.json": MANIFEST,
      });
      r.write(".rampart/config.yaml", "version: 1\nlockfile:\n  rules:\n    lockfile/install-script: off\n");
      const text = await run(r, ["check", "package-lock.json"]);
      expect(text.exitCode).toBe(ExitCode.Findings);
      expect(text.stdout).toContain("package-lock.json:1006");
      expect(text.stdout).toContain("lockfile/disallowed-host");
      const json = JSON.parse((await run(r, ["check", "--format", "json"])).stdout) as {
        findings: Array<{ ruleId: string; line: number }>;
      };
      expect(json.findings).toMatchObject([{ ruleId: "lockfile/disallowed-host", line: 1006 }]);
      const sarif = JSON.parse((await run(r, ["check", "--format", "sarif"])).stdout) as {
        runs: Array<{ results: unknown[] }>;
      };
      expect(sarif.runs[0]?.results).toHaveLength(1);
    });

    it("checks every tracked lockfile when run from a subdirectory, and takes paths relative to the cwd", async () => {
      const r = await repo({ "package-lock.json": LOCK, "package.json": MANIFEST, "src/index.js": "" });
      const fromSub = await runCli(["lockfile", "check", "--format", "json"], { cwd: r.path("src"), env: r.env });
      expect(
        (JSON.parse(fromSub.stdout) as { stats: { lockfiles: Array<{ lockfile: string }> } }).stats.lockfiles,
      ).toMatchObject([{ lockfile: "package-lock.json" }]);
      const explicit = await runCli(["lockfile", "check", "../package-lock.json", "--format", "json"], {
        cwd: r.path("src"),
        env: r.env,
      });
      expect(explicit.exitCode).toBe(ExitCode.Findings);
      expect(JSON.parse(explicit.stdout)).toMatchObject({ findings: [{ file: "package-lock.json", line: 3407 }] });
    });

    it("exits 2 with one line naming the file and line for a truncated lockfile", async () => {
      const r = await repo({ "package-lock.json": LOCK.slice(0, 5000), "package.json": MANIFEST });
      const out = await run(r, ["check"]);
      expect(out.exitCode).toBe(ExitCode.Error);
      expect(out.stderr).toMatch(/package-lock\.json:\d+: not valid JSON/);
      expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });

    it("exits 2 for a policy that is not valid", async () => {
      const r = await repo({
        "package-lock.json": LOCK,
        "package.json": MANIFEST,
        ".rampart/config.yaml": "version: 1\nlockfile:\n  allowedHost: [x]\n",
      });
      const out = await run(r, ["check"]);
      expect(out.exitCode).toBe(ExitCode.Error);
      expect(out.stderr).toContain("allowedHost");
    });
  });

  describe("rampart lockfile diff", () => {
    it("flags a staged integrity swap against HEAD, reading the index, not the working tree", async () => {
      const r = await repo({ "package-lock.json": LOCK, "package.json": MANIFEST });
      r.write("package-lock.json", LOCK.replace(ESLINT_HASH, ESLINT_HASH.replace("zeR9", "AAAA")));
      await r.git(["add", "package-lock.json"]);
      r.write("package-lock.json", LOCK); // the working tree looks innocent; the commit would not be
      const out = await run(r, ["diff"]);
      expect(out.exitCode).toBe(ExitCode.Findings);
      expect(out.stdout).toMatch(/package-lock\.json:1006 +error +@eslint\/js@10\.0\.1 has a different integrity/);
    });

    it("lists upgrades, additions and removals, and warns on a downgrade against a given revision", async () => {
      const r = await repo({ "package-lock.json": LOCK, "package.json": MANIFEST });
      const base = (await r.git(["rev-parse", "HEAD"])).trim();
      const downgraded = LOCK.replace(
        '"version": "10.0.1",\n      "resolved": "https://registry.npmjs.org/@eslint/js/-/js-10.0.1.tgz",\n      "integrity": "' +
          ESLINT_HASH,
        `"version": "9.0.0",\n      "resolved": "https://registry.npmjs.org/@eslint/js/-/js-9.0.0.tgz",\n      "integrity": "sha512-${"B".repeat(86)}==`,
      );
      expect(downgraded).not.toBe(LOCK);
      r.write("package-lock.json", downgraded);
      await r.commit("downgrade");
      const out = await run(r, ["diff", base, "--format", "json"]);
      const report = JSON.parse(out.stdout) as {
        ok: boolean;
        findings: Array<{ ruleId: string; severity: string }>;
        stats: { lockfiles: Array<{ downgraded: unknown[] }> };
      };
      expect(report.findings).toMatchObject([{ ruleId: "lockfile/downgrade", severity: "warning" }]);
      expect(report.stats.lockfiles[0]?.downgraded).toEqual([{ name: "@eslint/js", from: "10.0.1", to: "9.0.0" }]);
      expect(out.exitCode).toBe(ExitCode.Clean);
      const text = await run(r, ["diff", base]);
      expect(text.stdout).toContain("↓ @eslint/js 10.0.1 -> 9.0.0");
    });

    it("exits 2 for a revision that does not exist", async () => {
      const r = await repo({ "package-lock.json": LOCK, "package.json": MANIFEST });
      const out = await run(r, ["diff", "no-such-branch"]);
      expect(out.exitCode).toBe(ExitCode.Error);
      expect(out.stderr).toContain("unknown revision no-such-branch");
    });

    it("says nothing changed when the staged lockfile is HEAD's", async () => {
      const r = await repo({ "package-lock.json": LOCK, "package.json": MANIFEST });
      const out = await run(r, ["diff"]);
      expect(out.exitCode).toBe(ExitCode.Clean);
      expect(out.stdout).toBe("");
    });
  });
});
