import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ExitCode } from "@rampart/core";
import { type GitRepo, gitRepo, runCli } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";

// Every file a command writes goes through core's safe write: a missing folder of an output path
// is created (one rule for --output and --baseline), a symlink is never written through, and any
// failure is one line naming the file, exit 2.

const lock = { name: "demo", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": { name: "demo" } } };

async function project(): Promise<GitRepo> {
  return gitRepo({
    "package.json": JSON.stringify({ name: "demo", version: "1.0.0" }),
    "package-lock.json": JSON.stringify(lock),
  });
}

function outside(repo: GitRepo): string {
  const dir = join(dirname(repo.dir), "outside");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "victim"), "precious\n");
  return dir;
}

function expectOneLineRefusal(r: { exitCode: number; stderr: string }, code = ExitCode.Error): void {
  expect(r.exitCode).toBe(code);
  expect(r.stderr).not.toMatch(/unexpected error|likely a bug|\n\s+at /);
  expect(r.stderr).toMatch(/^rampart: /m);
}

describe("output paths", () => {
  it("sbom --output into a missing folder creates it", async () => {
    const repo = await project();
    const r = await runCli(["sbom", "--output", "out/deep/sbom.json"], { cwd: repo.dir, env: repo.env });
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.exitCode).toBe(ExitCode.Clean);
    expect(JSON.parse(readFileSync(repo.path("out/deep/sbom.json"), "utf8")).bomFormat).toBe("CycloneDX");
  });

  it("sbom --output through a symlinked folder or onto a symlink is refused, nothing outside written", async () => {
    const repo = await project();
    const dir = outside(repo);
    symlinkSync(dir, repo.path("out"));
    const viaFolder = await runCli(["sbom", "--output", "out/sbom.json"], { cwd: repo.dir, env: repo.env });
    expectOneLineRefusal(viaFolder);
    expect(viaFolder.stderr).toContain("out is a symlink");
    symlinkSync(join(dir, "victim"), repo.path("sbom.json"));
    const onto = await runCli(["sbom", "--output", "sbom.json", "--force"], { cwd: repo.dir, env: repo.env });
    expectOneLineRefusal(onto);
    expect(readdirSync(dir)).toEqual(["victim"]);
    expect(readFileSync(join(dir, "victim"), "utf8")).toBe("precious\n");
  });

  it("sbom --output naming a folder, or below a file, is one line and exit 2", async () => {
    const repo = await project();
    mkdirSync(repo.path("adir"));
    expectOneLineRefusal(await runCli(["sbom", "--output", "adir", "--force"], { cwd: repo.dir, env: repo.env }));
    expectOneLineRefusal(
      await runCli(["sbom", "--output", "package.json/x.json", "--force"], { cwd: repo.dir, env: repo.env }),
    );
  });

  it("attest --output into a missing folder creates it; onto a symlink is refused", async () => {
    const repo = await project();
    const key = join(repo.home, "key");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]);
    const r = await runCli(["attest", "package.json", "--key", key, "--output", "att/x.intoto.jsonl"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.exitCode).toBe(ExitCode.Clean);
    expect(readFileSync(repo.path("att/x.intoto.jsonl"), "utf8")).toMatch(/^\{"payloadType"/);
    const dir = outside(repo);
    symlinkSync(join(dir, "victim"), repo.path("y.intoto.jsonl"));
    expectOneLineRefusal(
      await runCli(["attest", "package.json", "--key", key, "--output", "y.intoto.jsonl", "--force"], {
        cwd: repo.dir,
        env: repo.env,
      }),
    );
    expect(readFileSync(join(dir, "victim"), "utf8")).toBe("precious\n");
  });

  it("secrets baseline: a symlinked .rampart is refused; --baseline into a missing folder is created", async () => {
    const repo = await project();
    const dir = outside(repo);
    symlinkSync(dir, repo.path(".rampart"));
    expectOneLineRefusal(await runCli(["secrets", "baseline"], { cwd: repo.dir, env: repo.env }));
    expect(readdirSync(dir)).toEqual(["victim"]);
    const r = await runCli(["secrets", "baseline", "--baseline", "b/c/baseline.json"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(r.exitCode).toBe(ExitCode.Clean);
    expect(existsSync(repo.path("b/c/baseline.json"))).toBe(true);
  });

  it("a policy's secrets.baseline outside the repository is refused, not written", async () => {
    const repo = await gitRepo({
      ".rampart/config.yaml": "version: 1\nsecrets:\n  baseline: ../outside/victim\n",
    });
    const dir = outside(repo);
    const valid = '{"version":1,"entries":{}}';
    writeFileSync(join(dir, "victim"), valid);
    const r = await runCli(["secrets", "baseline"], { cwd: repo.dir, env: repo.env });
    expectOneLineRefusal(r);
    expect(readFileSync(join(dir, "victim"), "utf8")).toBe(valid);
  });

  it("workflows fix does not write through a symlinked workflow file or .github folder", async () => {
    const repo = await gitRepo({ "README.md": "x\n" });
    const dir = outside(repo);
    const wf = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n";
    writeFileSync(join(dir, "ci.yml"), wf);
    mkdirSync(repo.path(".github"));
    symlinkSync(dir, repo.path(".github/workflows"));
    const r = await runCli(["workflows", "fix", ".github/workflows/ci.yml"], { cwd: repo.dir, env: repo.env });
    expect(r.stderr).not.toMatch(/unexpected error|likely a bug/);
    expect(r.exitCode).toBe(ExitCode.Error);
    expect(readFileSync(join(dir, "ci.yml"), "utf8")).toBe(wf);
  });
});

describe("init through the CLI", () => {
  it("a symlinked .github is refused in one line, exit 2, and nothing is written", async () => {
    const repo = await project();
    const dir = outside(repo);
    symlinkSync(dir, repo.path(".github"));
    const r = await runCli(["init", "--yes"], { cwd: repo.dir, env: repo.env });
    expectOneLineRefusal(r);
    expect(r.stderr).toContain(".github is a symlink");
    expect(readdirSync(dir)).toEqual(["victim"]);
    expect(existsSync(repo.path(".rampart"))).toBe(false);
    expect(await repo.git(["status", "--porcelain"])).toBe("?? .github");
  });
});
