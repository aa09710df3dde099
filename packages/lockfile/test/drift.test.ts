import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeWithShared } from "@rampart/test-helpers";
import { afterEach, expect, it } from "vitest";
import { checkLockfile, parseLockfile } from "../src/index.js";
import { copyFixture as copy } from "./copy.js";
import { fixturePath, LOCKFILES, loadIndex } from "./fixtures.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function copyFixture(dir: string): string {
  const tmp = copy(dir);
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}

function editJson(path: string, change: (data: Record<string, Record<string, string>>) => void): void {
  const data = JSON.parse(readFileSync(path, "utf8")) as Record<string, Record<string, string>>;
  change(data);
  writeFileSync(path, JSON.stringify(data, null, 2));
}

async function drift(cwd: string, file: string) {
  const lockfile = await parseLockfile({ path: file, cwd });
  const result = await checkLockfile(lockfile, {}, { cwd });
  return result.findings.filter((f) => f.ruleId === "lockfile/drift");
}

describeWithShared(LOCKFILES, "drift: package.json against the lockfile", () => {
  it("finds none in the real fixtures except create-react-app's known stale workspaces", async () => {
    for (const fx of loadIndex()) {
      const findings = await drift(fixturePath(fx.dir), fx.lockfile);
      // The fixture README: create-react-app's tree "is not clean"; its workspaces were bumped
      // without regenerating the lockfile, e.g. react-scripts wants react-dev-utils ^12.1.0.
      const expected = fx.dir === "npm-v2-workspaces-create-react-app" ? 7 : 0;
      expect(findings.length, `${fx.dir}: ${findings.map((f) => f.message).join("; ")}`).toBe(expected);
    }
  });

  it("npm v3: a changed range and a new dependency, named with their importer", async () => {
    const dir = copyFixture("npm-v3-small-lint-staged");
    editJson(join(dir, "package.json"), (pkg) => {
      pkg.dependencies = { ...pkg.dependencies, "left-pad": "^1.3.0", picomatch: "^999.0.0" };
    });
    const findings = (await drift(dir, "package-lock.json")).sort((a, b) => a.message.localeCompare(b.message));
    expect(findings.map((f) => [f.properties?.package, f.line])).toEqual([
      ["left-pad", 7],
      ["picomatch", 7],
    ]);
    expect(findings[0]?.message).toBe("left-pad@^1.3.0 is declared in package.json but is not in the lockfile");
    expect(findings[1]?.message).toBe("picomatch is ^999.0.0 in package.json but ^4.0.4 in the lockfile");
  });

  it("yarn v1: a range the lockfile has no entry for", async () => {
    const dir = copyFixture("yarn-v1-webpack");
    editJson(join(dir, "package.json"), (pkg) => {
      pkg.devDependencies = { ...pkg.devDependencies, prettier: "^99.0.0" };
    });
    const findings = await drift(dir, "yarn.lock");
    expect(findings).toMatchObject([{ properties: { package: "prettier", declared: "^99.0.0", importer: "." } }]);
  });

  it("pnpm v9: a workspace's changed range and a catalog changed in pnpm-workspace.yaml", async () => {
    const dir = copyFixture("pnpm-v9-vue-core");
    editJson(join(dir, "packages/shared/package.json"), (pkg) => {
      pkg.devDependencies = { ...pkg.devDependencies, "left-pad": "^1.3.0" };
    });
    const ws = join(dir, "pnpm-workspace.yaml");
    writeFileSync(ws, readFileSync(ws, "utf8").replace("'vite': ^8.2.0", "'vite': ^9.0.0"));
    const findings = await drift(dir, "pnpm-lock.yaml");
    expect(findings.find((f) => f.properties?.package === "left-pad")).toMatchObject({
      properties: { importer: "packages/shared" },
    });
    expect(findings.some((f) => /catalog says vite@\^9.0.0 but the lockfile recorded \^8.2.0/.test(f.message))).toBe(
      true,
    );
  });

  it("yarn berry: a workspace's changed range", async () => {
    const dir = copyFixture("yarn-berry-v6-babel");
    editJson(join(dir, "packages/babel-core/package.json"), (pkg) => {
      pkg.dependencies = { ...pkg.dependencies, "left-pad": "^1.3.0" };
    });
    const findings = await drift(dir, "yarn.lock");
    expect(findings).toMatchObject([{ properties: { package: "left-pad", importer: "packages/babel-core" } }]);
  });

  it("a lockfile whose workspace package.json is missing cannot be checked (exit 2, not a pass)", async () => {
    const dir = copyFixture("npm-v3-workspaces-insomnia");
    rmSync(join(dir, "packages/insomnia-sdk/package.json"));
    await expect(drift(dir, "package-lock.json")).rejects.toMatchObject({
      code: "LOCKFILE_PARSE_FAILED",
      message: expect.stringContaining("packages/insomnia-sdk/package.json is missing"),
    });
  });
});
