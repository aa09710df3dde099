import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ExitCode } from "@rampart/core";
import { gitRepo, repoRoot, runCli } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";

const fixture = (p: string) => readFileSync(join(repoRoot, "packages/workflows/test/fixtures", p), "utf8");

describe("rampart workflows check", () => {
  it("judges the default set and exits 1 on findings, with ruleIds workflows/<id> and positions in json", async () => {
    const repo = await gitRepo({
      ".github/workflows/triage.yml": fixture("template-injection/ng.issue-title.yml"),
      ".github/workflows/ok.yml": fixture("permissions-missing/ok.top-level.yml"),
      ".github/actions/setup/action.yml":
        "name: setup\nruns:\n  using: composite\n  steps:\n    - uses: actions/cache@v4\n",
      ".gitlab-ci.yml": fixture("unpinned-include/ng.gitlab-ci.yml"),
    });
    const r = await runCli(["workflows", "check", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(ExitCode.Findings);
    const report = JSON.parse(r.stdout);
    const ids = new Set(report.findings.map((f: { ruleId: string }) => f.ruleId));
    expect(ids).toContain("workflows/template-injection");
    expect(ids).toContain("workflows/unpinned-include");
    expect(report.findings.some((f: { file: string }) => f.file === ".github/actions/setup/action.yml")).toBe(true);
    const injection = report.findings.find((f: { ruleId: string }) => f.ruleId === "workflows/template-injection");
    expect(injection).toMatchObject({ file: ".github/workflows/triage.yml", line: 17, column: 24 });
  });

  it("exits 0 on clean files and honours the policy's severity threshold", async () => {
    const repo = await gitRepo({
      ".github/workflows/ci.yml": fixture("persist-credentials/ng.default.yml"),
      ".rampart/config.yaml": "version: 1\nworkflows:\n  severity: error\n",
    });
    const lenient = await runCli(["workflows", "check"], { cwd: repo.dir, env: repo.env });
    expect(lenient.exitCode).toBe(ExitCode.Clean);
    expect(lenient.stdout).toContain("workflows/persist-credentials");
    const clean = await runCli(["workflows", "check", "--format", "sarif", ".github/workflows/ci.yml"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(JSON.parse(clean.stdout).runs[0].tool.driver.rules.length).toBeGreaterThan(0);
  });

  it("rejects an unknown audit in the policy (exit 2, naming the key)", async () => {
    const repo = await gitRepo({
      ".github/workflows/ci.yml": fixture("permissions-missing/ok.top-level.yml"),
      ".rampart/config.yaml": "version: 1\nworkflows:\n  audits:\n    no-such-audit: off\n",
    });
    const r = await runCli(["workflows", "check"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(ExitCode.Error);
    expect(r.stderr).toContain(".rampart/config.yaml");
  });

  it("a malformed file is one line naming file and line; the others are still judged; exit 2", async () => {
    const repo = await gitRepo({
      ".github/workflows/broken.yml": "on: push\njobs:\n  a:\n    steps: [\n",
      ".github/workflows/ci.yml": fixture("persist-credentials/ng.default.yml"),
    });
    const r = await runCli(["workflows", "check"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(ExitCode.Error);
    expect(r.stderr).toMatch(/\.github\/workflows\/broken\.yml:\d+:\d+: invalid YAML/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toContain("workflows/persist-credentials");
  });
});
