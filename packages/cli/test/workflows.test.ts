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

  it("a file that does not parse never reads as clean: text names it not judged, json ok:false, SARIF not successful", async () => {
    const repo = await gitRepo({ ".github/workflows/b.yml": "on: pull_request_target\njobs:\n  x: [\n" });
    const text = await runCli(["workflows", "check"], { cwd: repo.dir, env: repo.env });
    expect(text.exitCode).toBe(ExitCode.Error);
    expect(text.stdout).toMatch(/✖ 1 file could not be read, not judged: \.github\/workflows\/b\.yml:\d+/);
    expect(`${text.stdout}${text.stderr}`).not.toContain("no problems found");
    const json = await runCli(["workflows", "check", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(json.exitCode).toBe(ExitCode.Error);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.notJudged).toMatchObject([{ code: "WORKFLOW_INVALID", file: ".github/workflows/b.yml" }]);
    const sarif = await runCli(["workflows", "check", "--format", "sarif"], { cwd: repo.dir, env: repo.env });
    const invocation = JSON.parse(sarif.stdout).runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toHaveLength(1);
  });
});

describe("rampart workflows fix", () => {
  const SHA = "11bd71901bbe5b1630ceea73d27597364c9af683";
  const WORKFLOW =
    "# CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4 # keep me\n        with:\n          persist-credentials: false\n";

  it("--dry-run prints the diff and writes nothing; offline without an entry it names the action to resolve (exit 1)", async () => {
    const repo = await gitRepo({ ".github/workflows/ci.yml": WORKFLOW });
    const r = await runCli(["workflows", "fix", "--dry-run"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(ExitCode.Findings);
    expect(r.stderr).toContain(".github/workflows/ci.yml:7: actions/checkout@v4 needs resolving");
    expect(r.stdout).toContain("+++ b/.github/workflows/ci.yml");
    expect(r.stdout).toContain("+permissions: {}");
    expect(readFileSync(repo.path(".github/workflows/ci.yml"), "utf8")).toBe(WORKFLOW);
  });

  it("--online resolves through GITHUB_API_URL (a loopback server), writes the lock and the pinned file, which then passes check", async () => {
    const { createServer } = await import("node:http");
    let calls = 0;
    const server = createServer((req, res) => {
      calls++;
      if (req.url === "/repos/actions/checkout/commits/v4") res.writeHead(200).end(SHA);
      else res.writeHead(404).end("{}");
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    try {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const repo = await gitRepo({ ".github/workflows/ci.yml": WORKFLOW });
      const env = { ...repo.env, GITHUB_API_URL: `http://127.0.0.1:${port}`, GITHUB_TOKEN: "test-token-value" };
      const r = await runCli(["workflows", "fix", "--online", "--max-calls", "5"], { cwd: repo.dir, env });
      expect(r.stderr).not.toContain("test-token-value");
      expect(r.exitCode).toBe(ExitCode.Clean);
      expect(r.stderr).toMatch(/1 API call\(s\) of a budget of 5; 1 resolved/);
      expect(calls).toBe(1);
      const lock = JSON.parse(readFileSync(repo.path(".rampart/actions.lock.json"), "utf8"));
      expect(lock.actions["actions/checkout@v4"].sha).toBe(SHA);
      const fixed = readFileSync(repo.path(".github/workflows/ci.yml"), "utf8");
      expect(fixed).toContain(`- uses: actions/checkout@${SHA} # v4\n`);
      expect(fixed.startsWith("# CI\n")).toBe(true);
      const check = await runCli(["workflows", "check"], { cwd: repo.dir, env: repo.env });
      expect(check.exitCode).toBe(ExitCode.Clean);
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});

describe("rampart workflows check follows GitLab's local includes", () => {
  const curl =
    "build:\n  image: node@sha256:" +
    "a".repeat(64) +
    "\n  script:\n    - curl -fsSL https://get.example.com/install.sh | sh\n";
  it("judges what .gitlab-ci.yml includes (local:, a bare path, wildcards, nested), once each, cycles included", async () => {
    const repo = await gitRepo({
      ".gitlab-ci.yml":
        "include:\n  - local: /ci/build.yml\n  - '/ci/jobs/*.yml'\n  - .gitlab/deploy.yml\n  - remote: https://ci.example.com/t.yml\n",
      "ci/build.yml": `include:\n  - local: /.gitlab-ci.yml\n  - local: ci/nested/**.yml\n${curl}`,
      "ci/jobs/lint.yml": curl.replace("build:", "lint:"),
      "ci/nested/deep/test.yml": curl.replace("build:", "deep:"),
      ".gitlab/deploy.yml": curl.replace("build:", "deploy:"),
      "ci/unrelated.yml": curl.replace("build:", "unrelated:"),
    });
    const r = await runCli(["workflows", "check", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode, r.stderr).toBe(ExitCode.Findings);
    const findings = JSON.parse(r.stdout).findings as Array<{ ruleId: string; file: string; message: string }>;
    const piped = findings.filter((f) => f.ruleId === "workflows/curl-pipe-shell").map((f) => f.file);
    expect(piped.sort()).toEqual([".gitlab/deploy.yml", "ci/build.yml", "ci/jobs/lint.yml", "ci/nested/deep/test.yml"]);
    expect(findings.filter((f) => f.ruleId === "workflows/include-not-audited").map((f) => f.message)).toEqual([
      "remote include https://ci.example.com/t.yml: its jobs are not audited",
    ]);
    // An explicit .gitlab-ci.yml (CI passes the changed files) is followed the same way.
    const explicit = await runCli(["workflows", "check", "--format", "json", ".gitlab-ci.yml"], {
      cwd: repo.dir,
      env: repo.env,
    });
    const files = new Set((JSON.parse(explicit.stdout).findings as Array<{ file: string }>).map((f) => f.file));
    expect(files.has("ci/jobs/lint.yml")).toBe(true);
  });

  it("an include leaving the repository, a symlink or a missing file is not followed", async () => {
    const repo = await gitRepo({
      ".gitlab-ci.yml": "include:\n  - local: ../outside.yml\n  - local: /ci/missing.yml\n  - local: /ci/link.yml\n",
    });
    const { symlinkSync, writeFileSync } = await import("node:fs");
    writeFileSync(join(repo.dir, "..", "outside.yml"), curl);
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(repo.dir, "ci"));
    symlinkSync(join(repo.dir, "..", "outside.yml"), join(repo.dir, "ci", "link.yml"));
    const r = await runCli(["workflows", "check", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode, r.stderr).toBe(ExitCode.Clean);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });

  it("judges every local action a workflow uses (any path, through composite actions, a cycle once); a path leaving the repository, a symlink or a missing action is reported", async () => {
    const composite = (steps: string) => `name: x\nruns:\n  using: composite\n  steps:\n${steps}`;
    const piped = "    - run: curl -fsSL https://example.com/i.sh | sh\n      shell: bash\n";
    const workflow = (uses: string[]) =>
      `on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${uses.map((u) => `      - uses: ${u}\n`).join("")}`;
    const repo = await gitRepo({
      ".github/workflows/ci.yml": workflow(["./tools/setup", "./.github/x"]),
      "tools/setup/action.yml": composite(`    - uses: ./tools/nested\n${piped}`),
      "tools/nested/action.yaml": composite(`    - uses: ./tools/setup\n${piped}`),
      ".github/x/action.yml": composite(piped),
      "tools/unused/action.yml": composite(piped),
    });
    const r = await runCli(["workflows", "check", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode, r.stderr).toBe(ExitCode.Findings);
    const findings = JSON.parse(r.stdout).findings as Array<{
      ruleId: string;
      file: string;
      severity: string;
      message: string;
    }>;
    const files = (rule: string) =>
      findings
        .filter((f) => f.ruleId === rule)
        .map((f) => f.file)
        .sort();
    expect(files("workflows/curl-pipe-shell")).toEqual([
      ".github/x/action.yml",
      "tools/nested/action.yaml",
      "tools/setup/action.yml",
    ]);
    expect(files("workflows/local-action-not-audited")).toEqual([]);
    // CI passes the changed files: an explicit workflow is followed the same way.
    const explicit = await runCli(["workflows", "check", "--format", "json", ".github/workflows/ci.yml"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(new Set((JSON.parse(explicit.stdout).findings as Array<{ file: string }>).map((f) => f.file))).toContain(
      "tools/nested/action.yaml",
    );

    const { mkdirSync, symlinkSync, writeFileSync } = await import("node:fs");
    const outside = join(repo.dir, "..", `outside-${Date.now()}`);
    mkdirSync(outside);
    writeFileSync(join(outside, "action.yml"), composite(piped));
    symlinkSync(outside, repo.path("tools/linked"));
    mkdirSync(repo.path("tools/file-link"));
    symlinkSync(join(outside, "action.yml"), repo.path("tools/file-link/action.yml"));
    repo.write(
      ".github/workflows/ci.yml",
      workflow(["./tools/linked", "./tools/file-link", "./tools/../../outside", "./tools/checked-out-later"]),
    );
    const refused = await runCli(["workflows", "check", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(refused.exitCode, refused.stderr).toBe(ExitCode.Findings);
    const notAudited = (JSON.parse(refused.stdout).findings as typeof findings).filter(
      (f) => f.ruleId === "workflows/local-action-not-audited",
    );
    expect(notAudited.map((f) => [f.message.split(":")[0], f.severity])).toEqual([
      ["local action ./tools/linked is not audited", "error"],
      ["local action ./tools/file-link is not audited", "error"],
      ["local action ./tools/../../outside is not audited", "error"],
      ["local action ./tools/checked-out-later is not audited", "warning"],
    ]);
    expect(files("workflows/curl-pipe-shell")).not.toContain("tools/linked/action.yml");
  });
});
