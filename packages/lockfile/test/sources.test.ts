import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeWithShared } from "@rampart/test-helpers";
import { afterEach, expect, it } from "vitest";
import { checkLockfile, type LockfilePolicy, parseLockfile } from "../src/index.js";
import { copyFixture } from "./copy.js";
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

// The source and registry-configuration cases run on the small in-repo fixtures in
// sources-small.test.ts (a plain clone has no ../shared); what stays here needs a real-world tree:
// insomnia's git dependency, vue-core's and nodejs.org's install scripts, husky's 311 sha1 hashes.
describeWithShared(LOCKFILES, "sources on real-world lockfiles", () => {
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
