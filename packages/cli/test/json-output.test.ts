import { validateJsonReport } from "@rampart/core";
import { gitRepo, runCli, validateSarif } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";

// Real commands through the real bin: their --format json output must be the documented document
// (packages/core/schema/report.schema.json), and a secret is never printed whole in any format.
// Assembled at runtime so that this file itself holds no token.
const token = ["ghp", "_", "x7Kq2VbN9pL4mR8sT1wY6zA3cE5gH0jD2fQ9"].join("");

async function repoWithToken() {
  return gitRepo({ "config.js": `const token = "${token}";\n`, "README.md": "demo\n" });
}

describe("--format json of implemented commands", () => {
  it("secrets scan with a finding", async () => {
    const repo = await repoWithToken();
    const r = await runCli(["secrets", "scan", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(validateJsonReport(doc)).toEqual({ valid: true, errors: [] });
    expect(doc).toMatchObject({ tool: "rampart", command: "secrets scan", ok: false });
    expect(doc.findings.length).toBeGreaterThan(0);
  });

  it("lockfile check on a clean repository", async () => {
    const repo = await gitRepo({ "README.md": "demo\n" });
    const r = await runCli(["lockfile", "check", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(validateJsonReport(doc)).toEqual({ valid: true, errors: [] });
    expect(doc).toMatchObject({ command: "lockfile check", ok: true, findings: [] });
  });

  it("signatures verify on a repository without a signing policy", async () => {
    const repo = await gitRepo({ "README.md": "demo\n" });
    const r = await runCli(["signatures", "verify", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(validateJsonReport(doc)).toEqual({ valid: true, errors: [] });
    expect(doc).toMatchObject({ command: "signatures verify", ok: true });
  });

  it.each([
    [["secrets", "scan"], 1],
    [["lockfile", "check"], 0],
    [["signatures", "verify"], 0],
  ])("%j --format sarif is valid SARIF 2.1.0", async (args, exitCode) => {
    const repo = await repoWithToken();
    const r = await runCli([...args, "--format", "sarif"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(exitCode);
    expect(validateSarif(JSON.parse(r.stdout))).toEqual({ valid: true, errors: [] });
  });

  it("--format sarif of a command that could not run is a valid log with the error in invocations", async () => {
    const repo = await gitRepo({ "README.md": "demo\n" });
    const r = await runCli(["secrets", "scan", "no-such-dir", "--format", "sarif"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(validateSarif(doc)).toEqual({ valid: true, errors: [] });
    expect(doc.runs[0].results).toEqual([]);
    expect(doc.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(doc.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toContain(
      "no-such-dir: no such file or directory",
    );
    expect(r.stderr).toContain("no such file or directory");
  });

  it.each(["text", "json", "sarif"])("never prints the secret whole (--format %s)", async (format) => {
    const repo = await repoWithToken();
    const r = await runCli(["secrets", "scan", "--format", format], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stdout + r.stderr).not.toContain(token);
  });
});
