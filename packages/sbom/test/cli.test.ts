import { readFileSync, writeFileSync } from "node:fs";
import { ExitCode } from "@rampart/core";
import { gitRepo, runCli } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { sshKey } from "./keys.js";

// Through the built bin (build first: pnpm exec tsc -b packages/cli), in real git repositories.

const lock = {
  name: "demo",
  version: "1.0.0",
  lockfileVersion: 3,
  requires: true,
  packages: {
    "": {
      name: "demo",
      version: "1.0.0",
      license: "MIT",
      dependencies: { "is-number": "^7.0.0" },
      devDependencies: { "left-pad": "^1.3.0" },
    },
    "node_modules/is-number": {
      version: "7.0.0",
      resolved: "https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz",
      integrity: "sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==",
      license: "MIT",
    },
    "node_modules/left-pad": {
      version: "1.3.0",
      resolved: "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
      integrity: "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEeT4kVgSSn3O/oS+i/oUFB5H4WP0G1UvQbgYnJ3emgDIlsA==",
      dev: true,
      license: "WTFPL",
    },
  },
};

async function project() {
  const repo = await gitRepo(
    {
      "package.json": JSON.stringify({ name: "demo", version: "1.0.0" }),
      "package-lock.json": JSON.stringify(lock, null, 2),
    },
    { commit: false },
  );
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "-m", "init"], { env: { ...repo.env, GIT_COMMITTER_DATE: "2024-01-16T12:00:00Z" } });
  return repo;
}

describe("rampart sbom", () => {
  it("writes the same CycloneDX bytes twice, timed by the HEAD commit", async () => {
    const repo = await project();
    const a = await runCli(["sbom"], { cwd: repo.dir, env: repo.env });
    expect(a.exitCode).toBe(ExitCode.Clean);
    const doc = JSON.parse(a.stdout);
    expect(doc.metadata.timestamp).toBe("2024-01-16T12:00:00.000Z");
    expect(doc.components.map((c: { purl: string }) => c.purl)).toEqual(["pkg:npm/is-number@7.0.0"]);
    expect(doc.components[0].hashes[0].content).toBe(
      Buffer.from(lock.packages["node_modules/is-number"].integrity.slice(7), "base64").toString("hex"),
    );
    expect((await runCli(["sbom"], { cwd: repo.dir, env: repo.env })).stdout).toBe(a.stdout);
    expect(a.stderr).toContain("time from the HEAD commit");
  });

  /** A project whose dependency names Lithuanian collation orders differently (y sorts with i). */
  async function localeProject() {
    const integrity = lock.packages["node_modules/is-number"].integrity;
    const dep = (name: string) => ({
      version: "1.0.0",
      resolved: `https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz`,
      integrity,
      license: "MIT",
    });
    const repo = await gitRepo({
      "package.json": JSON.stringify({ name: "demo", version: "1.0.0" }),
      "package-lock.json": JSON.stringify({
        ...lock,
        packages: {
          "": { name: "demo", version: "1.0.0", dependencies: { yargs: "1", "js-tokens": "1", ignore: "1" } },
          "node_modules/yargs": dep("yargs"),
          "node_modules/js-tokens": dep("js-tokens"),
          "node_modules/ignore": dep("ignore"),
        },
      }),
    });
    const inLocale = (locale: string, more: string[] = []) =>
      runCli(["sbom", ...more], {
        cwd: repo.dir,
        env: { ...repo.env, LANG: locale, LC_ALL: locale, SOURCE_DATE_EPOCH: "0" },
      });
    return { repo, inLocale };
  }

  it("writes the same bytes whatever the machine's locale (Lithuanian collation sorts y with i)", async () => {
    const { repo, inLocale } = await localeProject();
    try {
      const c = await inLocale("C.UTF-8");
      expect(c.exitCode).toBe(ExitCode.Clean);
      const names = JSON.parse(c.stdout).components.map((x: { name: string }) => x.name);
      expect(names).toEqual(["ignore", "js-tokens", "yargs"]);
      const others = await Promise.all(["lt_LT.UTF-8", "da_DK.UTF-8", "tr_TR.UTF-8"].map((l) => inLocale(l)));
      for (const r of others) expect(r.stdout).toBe(c.stdout);
    } finally {
      repo.cleanup();
    }
  });

  it("writes the documents the CycloneDX library serializes (XML, JSON 1.4) in the same order under any locale", async () => {
    const { repo, inLocale } = await localeProject();
    try {
      for (const more of [
        ["--format", "cyclonedx-xml"],
        ["--spec-version", "1.4"],
      ]) {
        const [base, lithuanian] = await Promise.all([inLocale("C.UTF-8", more), inLocale("lt_LT.UTF-8", more)]);
        expect(base?.exitCode).toBe(ExitCode.Clean);
        const order = [...(base?.stdout ?? "").matchAll(/(?:ref=|ref": )"pkg:npm\/([a-z-]+)@1\.0\.0"/g)].map(
          (m) => m[1],
        );
        // the components' bom-refs, then the dependency graph's refs: both in English order
        expect(order.slice(0, 3)).toEqual(["ignore", "js-tokens", "yargs"]);
        expect(order.slice(-3)).toEqual(["ignore", "js-tokens", "yargs"]);
        expect(lithuanian?.stdout).toBe(base?.stdout);
      }
    } finally {
      repo.cleanup();
    }
  });

  it("takes SOURCE_DATE_EPOCH over the commit time, and the wall clock only when asked", async () => {
    const repo = await project();
    const r = await runCli(["sbom", "--format", "spdx-json", "--include-dev"], {
      cwd: repo.dir,
      env: { ...repo.env, SOURCE_DATE_EPOCH: "1700000000" },
    });
    const doc = JSON.parse(r.stdout);
    expect(doc.creationInfo.created).toBe("2023-11-14T22:13:20Z");
    expect(doc.packages.map((p: { name: string }) => p.name).sort()).toEqual(["demo", "is-number", "left-pad"]);
    const now = JSON.parse((await runCli(["sbom", "--timestamp", "now"], { cwd: repo.dir, env: repo.env })).stdout);
    expect(Math.abs(Date.parse(now.metadata.timestamp) - Date.now())).toBeLessThan(120_000);
  });

  it("overwrites its own output but not a file someone wrote, unless --force", async () => {
    const repo = await project();
    expect((await runCli(["sbom", "-o", "sbom.cdx.json"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(0);
    expect((await runCli(["sbom", "-o", "sbom.cdx.json"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(0);
    writeFileSync(repo.path("notes.txt"), "mine\n");
    const refused = await runCli(["sbom", "-o", "notes.txt"], { cwd: repo.dir, env: repo.env });
    expect(refused.exitCode).toBe(ExitCode.Error);
    expect(refused.stderr).toContain("notes.txt: the file exists");
    expect(readFileSync(repo.path("notes.txt"), "utf8")).toBe("mine\n");
    expect((await runCli(["sbom", "-o", "notes.txt", "--force"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(0);
    expect(readFileSync(repo.path("notes.txt"), "utf8")).toContain('"bomFormat": "CycloneDX"');
  });

  it("takes its defaults from the sbom section of .rampart/config.yaml", async () => {
    const repo = await project();
    repo.write(
      ".rampart/config.yaml",
      "version: 1\nsbom:\n  format: spdx-json\n  specVersion: '1.5'\n  includeDev: true\n",
    );
    const r = await runCli(["sbom"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(ExitCode.Clean);
    const doc = JSON.parse(r.stdout);
    expect(doc.spdxVersion).toBe("SPDX-2.3");
    expect(doc.packages.map((p: { name: string }) => p.name)).toContain("left-pad");
    const cdx = JSON.parse(
      (await runCli(["sbom", "--format", "cyclonedx-json"], { cwd: repo.dir, env: repo.env })).stdout,
    );
    expect(cdx.specVersion).toBe("1.5");
    repo.write(".rampart/config.yaml", "version: 1\nsbom:\n  format: yaml\n");
    const bad = await runCli(["sbom"], { cwd: repo.dir, env: repo.env });
    expect(bad.exitCode).toBe(ExitCode.Error);
    expect(bad.stderr).toContain(".rampart/config.yaml");
  });

  it("says in one line, with a hint, when there is no lockfile or the format is unknown", async () => {
    const repo = await gitRepo({ "package.json": "{}" });
    const none = await runCli(["sbom"], { cwd: repo.dir, env: repo.env });
    expect(none.exitCode).toBe(ExitCode.Error);
    expect(none.stderr).toMatch(/no lockfile in/);
    expect(none.stderr).toMatch(/hint/);
    expect(none.stderr).not.toMatch(/\n\s+at /);
    const bad = await runCli(["sbom", "--format", "cyclonedx-yaml"], { cwd: repo.dir, env: repo.env });
    expect(bad.exitCode).toBe(ExitCode.Error);
    expect(bad.stderr).toContain("unknown SBOM format");
  });

  it("refuses a lockfile entry with a lone surrogate in one line naming file, line and entry, never a stack trace", async () => {
    const repo = await project();
    const text = readFileSync(`${repo.dir}/package-lock.json`, "utf8").replace(
      '"version": "7.0.0"',
      '"version": "7.0.0\\ud800"',
    );
    writeFileSync(`${repo.dir}/package-lock.json`, text);
    for (const format of ["cyclonedx-json", "cyclonedx-xml", "spdx-json"]) {
      const r = await runCli(["sbom", "--format", format], { cwd: repo.dir, env: repo.env });
      expect(r.exitCode, format).toBe(ExitCode.Error);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trim().split("\n");
      expect(lines[0]).toBe(
        "rampart: package-lock.json:18: the version of is-number@7.0.0\\ud800 (entry node_modules/is-number) has \\ud800, a character no SBOM can carry",
      );
      expect(lines[1]).toMatch(/^ {2}hint: .*rampart lockfile check/);
      expect(r.stderr).not.toMatch(/URI malformed|\n\s+at /);
    }
  });
});

describe("rampart attest and verify", () => {
  it("signs the SBOM, verifies it against .rampart/allowed_signers, and fails once it is changed", async () => {
    const repo = await project();
    const key = sshKey(repo.home, "release", ["-t", "ed25519"]);
    repo.write(".rampart/allowed_signers", `release@example.com namespaces="in-toto" ${key.sshPublic}\n`);
    await runCli(["sbom", "-o", "sbom.cdx.json"], { cwd: repo.dir, env: repo.env });
    const signed = await runCli(
      ["attest", "sbom.cdx.json", "--predicate", "sbom.cdx.json", "--key", key.private, "-o", "sbom.intoto.jsonl"],
      { cwd: repo.dir, env: repo.env },
    );
    expect(signed.exitCode).toBe(ExitCode.Clean);
    expect(signed.stderr).toContain(key.fingerprint);
    const ok = await runCli(["verify", "sbom.cdx.json", "--attestation", "sbom.intoto.jsonl"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(ok.exitCode).toBe(ExitCode.Clean);
    expect(ok.stdout).toContain(
      `signed by release@example.com (${key.fingerprint}), predicate https://cyclonedx.org/bom`,
    );
    const json = await runCli(["verify", "sbom.cdx.json", "-a", "sbom.intoto.jsonl", "--format", "json"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(JSON.parse(json.stdout).ok).toBe(true);
    writeFileSync(
      repo.path("sbom.cdx.json"),
      readFileSync(repo.path("sbom.cdx.json"), "utf8").replace("is-number", "is-numbr"),
    );
    const tampered = await runCli(["verify", "sbom.cdx.json", "--attestation", "sbom.intoto.jsonl"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(tampered.exitCode).toBe(ExitCode.Findings);
    expect(tampered.stdout).toContain("attestation/subject-mismatch");
  });

  // node:fs/promises (or a read stream) loads readline, the watchers and the streams: ~20M
  // instructions of attest's ~350M. Both commands read their few files synchronously instead.
  it("attest and verify never load node:fs/promises or file streams", async () => {
    const repo = await project();
    const key = sshKey(repo.home, "release", ["-t", "ed25519"]);
    repo.write(".rampart/allowed_signers", `release@example.com namespaces="in-toto" ${key.sshPublic}\n`);
    await runCli(["sbom", "-o", "sbom.cdx.json"], { cwd: repo.dir, env: repo.env });
    const preload = repo.path("loaded.cjs");
    writeFileSync(
      preload,
      `process.on("exit", () => require("node:fs").writeFileSync(process.env.LOADED_OUT, process.moduleLoadList.join("\\n")));\n`,
    );
    const loaded = async (args: string[]) => {
      const out = repo.path(`loaded-${args[0]}.txt`);
      const r = await runCli(args, {
        cwd: repo.dir,
        env: { ...repo.env, NODE_OPTIONS: `--require ${preload}`, LOADED_OUT: out },
      });
      expect(r.exitCode, r.stderr).toBe(ExitCode.Clean);
      return readFileSync(out, "utf8").split("\n");
    };
    for (const list of [
      await loaded(["attest", "sbom.cdx.json", "--predicate", "sbom.cdx.json", "--key", key.private, "-o", "a.jsonl"]),
      await loaded(["verify", "sbom.cdx.json", "--attestation", "a.jsonl"]),
    ]) {
      expect(list).toContain("NativeModule fs");
      expect(list).not.toContain("NativeModule fs/promises");
      expect(list).not.toContain("NativeModule internal/fs/streams");
    }
  });

  it("refuses an encrypted key with exit 2 and a hint", async () => {
    const repo = await project();
    const { execFileSync } = await import("node:child_process");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "pass phrase", "-f", repo.path("enc")]);
    const r = await runCli(["attest", "package.json", "--key", "enc"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(ExitCode.Error);
    expect(r.stderr).toContain("protected by a passphrase");
    expect(r.stderr).toContain("hint");
  });
});
