import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeWithShared } from "@rampart/test-helpers";
import { afterEach, expect, it } from "vitest";
import { checkLockfile, type LockfilePolicy, parseLockfile } from "../src/index.js";
import { copyFixture, editFile } from "./copy.js";
import { LOCKFILES } from "./fixtures.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function copy(dir: string): string {
  const tmp = copyFixture(dir);
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}

async function findings(cwd: string, file: string, policy: LockfilePolicy = {}) {
  const lockfile = await parseLockfile({ path: file, cwd });
  const result = await checkLockfile(lockfile, policy, { cwd, skipDrift: true });
  return (rule: string) => result.findings.filter((f) => f.ruleId === rule);
}

const ESLINT_JS = '"resolved": "https://registry.npmjs.org/@eslint/js/-/js-10.0.1.tgz"';

// The same cases run on the small in-repo fixtures in sources-small.test.ts (a plain clone has no
// ../shared); these add the real-world layouts (babel's yarn berry tree, vue-core's pnpm lockfile).
describeWithShared(LOCKFILES, "sources and the repository's own registry configuration", () => {
  it("a scope mapped to a private registry in .npmrc that resolves from the public one is dependency confusion", async () => {
    const dir = copy("npm-v3-small-lint-staged");
    writeFileSync(join(dir, ".npmrc"), "# private scope\n@eslint:registry=https://npm.internal.example/\n");
    const rules = await findings(dir, "package-lock.json");
    const confused = rules("lockfile/dependency-confusion");
    const viaPnpm = copy("npm-v3-small-lint-staged");
    writeFileSync(join(viaPnpm, "pnpm-workspace.yaml"), "registries:\n  '@eslint': https://npm.internal.example/\n");
    expect((await findings(viaPnpm, "package-lock.json"))("lockfile/dependency-confusion")).toHaveLength(6);
    expect(confused.length).toBe(6); // every @eslint/* package in the lockfile
    expect(confused.every((f) => String(f.properties?.package).startsWith("@eslint/"))).toBe(true);
    expect(confused.find((f) => f.properties?.package === "@eslint/js")).toMatchObject({
      line: 1006,
      properties: { expectedHost: "npm.internal.example" },
    });
  });

  it("registries declared in .npmrc and .yarnrc.yml are allowed hosts", async () => {
    const npm = copy("npm-v3-small-lint-staged");
    editFile(
      join(npm, "package-lock.json"),
      ESLINT_JS,
      '"resolved": "https://npm.internal.example/@eslint/js/-/js-10.0.1.tgz"',
    );
    expect((await findings(npm, "package-lock.json"))("lockfile/disallowed-host")).toHaveLength(1);
    writeFileSync(join(npm, ".npmrc"), "registry=https://npm.internal.example/\n");
    expect((await findings(npm, "package-lock.json"))("lockfile/disallowed-host")).toEqual([]);

    const berry = copy("yarn-berry-v10-babel");
    editFile(
      join(berry, "yarn.lock"),
      '  resolution: "ms@npm:2.0.0"',
      '  resolution: "ms@https://npm.internal.example/ms/-/ms-2.0.0.tgz"',
    );
    expect((await findings(berry, "yarn.lock"))("lockfile/disallowed-host")).toHaveLength(1);
    appendFileSync(
      join(berry, ".yarnrc.yml"),
      '\nnpmScopes:\n  internal:\n    npmRegistryServer: "https://npm.internal.example"\n',
    );
    expect((await findings(berry, "yarn.lock"))("lockfile/disallowed-host")).toEqual([]);
  });

  it("a declared registry with its own URL layout (GitHub Packages) is not a stray tarball", async () => {
    const dir = copy("npm-v3-small-lint-staged");
    editFile(
      join(dir, "package-lock.json"),
      ESLINT_JS,
      '"resolved": "https://npm.pkg.github.com/download/@eslint/js/10.0.1/0123abcd"',
    );
    expect((await findings(dir, "package-lock.json"))("lockfile/tarball-source")).toHaveLength(1);
    writeFileSync(join(dir, ".npmrc"), "@eslint:registry=https://npm.pkg.github.com/\n");
    expect((await findings(dir, "package-lock.json"))("lockfile/tarball-source")).toEqual([]);
  });

  it("file: sources outside the repository are findings, inside they are not", async () => {
    const dir = copy("npm-v3-small-lint-staged");
    editFile(join(dir, "package-lock.json"), ESLINT_JS, '"resolved": "file:../../elsewhere/eslint-js"');
    expect((await findings(dir, "package-lock.json"))("lockfile/file-outside-repo")).toMatchObject([{ line: 1006 }]);
    expect(
      (await findings(dir, "package-lock.json", { allowedSources: { "@eslint/js": ["file:../../elsewhere/"] } }))(
        "lockfile/file-outside-repo",
      ),
    ).toEqual([]);
    editFile(join(dir, "package-lock.json"), "file:../../elsewhere/eslint-js", "file:vendor/eslint-js");
    expect((await findings(dir, "package-lock.json"))("lockfile/file-outside-repo")).toEqual([]);
  });

  it("an npm link to a directory outside the repository is a finding", async () => {
    const dir = copy("npm-v3-small-lint-staged");
    editFile(
      join(dir, "package-lock.json"),
      '"node_modules/@eslint/js": {',
      '"node_modules/shared": {\n      "resolved": "../shared",\n      "link": true\n    },\n    "../shared": {\n      "name": "shared",\n      "version": "1.0.0"\n    },\n    "node_modules/@eslint/js": {',
    );
    const rules = await findings(dir, "package-lock.json");
    expect(rules("lockfile/file-outside-repo")).toMatchObject([
      { line: 1010, properties: { package: "shared", importer: "../shared" } },
    ]);
  });

  it("a git dependency allowed by name is not a finding", async () => {
    const dir = copy("npm-v3-workspaces-insomnia");
    expect((await findings(dir, "package-lock.json"))("lockfile/git-source")).toHaveLength(1);
    const allowed = await findings(dir, "package-lock.json", {
      allowedSources: { "grpc-reflection-js": ["git+ssh://git@github.com/jackkav/"] },
    });
    expect(allowed("lockfile/git-source")).toEqual([]);
  });

  it("install scripts: pnpm onlyBuiltDependencies/allowBuilds and npm ignore-scripts are honoured", async () => {
    const dir = copy("pnpm-v6-vue-core");
    const before = (await findings(dir, "pnpm-lock.yaml"))("lockfile/install-script").map((f) => f.properties?.package);
    expect(before).toContain("esbuild");
    expect(before).toContain("puppeteer");
    appendFileSync(
      join(dir, "pnpm-workspace.yaml"),
      "\nonlyBuiltDependencies:\n  - esbuild\nallowBuilds:\n  puppeteer: true\n",
    );
    const after = (await findings(dir, "pnpm-lock.yaml"))("lockfile/install-script").map((f) => f.properties?.package);
    expect(after).not.toContain("esbuild");
    expect(after).not.toContain("puppeteer");
    expect(after.length).toBe(before.length - before.filter((n) => n === "esbuild" || n === "puppeteer").length);

    const npm = copy("npm-v3-large-nodejs.org");
    expect((await findings(npm, "package-lock.json"))("lockfile/install-script")).toHaveLength(8);
    writeFileSync(join(npm, ".npmrc"), "ignore-scripts=true\n");
    expect((await findings(npm, "package-lock.json"))("lockfile/install-script")).toEqual([]);
  });

  it("rules can be turned off or downgraded in the policy", async () => {
    const dir = copy("npm-v1-small-husky");
    expect((await findings(dir, "package-lock.json"))("lockfile/weak-integrity")).toHaveLength(311);
    expect(
      (await findings(dir, "package-lock.json", { rules: { "lockfile/weak-integrity": "off" } }))(
        "lockfile/weak-integrity",
      ),
    ).toEqual([]);
    const asError = await findings(dir, "package-lock.json", { rules: { "lockfile/weak-integrity": "error" } });
    expect(asError("lockfile/weak-integrity").every((f) => f.severity === "error")).toBe(true);
  });
});
