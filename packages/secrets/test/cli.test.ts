import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { ExitCode } from "@rampart/core";
import { cliBin, gitRepo, loadedModules, moduleTracer, runCli } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { awsAccessKeyId, githubToken, privateKeyPem, tokenLine } from "./synthetic.js";

// Runs the built bin (packages/cli/dist): build first with `pnpm exec tsc -b packages/cli`.
describe("rampart secrets (built CLI)", () => {
  it("never prints a secret whole in text, json or sarif; --show-secrets does", async () => {
    const secrets = [githubToken(1), awsAccessKeyId(2), privateKeyPem("ed25519").trimEnd()];
    const repo = await gitRepo({
      "a.js": tokenLine(secrets[0] as string),
      "b.py": `KEY = "${secrets[1]}"\n`,
      "c.txt": `${secrets[2]}\n`,
    });
    for (const format of ["text", "json", "sarif"]) {
      const r = await runCli(["secrets", "scan", "--format", format], { cwd: repo.dir, env: repo.env });
      expect(r.exitCode).toBe(ExitCode.Findings);
      expect(r.stdout).toContain("a.js");
      for (const s of secrets) {
        // Not whole, and not any 12-character slice beyond the short prefix the mask allows.
        for (let i = 4; i + 12 <= s.length; i += 6) expect(r.stdout + r.stderr).not.toContain(s.slice(i, i + 12));
      }
    }
    const shown = await runCli(["secrets", "scan", "--show-secrets"], { cwd: repo.dir, env: repo.env });
    expect(shown.stdout).toContain(secrets[0]);
    // Never in CI, whose logs others read: refused before anything is scanned.
    for (const CI of ["true", "1"]) {
      const ci = await runCli(["secrets", "scan", "--show-secrets", "--format", "json"], {
        cwd: repo.dir,
        env: { ...repo.env, CI },
      });
      expect(ci.exitCode).toBe(ExitCode.Error);
      expect(ci.stderr).toContain("--show-secrets is refused in CI");
      for (const s of secrets) expect(ci.stdout + ci.stderr).not.toContain(s.slice(4, 16));
    }
  });

  it("blocks a real `git commit` of an AWS key or a GitHub token from the pre-commit hook", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    const hook = repo.path(".git/hooks/pre-commit");
    repo.write(".git/hooks/pre-commit", `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" secrets scan --staged\n`);
    chmodSync(hook, 0o755);
    const head = await repo.git(["rev-parse", "HEAD"]);
    for (const [name, content] of [
      ["aws.js", `const id = "${awsAccessKeyId(3)}";\n`],
      ["gh.js", tokenLine(githubToken(4))],
    ] as const) {
      repo.write(name, content);
      await repo.git(["add", name]);
      const commit = await repo.gitResult(["commit", "-q", "-m", `add ${name}`]);
      expect(commit.exitCode).not.toBe(0);
      expect(commit.stdout + commit.stderr).toContain(name);
      expect(await repo.git(["rev-parse", "HEAD"])).toBe(head);
      await repo.git(["rm", "-q", "--cached", name]);
    }
    repo.write("ok.js", "export const ok = true;\n");
    await repo.git(["add", "ok.js"]);
    expect((await repo.gitResult(["commit", "-q", "-m", "clean"])).exitCode).toBe(0);
  });

  it("writes a baseline that makes the next scan pass", async () => {
    const repo = await gitRepo({ "a.js": tokenLine(githubToken(5)) });
    const b = await runCli(["secrets", "baseline"], { cwd: repo.dir, env: repo.env });
    expect(b.exitCode).toBe(ExitCode.Clean);
    expect(b.stdout).toContain("1 accepted finding(s), 1 added, 0 removed");
    expect(readFileSync(repo.path(".rampart/secrets-baseline.json"), "utf8")).not.toContain(githubToken(5));
    expect((await runCli(["secrets", "scan"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(ExitCode.Clean);
  });

  it("scans the whole history in worker threads", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    const script = 'for i in $(seq 1 110); do echo "$i" > n.txt; git add n.txt; git commit -q -m "$i"; done';
    execFileSync("sh", ["-c", script], { cwd: repo.dir, env: repo.env, timeout: 60_000 });
    repo.write("late.js", tokenLine(githubToken(6)));
    const late = await repo.commit("late");
    const r = await runCli(["secrets", "scan", "--all-history", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(ExitCode.Findings);
    const report = JSON.parse(r.stdout);
    expect(report.stats.commits).toBe(112);
    expect(report.findings.map((f: { commit: string }) => f.commit)).toEqual([late]);
  });

  it("loads no secretlint, TOML or YAML code on the default path, and secretlint when configured", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    const log = repo.path("..", "loaded.txt");
    const loaded = async () => {
      writeFileSync(log, "");
      execFileSync(process.execPath, ["--import", moduleTracer, cliBin, "secrets", "scan", "--staged"], {
        cwd: repo.dir,
        env: { ...repo.env, RAMPART_TRACE: log },
        timeout: 60_000,
      });
      // A file of the CLI's bundle counts as the modules it holds.
      return loadedModules(readFileSync(log, "utf8").split("\n").filter(Boolean)).join("\n");
    };
    repo.write("a.js", "export const a = 1;\n");
    await repo.git(["add", "a.js"]);
    const plain = await loaded();
    expect(plain).toContain("secrets/dist/staged.js");
    expect(plain).not.toMatch(/@secretlint|smol-toml|\/yaml\/|\/ajv\//);
    repo.write(".secretlintrc.json", JSON.stringify({ rules: [] }));
    expect(await loaded()).toContain("@secretlint/core");
  });

  it("documents every flag of the command in this package's README", async () => {
    const help = await runCli(["secrets", "scan", "--help"]);
    const own = help.stdout.slice(help.stdout.indexOf("Options:"), help.stdout.indexOf("Global options"));
    const flags = [...own.matchAll(/--[a-z-]+/g)].map((m) => m[0]);
    expect(flags.length).toBeGreaterThan(5);
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const flag of flags) expect(readme, flag).toContain(`\`${flag}`);
  });

  it("scans a commit message file, and rejects two scan modes at once with exit 2", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    repo.write(".git/COMMIT_EDITMSG", `deploy\n\nkey ${awsAccessKeyId(7)}\n`);
    const m = await runCli(["secrets", "scan", "--message-file", ".git/COMMIT_EDITMSG"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(m.exitCode).toBe(ExitCode.Findings);
    const both = await runCli(["secrets", "scan", "--staged", "--all-history"], { cwd: repo.dir, env: repo.env });
    expect(both.exitCode).toBe(ExitCode.Error);
    expect(both.stderr).toContain("choose one of");
  });
});
