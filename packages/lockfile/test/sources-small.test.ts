import { appendFileSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tempDir } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { checkLockfile, type LockfilePolicy, parseLockfile } from "../src/index.js";
import { editFile } from "./copy.js";

// The cases of sources.test.ts (which runs them on the real-world lockfiles of ../shared), on the
// small in-repo fixtures, so a plain clone tests every source rule and the registry configuration.
const here = resolve(import.meta.dirname, "fixtures");
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function copy(format: string): string {
  const tmp = tempDir("rampart-sources-");
  cleanups.push(tmp.cleanup);
  cpSync(join(here, format), tmp.dir, { recursive: true });
  return tmp.dir;
}

async function findings(cwd: string, file: string, policy: LockfilePolicy = {}) {
  const lockfile = await parseLockfile({ path: file, cwd });
  const result = await checkLockfile(lockfile, policy, { cwd, skipDrift: true });
  return (rule: string) => result.findings.filter((f) => f.ruleId === rule);
}

/** 1-based line of the first line of `file` that contains `text`. */
function lineOf(file: string, text: string): number {
  return (
    readFileSync(file, "utf8")
      .split("\n")
      .findIndex((l) => l.includes(text)) + 1
  );
}

const DEBUG_URL = '"resolved": "https://registry.npmjs.org/debug/-/debug-4.3.4.tgz"';

describe("sources and the repository's own registry configuration (in-repo fixtures)", () => {
  it("a scope mapped to a private registry (.npmrc or pnpm-workspace.yaml) that resolves from the public one is dependency confusion", async () => {
    const scoped = (dir: string) => {
      const lock = join(dir, "package-lock.json");
      editFile(lock, '"node_modules/is-number": {', '"node_modules/@acme/is-number": {');
      editFile(
        lock,
        "https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz",
        "https://registry.npmjs.org/@acme/is-number/-/is-number-7.0.0.tgz",
      );
      return lock;
    };
    const dir = copy("npm-v3");
    const lock = scoped(dir);
    expect((await findings(dir, "package-lock.json"))("lockfile/dependency-confusion")).toEqual([]);
    writeFileSync(join(dir, ".npmrc"), "# private scope\n@acme:registry=https://npm.internal.example/\n");
    expect((await findings(dir, "package-lock.json"))("lockfile/dependency-confusion")).toMatchObject([
      {
        line: lineOf(lock, '"node_modules/@acme/is-number"'),
        properties: { package: "@acme/is-number", expectedHost: "npm.internal.example" },
      },
    ]);
    const viaPnpm = copy("npm-v3");
    scoped(viaPnpm);
    writeFileSync(join(viaPnpm, "pnpm-workspace.yaml"), "registries:\n  '@acme': https://npm.internal.example/\n");
    expect((await findings(viaPnpm, "package-lock.json"))("lockfile/dependency-confusion")).toHaveLength(1);
  });

  it("registries declared in .npmrc and .yarnrc.yml are allowed hosts", async () => {
    const npm = copy("npm-v3");
    editFile(
      join(npm, "package-lock.json"),
      DEBUG_URL,
      '"resolved": "https://npm.internal.example/debug/-/debug-4.3.4.tgz"',
    );
    expect((await findings(npm, "package-lock.json"))("lockfile/disallowed-host")).toHaveLength(1);
    writeFileSync(join(npm, ".npmrc"), "registry=https://npm.internal.example/\n");
    expect((await findings(npm, "package-lock.json"))("lockfile/disallowed-host")).toEqual([]);

    const berry = copy("yarn-berry");
    editFile(
      join(berry, "yarn.lock"),
      '  resolution: "ms@npm:2.1.3"',
      '  resolution: "ms@https://npm.internal.example/ms/-/ms-2.1.3.tgz"',
    );
    expect((await findings(berry, "yarn.lock"))("lockfile/disallowed-host")).toHaveLength(1);
    appendFileSync(
      join(berry, ".yarnrc.yml"),
      '\nnpmScopes:\n  internal:\n    npmRegistryServer: "https://npm.internal.example"\n',
    );
    expect((await findings(berry, "yarn.lock"))("lockfile/disallowed-host")).toEqual([]);
  });

  it("a declared registry with its own URL layout (GitHub Packages) is not a stray tarball", async () => {
    const dir = copy("npm-v3");
    editFile(
      join(dir, "package-lock.json"),
      DEBUG_URL,
      '"resolved": "https://npm.pkg.github.com/download/debug/4.3.4/0123abcd"',
    );
    expect((await findings(dir, "package-lock.json"))("lockfile/tarball-source")).toHaveLength(1);
    writeFileSync(join(dir, ".npmrc"), "registry=https://npm.pkg.github.com/\n");
    expect((await findings(dir, "package-lock.json"))("lockfile/tarball-source")).toEqual([]);
  });

  it("file: sources outside the repository are findings, inside they are not", async () => {
    const dir = copy("npm-v3");
    const lock = join(dir, "package-lock.json");
    editFile(lock, DEBUG_URL, '"resolved": "file:../../elsewhere/debug"');
    expect((await findings(dir, "package-lock.json"))("lockfile/file-outside-repo")).toMatchObject([
      { line: lineOf(lock, '"node_modules/debug"'), properties: { package: "debug" } },
    ]);
    const allowed = await findings(dir, "package-lock.json", { allowedSources: { debug: ["file:../../elsewhere/"] } });
    expect(allowed("lockfile/file-outside-repo")).toEqual([]);
    editFile(lock, "file:../../elsewhere/debug", "file:vendor/debug");
    expect((await findings(dir, "package-lock.json"))("lockfile/file-outside-repo")).toEqual([]);
  });

  it("an npm link to a directory outside the repository is a finding", async () => {
    const dir = copy("npm-v3");
    const lock = join(dir, "package-lock.json");
    editFile(
      lock,
      '"node_modules/debug": {',
      '"node_modules/shared": {\n      "resolved": "../shared",\n      "link": true\n    },\n    "../shared": {\n      "name": "shared",\n      "version": "1.0.0"\n    },\n    "node_modules/debug": {',
    );
    expect((await findings(dir, "package-lock.json"))("lockfile/file-outside-repo")).toMatchObject([
      { line: lineOf(lock, '"../shared": {'), properties: { package: "shared", importer: "../shared" } },
    ]);
  });

  it("a git dependency is a finding unless allowed by name", async () => {
    const dir = copy("npm-v3");
    editFile(
      join(dir, "package-lock.json"),
      DEBUG_URL,
      '"resolved": "git+ssh://git@github.com/debug-js/debug.git#0123456789abcdef0123456789abcdef01234567"',
    );
    expect((await findings(dir, "package-lock.json"))("lockfile/git-source")).toMatchObject([
      { properties: { package: "debug" } },
    ]);
    const allowed = await findings(dir, "package-lock.json", {
      allowedSources: { debug: ["git+ssh://git@github.com/debug-js/"] },
    });
    expect(allowed("lockfile/git-source")).toEqual([]);
  });

  it("install scripts: pnpm onlyBuiltDependencies/allowBuilds and npm ignore-scripts are honoured", async () => {
    const pnpm = copy("pnpm-v6");
    const lock = join(pnpm, "pnpm-lock.yaml");
    editFile(lock, "    engines: {node: '>=6.0'}\n", "    engines: {node: '>=6.0'}\n    requiresBuild: true\n");
    editFile(lock, "    engines: {node: '>=0.12.0'}\n", "    engines: {node: '>=0.12.0'}\n    requiresBuild: true\n");
    const packages = async () =>
      (await findings(pnpm, "pnpm-lock.yaml"))("lockfile/install-script").map((f) => f.properties?.package);
    expect((await packages()).sort()).toEqual(["debug", "is-number"]);
    writeFileSync(join(pnpm, "pnpm-workspace.yaml"), "onlyBuiltDependencies:\n  - debug\n");
    expect(await packages()).toEqual(["is-number"]);
    writeFileSync(
      join(pnpm, "pnpm-workspace.yaml"),
      "onlyBuiltDependencies:\n  - debug\nallowBuilds:\n  is-number: true\n",
    );
    expect(await packages()).toEqual([]);

    const npm = copy("npm-v3");
    editFile(join(npm, "package-lock.json"), DEBUG_URL, `${DEBUG_URL},\n      "hasInstallScript": true`);
    expect((await findings(npm, "package-lock.json"))("lockfile/install-script")).toMatchObject([
      { properties: { package: "debug" } },
    ]);
    writeFileSync(join(npm, ".npmrc"), "ignore-scripts=true\n");
    expect((await findings(npm, "package-lock.json"))("lockfile/install-script")).toEqual([]);
  });

  it("rules can be turned off or downgraded in the policy", async () => {
    const dir = copy("npm-v3");
    editFile(
      join(dir, "package-lock.json"),
      '"integrity": "sha512-PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/vCNNhehwxfkQ=="',
      '"integrity": "sha1-7gHVpBd0G1NPw/SYC9MYm6gFa9k="',
    );
    expect((await findings(dir, "package-lock.json"))("lockfile/weak-integrity")).toMatchObject([
      { severity: "warning", properties: { package: "debug" } },
    ]);
    const off = await findings(dir, "package-lock.json", { rules: { "lockfile/weak-integrity": "off" } });
    expect(off("lockfile/weak-integrity")).toEqual([]);
    const asError = await findings(dir, "package-lock.json", { rules: { "lockfile/weak-integrity": "error" } });
    expect(asError("lockfile/weak-integrity")).toMatchObject([{ severity: "error" }]);
  });
});

describe("an integrity the package manager drops verifies nothing (BLD-5)", () => {
  const GOOD = "sha512-PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/vCNNhehwxfkQ==";
  // ssri (npm, pnpm, yarn 1) keeps only `<lower-case algorithm>-<digest>` parts of an algorithm
  // Node has: with none kept, the tarball is not checked at all.
  const cases: Array<[string, string, string | undefined]> = [
    ["not SRI", "garbage", "lockfile/missing-integrity"],
    ["an empty digest", "sha512-", "lockfile/missing-integrity"],
    ["an upper-case algorithm", GOOD.replace("sha512", "SHA512"), "lockfile/missing-integrity"],
    ["an unknown algorithm", GOOD.replace("sha512", "sha999"), "lockfile/missing-integrity"],
    ["an algorithm with a dash", GOOD.replace("sha512", "sha3-512"), "lockfile/missing-integrity"],
    // Kept by ssri, so checked: a wrong digest fails every install, it cannot let content through.
    ["a digest of the wrong length", "sha512-AAAA", undefined],
    ["sha224 only", "sha224-AAAA", "lockfile/weak-integrity"],
    ["md5 only", "md5-1B2M2Y8AsgTpgAmY7PhCfg==", "lockfile/weak-integrity"],
    ["sha1 beside garbage", "garbage sha1-7gHVpBd0G1NPw/SYC9MYm6gFa9k=", "lockfile/weak-integrity"],
    ["sha512 beside garbage", `garbage ${GOOD}`, undefined],
    ["sha512 with an option", `${GOOD}?foo`, undefined],
  ];
  for (const [what, integrity, rule] of cases) {
    it(`${what}: ${rule ?? "no finding"} on npm, yarn 1 and pnpm`, async () => {
      const edits: Array<[string, string, string, string]> = [
        ["npm-v3", "package-lock.json", `"integrity": "${GOOD}"`, `"integrity": "${integrity}"`],
        ["yarn-v1", "yarn.lock", `integrity ${GOOD}`, `integrity "${integrity}"`],
        ["pnpm-v9", "pnpm-lock.yaml", `{integrity: ${GOOD}}`, `{integrity: '${integrity}'}`],
      ];
      for (const [format, file, from, to] of edits) {
        const dir = copy(format);
        editFile(join(dir, file), from, to);
        const all = await findings(dir, file);
        const got = ["lockfile/missing-integrity", "lockfile/weak-integrity"].flatMap((r) => all(r));
        expect(
          got.map((f) => [f.ruleId, f.properties?.package]),
          `${format}: ${integrity}`,
        ).toEqual(rule === undefined ? [] : [[rule, "debug"]]);
      }
    });
  }
});

describe("what the package manager fetches is what is judged (in-repo fixtures)", () => {
  it("a backslash ends a URL's authority as WHATWG URL reads it: no user name makes an unknown host the registry's", async () => {
    const dir = copy("npm-v3");
    const lock = join(dir, "package-lock.json");
    // npm-package-arg calls this a remote spec; npm-registry-fetch's URL fetches from evil.example.
    editFile(lock, "https://registry.npmjs.org/debug/", "https://evil.example\\\\@registry.npmjs.org/debug/");
    editFile(
      lock,
      "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz",
      "https://registry.npmjs.org\\\\@evil.example/ms/-/ms-2.1.2.tgz",
    );
    const hosts = (await findings(dir, "package-lock.json"))("lockfile/disallowed-host");
    expect(hosts.map((f) => [f.properties?.package, f.properties?.host])).toEqual([["debug", "evil.example"]]);
    const yarn = copy("yarn-v1");
    editFile(
      join(yarn, "yarn.lock"),
      "https://registry.yarnpkg.com/debug/",
      "https://evil.example\\\\@registry.yarnpkg.com/debug/",
    );
    const yarnHosts = (await findings(yarn, "yarn.lock"))("lockfile/disallowed-host");
    expect(yarnHosts.map((f) => [f.properties?.package, f.properties?.host])).toEqual([["debug", "evil.example"]]);
  });

  it("a registry entry without an exact version (a dist-tag, a range) is a finding; exact versions and build metadata are not", async () => {
    const dir = copy("npm-v3");
    const lock = join(dir, "package-lock.json");
    // No resolved URL: npm asks the registry for ms@latest at install time.
    editFile(
      lock,
      '"version": "2.1.2",\n      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz",',
      '"version": "latest",',
    );
    editFile(
      lock,
      '"version": "7.0.0",\n      "resolved": "https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz",',
      '"version": ">=7",',
    );
    const found = (await findings(dir, "package-lock.json"))("lockfile/version-mismatch");
    expect(found.map((f) => `${f.properties?.package}@${f.properties?.version}`)).toEqual([
      "ms@latest",
      "is-number@>=7",
    ]);
    const clean = copy("npm-v3");
    expect((await findings(clean, "package-lock.json"))("lockfile/version-mismatch")).toEqual([]);
    const yarn = copy("yarn-v1");
    editFile(join(yarn, "yarn.lock"), 'version "2.1.3"', 'version "^2.1.3"');
    const yarnFound = (await findings(yarn, "yarn.lock"))("lockfile/version-mismatch");
    expect(yarnFound.map((f) => `${f.properties?.package}@${f.properties?.version}`)).toContain("ms@^2.1.3");
  });
});
