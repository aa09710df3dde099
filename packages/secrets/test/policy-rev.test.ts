import { ExitCode } from "@rampart/core";
import { gitRepo, runCli } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { HEX, rnd } from "./support/secrets.js";
import { githubToken, privateKeyPem, tokenLine } from "./synthetic.js";

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

test("scan --range --policy-rev: the other scanners' configs come from REV: a change's .gitleaks.toml cannot lower a built-in finding", async () => {
  const repo = await gitRepo({
    "README.md": "hello\n",
    ".rampart/config.yaml": "version: 1\nsecrets:\n  failOn: high\n",
  });
  const base = await repo.git(["rev-parse", "HEAD"]);
  // A rule of the change's own that swallows the key block (a match holding a multi-line secret
  // takes the matches inside it), reported at a custom rule's medium confidence: under failOn
  // high, a warning, and the key went through.
  const toml = [
    "[[rules]]",
    'id = "deploy-notes"',
    "regex = '''(?s)# deploy key\\n-----BEGIN.*?-----END[^\\n]*'''",
    "",
  ];
  repo.write(".gitleaks.toml", toml.join("\n"));
  repo.write("deploy/notes.txt", `# deploy key\n${privateKeyPem()}`);
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "--no-verify", "-m", "key, and a rule that reports it softly"]);
  const range = `${base}..HEAD`;
  const local = await runCli(["secrets", "scan", "--range", range, "--format", "json"], {
    cwd: repo.dir,
    env: repo.env,
  });
  // The developer's own view runs the change's rule (what the hole was, in CI).
  expect(JSON.parse(local.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["deploy-notes"]);
  expect(local.exitCode).toBe(ExitCode.Clean);
  const trusted = await runCli(["secrets", "scan", "--range", range, "--policy-rev", base, "--format", "json"], {
    cwd: repo.dir,
    env: repo.env,
  });
  expect(trusted.exitCode).toBe(ExitCode.Findings);
  const findings = JSON.parse(trusted.stdout).findings as Array<{ ruleId: string; confidence: string }>;
  expect(findings.map((f) => [f.ruleId, f.confidence])).toEqual([["private-key-pem", "high"]]);
});

test("scan --range --policy-rev: a change that deletes REV's .gitleaks.toml still meets its rules", async () => {
  const token = `ACME-${rnd(HEX, 24)}`;
  const toml = ["[[rules]]", 'id = "acme-token"', "regex = '''ACME-[0-9a-f]{24}'''", 'keywords = ["acme-"]', ""];
  const repo = await gitRepo({
    "README.md": "hello\n",
    ".rampart/config.yaml": "version: 1\nsecrets: {}\n",
    ".gitleaks.toml": toml.join("\n"),
  });
  const base = await repo.git(["rev-parse", "HEAD"]);
  await repo.git(["rm", "-q", ".gitleaks.toml"]);
  repo.write("src/client.js", `const key = "${token}";\n`);
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "--no-verify", "-m", "a token, and no more rule for it"]);
  const range = `${base}..HEAD`;
  const local = await runCli(["secrets", "scan", "--range", range], { cwd: repo.dir, env: repo.env });
  expect(local.exitCode).toBe(ExitCode.Clean);
  const trusted = await runCli(["secrets", "scan", "--range", range, "--policy-rev", base, "--format", "json"], {
    cwd: repo.dir,
    env: repo.env,
  });
  expect(trusted.exitCode).toBe(ExitCode.Findings);
  expect(JSON.parse(trusted.stdout).findings.map((f: { ruleId: string; file: string }) => [f.ruleId, f.file])).toEqual([
    ["acme-token", "src/client.js"],
  ]);
  // REV's broken copy is an error naming it, never a check switched off.
  const broken = await gitRepo({
    "README.md": "x\n",
    ".rampart/config.yaml": "version: 1\nsecrets: {}\n",
    ".gitleaks.toml": "[[rules]\n",
  });
  const brokenBase = await broken.git(["rev-parse", "HEAD"]);
  broken.write(".gitleaks.toml", toml.join("\n"));
  broken.write("a.txt", "a\n");
  await broken.git(["add", "-A"]);
  await broken.git(["commit", "-q", "--no-verify", "-m", "fix it in the change"]);
  const r = await runCli(["secrets", "scan", "--range", `${brokenBase}..HEAD`, "--policy-rev", brokenBase], {
    cwd: broken.dir,
    env: broken.env,
  });
  expect(r.exitCode).toBe(ExitCode.Error);
  expect(r.stderr).toContain(`${brokenBase}:.gitleaks.toml is not valid TOML`);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
