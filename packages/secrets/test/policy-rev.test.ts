import { ExitCode } from "@rampart/core";
import { gitRepo, runCli } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { githubToken, tokenLine } from "./synthetic.js";

// Runs the built bin (packages/cli/dist): build first with `pnpm exec tsc -b packages/cli`.
// What a change may switch off comes from the trusted revision, never from the commits under review.
test("scan --range --policy-rev: a change that ignores its own path still fails", async () => {
  const repo = await gitRepo({ "README.md": "hello\n", ".rampart/config.yaml": "version: 1\nsecrets: {}\n" });
  const base = await repo.git(["rev-parse", "HEAD"]);
  repo.write("src/leak.js", tokenLine(githubToken(7)));
  repo.write(".rampart/config.yaml", "version: 1\nsecrets:\n  ignorePaths: ['src/**']\n");
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "-m", "leak, and switch the scan off for it"]);
  const range = `${base}..HEAD`;
  const untrusted = await runCli(["secrets", "scan", "--range", range], { cwd: repo.dir, env: repo.env });
  expect(untrusted.exitCode).toBe(ExitCode.Clean); // the working tree's policy hides it: why --policy-rev exists
  const trusted = await runCli(["secrets", "scan", "--range", range, "--policy-rev", base], {
    cwd: repo.dir,
    env: repo.env,
  });
  expect(trusted.exitCode).toBe(ExitCode.Findings);
  expect(trusted.stdout).toContain("src/leak.js");
  const bad = await runCli(["secrets", "scan", "--range", range, "--policy-rev", "no-such-rev"], {
    cwd: repo.dir,
    env: repo.env,
  });
  expect(bad.exitCode).toBe(ExitCode.Error);
  expect(bad.stderr).toMatch(/--policy-rev no-such-rev is not a commit/);
  expect(bad.stderr).not.toMatch(/\n\s+at /);
});

test("scan --range --policy-rev: an inline allow comment the change adds clears nothing; one already in the base stays", async () => {
  const old = githubToken(11);
  const repo = await gitRepo({
    "README.md": "hello\n",
    ".rampart/config.yaml": "version: 1\nsecrets: {}\n",
    "src/known.js": `${tokenLine(old).trimEnd()} // rampart:allow\n`,
  });
  const base = await repo.git(["rev-parse", "HEAD"]);
  const range = `${base}..HEAD`;
  for (const comment of ["// rampart:allow", "// gitleaks:allow", "// pragma: allowlist secret"]) {
    repo.write("src/leak.js", `${tokenLine(githubToken(comment.length)).trimEnd()} ${comment}\n`);
    repo.write("src/known.js", `${tokenLine(old).trimEnd()} // rampart:allow\nconst x = 1;\n`); // an edit near the old one
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", `leak, allowed inline (${comment})`]);
    const local = await runCli(["secrets", "scan", "--range", range], { cwd: repo.dir, env: repo.env });
    expect(local.exitCode, comment).toBe(ExitCode.Clean); // the developer's own view: the comment applies
    const trusted = await runCli(["secrets", "scan", "--range", range, "--policy-rev", base, "--format", "json"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(trusted.exitCode, comment).toBe(ExitCode.Findings);
    const findings = JSON.parse(trusted.stdout).findings as Array<{ file: string; message: string }>;
    expect(findings.map((f) => f.file)).toEqual(["src/leak.js"]);
    expect(findings[0]?.message).toContain("with an inline allow comment the change itself adds (not trusted here)");
    await repo.git(["reset", "-q", "--hard", base]);
  }
});
