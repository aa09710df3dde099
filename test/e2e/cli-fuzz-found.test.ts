import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { gitRepo, repoRoot } from "../helpers/src/index.js";
import { PLANTED } from "./fuzz/mutate.js";
import { problems, runInProcess } from "./fuzz/run.js";

// What the CLI fuzzer (cli-fuzz.test.ts) found, pinned as plain cases so they stay fixed whatever
// the seed: each failed on main before its fix (crash with "unexpected error", or a leak).

const DEPTH = 5000;
// A block sequence at column 0 between two keys of a nested mapping: the yaml package's parser
// recurses per level past the stack there (the composer catches its own overflow, the parser not).
const blockNest = `${"- ".repeat(DEPTH)}deep`;
const flowNest = `${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`;

describe("fuzzer findings", () => {
  it("a workflow nested deeper than the parser's stack is one error naming the file, exit 2", async () => {
    for (const body of [`${blockNest}\n  b:\n    runs-on: y`, `    steps: ${flowNest}`]) {
      const repo = await gitRepo({ ".github/workflows/ci.yml": `on: push\njobs:\n  a:\n    runs-on: x\n${body}\n` });
      const o = await runInProcess(["workflows", "check"], repo.dir, repo.env);
      expect(problems(o, [])).toEqual([]);
      expect(o.exitCode).toBe(2);
      expect(o.stderr).toContain(".github/workflows/ci.yml");
    }
  });

  it("a policy nested too deeply is CONFIG_INVALID (exit 2) for every command that reads it", async () => {
    const repo = await gitRepo({
      "README.md": "x\n",
      ".rampart/config.yaml": `version: 1\nhooks:\n  preCommit: {}\n${blockNest}\n  prePush: {}\n`,
    });
    for (const args of [
      ["secrets", "scan", "README.md"],
      ["workflows", "check"],
    ]) {
      const o = await runInProcess(args, repo.dir, repo.env);
      expect(problems(o, []), args.join(" ")).toEqual([]);
      expect(o.exitCode, args.join(" ")).toBe(2);
      expect(o.stderr, args.join(" ")).toContain(".rampart/config.yaml");
    }
    // The doctor reports what it finds as its checks (exit 1), never a crash.
    const status = await runInProcess(["hooks", "status"], repo.dir, repo.env);
    expect(problems(status, [])).toEqual([]);
    expect(status.exitCode).toBe(1);
  });

  it("an attestation whose keyid is not a string is an invalid attestation, not a crash", async () => {
    const repo = await gitRepo({ "artifact.txt": "the artifact\n" });
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", repo.path("k")]);
    const made = await runInProcess(["attest", "artifact.txt", "--key", "k"], repo.dir, repo.env);
    expect(made.exitCode).toBe(0);
    expect(made.stdout).toMatch(/"keyid":"[^"]*"/);
    for (const keyid of [`${"[".repeat(50_000)}${"]".repeat(50_000)}`, '{"a":1}', "7"]) {
      repo.write("a.intoto.jsonl", made.stdout.replace(/"keyid":"[^"]*"/, `"keyid":${keyid}`));
      const o = await runInProcess(
        ["verify", "artifact.txt", "--attestation", "a.intoto.jsonl", "--key", "k.pub"],
        repo.dir,
        repo.env,
      );
      expect(problems(o, [])).toEqual([]);
      expect(o.exitCode).toBe(2);
      expect(o.stderr).toContain("a.intoto.jsonl:1");
    }
  });

  it("attest refuses a predicate nested deeper than the credential stripping looks (or than the stack)", async () => {
    const repo = await gitRepo({ "artifact.txt": "the artifact\n" });
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", repo.path("k")]);
    const secretUrl = `"https://alice:${PLANTED.password}@npm.corp.example/x.tgz"`;
    for (const depth of [70, 50_000]) {
      repo.write("p.json", `${'{"a":'.repeat(depth)}${secretUrl}${"}".repeat(depth)}`);
      const o = await runInProcess(
        ["attest", "artifact.txt", "--key", "k", "--predicate", "p.json"],
        repo.dir,
        repo.env,
      );
      const payloads = [...o.stdout.matchAll(/"payload":"([^"]+)"/g)].map((m) => Buffer.from(m[1] ?? "", "base64"));
      expect(problems({ ...o, stdout: `${o.stdout}${payloads.join("")}` }, [PLANTED.password])).toEqual([]);
      expect(o.exitCode).toBe(2);
      expect(o.stderr).toContain("p.json");
    }
  });

  it("a lockfile version nested deeper than the stack (or megabytes long) is a parse error, not a crash", async () => {
    const huge = JSON.stringify("9".repeat(2_000_000));
    for (const [file, text] of [
      ["package-lock.json", `{"lockfileVersion": ${flowNest}, "packages": {}}`],
      ["package-lock.json", `{"lockfileVersion": ${huge}, "packages": {}}`],
      ["pnpm-lock.yaml", `lockfileVersion: ${huge}\n`],
    ]) {
      const repo = await gitRepo({
        "package.json": '{"name":"a","version":"1.0.0"}',
        [file as string]: text as string,
      });
      for (const args of [
        ["lockfile", "check", file as string],
        ["sbom", "--timestamp", "none"],
      ]) {
        const o = await runInProcess(args, repo.dir, repo.env);
        expect(problems(o, []), args.join(" ")).toEqual([]);
        expect(o.exitCode).toBe(2);
        expect(o.stderr.length).toBeLessThan(2000);
      }
    }
  });

  it("a folder where a command expects a file is one line and exit 2, for every file option", async () => {
    const fixture = resolve(repoRoot, "packages/lockfile/test/fixtures/npm-v3");
    const repo = await gitRepo({
      "package.json": readFileSync(resolve(fixture, "package.json"), "utf8"),
      "package-lock.json": readFileSync(resolve(fixture, "package-lock.json"), "utf8"),
      "a.txt": "x\n",
      "d/keep": "",
    });
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", repo.path("k")]);
    for (const args of [
      ["secrets", "scan", "a.txt", "--baseline", "d"],
      ["secrets", "baseline", "--baseline", "d"],
      ["secrets", "scan", "--message-file", "d"],
      ["lockfile", "check", "d"],
      ["sbom", "--lockfile", "d"],
      ["sbom", "--output", "d", "--force"],
      ["attest", "a.txt", "--key", "d"],
      ["attest", "a.txt", "--key", "k", "--predicate", "d"],
      ["verify", "a.txt", "--attestation", "d", "--key", "k.pub"],
      ["verify", "a.txt", "--attestation", "a.txt", "--key", "d"],
      ["verify", "a.txt", "--attestation", "a.txt", "--allowed-signers", "d"],
      ["signatures", "add", "a@example.org", "d"],
      ["workflows", "check", "d"],
    ]) {
      const o = await runInProcess(args, repo.dir, repo.env);
      expect(problems(o, []), args.join(" ")).toEqual([]);
      expect(o.exitCode, args.join(" ")).toBe(2);
    }
  });

  it("a resolved URL whose host does not parse (a damaged byte) is no crash in any SBOM format", async () => {
    const fixture = resolve(repoRoot, "packages/lockfile/test/fixtures/yarn-v1");
    const lock = readFileSync(resolve(fixture, "yarn.lock"), "utf8").replace(
      /https:\/\/registry\.yarnpkg\.com\//,
      "https://registry.yarn\ufffdpkg.com/",
    );
    expect(lock).toContain("\ufffd");
    const repo = await gitRepo({
      "package.json": readFileSync(resolve(fixture, "package.json"), "utf8"),
      "yarn.lock": lock,
    });
    for (const format of ["cyclonedx-json", "cyclonedx-xml", "spdx-json"]) {
      const o = await runInProcess(["sbom", "--timestamp", "none", "--format", format], repo.dir, repo.env);
      expect(problems(o, []), format).toEqual([]);
      expect(o.exitCode, format).toBe(0);
    }
  });

  it("a token in a package's name or version is masked in SPDX ids too (not only in name and versionInfo)", async () => {
    const fixture = resolve(repoRoot, "packages/lockfile/test/fixtures/npm-v2");
    const pkg = JSON.parse(readFileSync(resolve(fixture, "package.json"), "utf8")) as { version: string };
    pkg.version = PLANTED.token;
    const repo = await gitRepo({
      "package.json": JSON.stringify(pkg),
      "package-lock.json": readFileSync(resolve(fixture, "package-lock.json"), "utf8"),
    });
    for (const format of ["spdx-json", "cyclonedx-json", "cyclonedx-xml"]) {
      const o = await runInProcess(["sbom", "--timestamp", "none", "--format", format], repo.dir, repo.env);
      expect(problems(o, [PLANTED.token]), format).toEqual([]);
      expect(o.exitCode, format).toBe(0);
    }
  });
});
