import { describeWithShared, type GitRepo, gitRepo } from "@rampart/test-helpers";
import { afterEach, expect, it } from "vitest";
import { diffLockfileRevisions, diffLockfiles, listLockfiles, loadLockfiles, parseLockfile } from "../src/index.js";
import { fixturePath, LOCKFILES, readFixture } from "./fixtures.js";

const repos: GitRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describeWithShared(LOCKFILES, "loadLockfiles", () => {
  it("finds every tracked lockfile, nested projects included, node_modules and untracked ones excluded", async () => {
    const r = await gitRepo(
      {
        "package.json": readFixture("npm-v3-nodeps-husky", "package.json"),
        "package-lock.json": readFixture("npm-v3-nodeps-husky", "package-lock.json"),
        "tools/web/package.json": readFixture("yarn-v1-webpack", "package.json"),
        "tools/web/yarn.lock": readFixture("yarn-v1-webpack", "yarn.lock"),
        "vendor/node_modules/x/package-lock.json": "{}",
        "docs/my-yarn.lock": "not a lockfile name",
      },
      { commit: true },
    );
    repos.push(r);
    r.write("scratch/pnpm-lock.yaml", "lockfileVersion: '9.0'\n"); // untracked
    expect(await listLockfiles(r.dir, r.env)).toEqual(["package-lock.json", "tools/web/yarn.lock"]);
    // From any directory of the repository: still every lockfile, still root-relative.
    expect(await listLockfiles(r.path("tools/web"), r.env)).toEqual(["package-lock.json", "tools/web/yarn.lock"]);
    const { root, lockfiles } = await loadLockfiles({ cwd: r.path("tools"), env: r.env });
    expect(root).toBe(r.dir);
    expect(lockfiles.map((l) => [l.path, l.format, l.packages.length])).toEqual([
      ["package-lock.json", "npm", 0],
      ["tools/web/yarn.lock", "yarn-classic", 1397],
    ]);
    const explicit = await loadLockfiles({ cwd: r.path("tools/web"), env: r.env, paths: ["yarn.lock"] });
    expect(explicit.lockfiles.map((l) => l.path)).toEqual(["tools/web/yarn.lock"]);
  });
});

describeWithShared(LOCKFILES, "diffLockfiles", () => {
  const dir = "npm-v3-small-lint-staged";
  const lock = readFixture(dir, "package-lock.json");
  const parse = (content: string) => parseLockfile({ path: "package-lock.json", content, cwd: fixturePath(dir) });

  it("lists an upgrade, a removal and a new package with an install script", async () => {
    const data = JSON.parse(lock) as { packages: Record<string, Record<string, unknown>> };
    const js = data.packages["node_modules/@eslint/js"] as Record<string, unknown>;
    js.version = "10.0.2";
    js.resolved = "https://registry.npmjs.org/@eslint/js/-/js-10.0.2.tgz";
    delete data.packages["node_modules/picomatch"];
    data.packages["node_modules/evil-postinstall"] = {
      version: "1.0.0",
      resolved: "https://registry.npmjs.org/evil-postinstall/-/evil-postinstall-1.0.0.tgz",
      integrity: `sha512-${"A".repeat(86)}==`,
      hasInstallScript: true,
    };
    const result = diffLockfiles(await parse(lock), await parse(JSON.stringify(data, null, 2)));
    expect(result.stats.upgraded).toEqual([{ name: "@eslint/js", from: "10.0.1", to: "10.0.2" }]);
    expect(result.stats.added).toEqual([{ name: "evil-postinstall", to: "1.0.0" }]);
    expect(result.stats.removed.map((c) => c.name)).toContain("picomatch");
    expect(result.findings.map((f) => [f.ruleId, f.properties?.package])).toEqual([
      ["lockfile/new-install-script", "evil-postinstall"],
    ]);
    expect(result.ok).toBe(false);
    const allowed = diffLockfiles(await parse(lock), await parse(JSON.stringify(data, null, 2)), {
      allowInstallScripts: ["evil-postinstall"],
    });
    expect(allowed.findings).toEqual([]);
  });

  it("reads a pnpm lockfile's staged and committed versions from git (unborn HEAD: everything is new)", async () => {
    const pnpm = readFixture("pnpm-v9-vue-core", "pnpm-lock.yaml");
    const r = await gitRepo({}, {});
    repos.push(r);
    r.write("pnpm-lock.yaml", pnpm);
    await r.git(["add", "pnpm-lock.yaml"]);
    const first = await diffLockfileRevisions({ cwd: r.dir, env: r.env });
    expect(first.stats.base).toBe("(no commits)");
    expect(first.stats.lockfiles[0]?.added.length).toBe(620);
    await r.commit("lock");
    r.write("pnpm-lock.yaml", pnpm.replace("sha512-6FlzubTLZG3J2a", "sha512-AAAAubTLZG3J2a"));
    await r.git(["add", "pnpm-lock.yaml"]);
    const second = await diffLockfileRevisions({ cwd: r.dir, env: r.env });
    expect(second.findings.map((f) => [f.ruleId, f.properties?.package, f.file])).toEqual([
      ["lockfile/tampered", "ms", "pnpm-lock.yaml"],
    ]);
  });
});
