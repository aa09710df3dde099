import { lstatSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { ExitCode } from "@rampart/core";
import { gitRepo, runCli, tempDir, validateSarif } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";

const PACKAGE_JSON = `${JSON.stringify({ name: "app", version: "1.0.0" }, null, 2)}\n`;

describe("rampart audit", () => {
  it("prints one row per framework id in json, exits 0 without --min-score", async () => {
    const repo = await gitRepo({ "package.json": PACKAGE_JSON });
    const r = await runCli(["audit", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode, r.stderr).toBe(ExitCode.Clean);
    const report = JSON.parse(r.stdout);
    expect(report.checks).toHaveLength(27);
    expect(report.checks[0]).toMatchObject({ id: "SRC-1", status: "fail" });
    expect(typeof report.score).toBe("number");
  });

  it("--min-score gates: exit 1 below it with one line on stderr, 0 at or above", async () => {
    const repo = await gitRepo({ "package.json": PACKAGE_JSON });
    const low = await runCli(["audit", "--min-score", "90"], { cwd: repo.dir, env: repo.env });
    expect(low.exitCode).toBe(ExitCode.Findings);
    expect(low.stderr).toMatch(/^rampart audit: score \d+ is below --min-score 90\n$/);
    expect((await runCli(["audit", "--min-score", "0", "-q"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(
      ExitCode.Clean,
    );
  });

  it("markdown and SARIF (valid against the 2.1.0 schema), a PATH argument", async () => {
    const repo = await gitRepo({ "package.json": PACKAGE_JSON });
    const md = await runCli(["audit", repo.dir, "--format", "markdown"], { env: repo.env });
    expect(md.exitCode, md.stderr).toBe(ExitCode.Clean);
    expect(md.stdout).toMatch(/^## rampart audit\n/);
    expect(md.stdout).toContain("| SRC-1 | fail |");
    const sarif = await runCli(["audit", "--format", "sarif"], { cwd: repo.dir, env: repo.env });
    const log = JSON.parse(sarif.stdout);
    expect(validateSarif(log).errors).toEqual([]);
    expect(log.runs[0].results.some((r: { ruleId: string }) => r.ruleId === "audit/SRC-1")).toBe(true);
  });

  it("bad input is one line and exit 2: unknown format, a bad --min-score, outside a repository", async () => {
    const repo = await gitRepo({ "package.json": PACKAGE_JSON });
    for (const args of [
      ["--format", "yaml"],
      ["--min-score", "101"],
      ["--min-score", "high"],
    ]) {
      const r = await runCli(["audit", ...args], { cwd: repo.dir, env: repo.env });
      expect(r.exitCode, args.join(" ")).toBe(ExitCode.Error);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const outside = tempDir();
    try {
      const r = await runCli(["audit"], { cwd: outside.dir, env: repo.env });
      expect(r.exitCode).toBe(ExitCode.Error);
    } finally {
      outside.cleanup();
    }
  });

  it("--badge writes an SVG; never through a symlink, and another file only with --force", async () => {
    const repo = await gitRepo({ "package.json": PACKAGE_JSON });
    const ok = await runCli(["audit", "-q", "--badge", "badge.svg"], { cwd: repo.dir, env: repo.env });
    expect(ok.exitCode, ok.stderr).toBe(ExitCode.Clean);
    expect(readFileSync(repo.path("badge.svg"), "utf8")).toMatch(/^<svg [^>]*aria-label="supply chain: \d+\/100"/);
    expect((await runCli(["audit", "-q", "--badge", "badge.svg"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(
      ExitCode.Clean,
    );

    writeFileSync(repo.path("target.txt"), "keep me\n");
    symlinkSync(repo.path("target.txt"), repo.path("link.svg"));
    const link = await runCli(["audit", "-q", "--badge", "link.svg"], { cwd: repo.dir, env: repo.env });
    expect(link.exitCode).toBe(ExitCode.Error);
    expect(link.stderr).toMatch(/symlink/);
    expect(readFileSync(repo.path("target.txt"), "utf8")).toBe("keep me\n");
    expect(lstatSync(repo.path("link.svg")).isSymbolicLink()).toBe(true);

    writeFileSync(repo.path("logo.svg"), "<svg>mine</svg>\n");
    const mine = await runCli(["audit", "-q", "--badge", "logo.svg"], { cwd: repo.dir, env: repo.env });
    expect(mine.exitCode).toBe(ExitCode.Error);
    expect(readFileSync(repo.path("logo.svg"), "utf8")).toBe("<svg>mine</svg>\n");
    expect(
      (await runCli(["audit", "-q", "--badge", "logo.svg", "--force"], { cwd: repo.dir, env: repo.env })).exitCode,
    ).toBe(ExitCode.Clean);
  });

  it("--online without a token: exit 2 naming GITHUB_TOKEN", async () => {
    const repo = await gitRepo({ "package.json": PACKAGE_JSON });
    const env = { ...repo.env };
    delete env.GITHUB_TOKEN;
    delete env.GH_TOKEN;
    const r = await runCli(["audit", "--online", "--repo", "acme/app"], { cwd: repo.dir, env });
    expect(r.exitCode).toBe(ExitCode.Error);
    expect(r.stderr).toMatch(/GITHUB_TOKEN or GH_TOKEN/);
  });
});
