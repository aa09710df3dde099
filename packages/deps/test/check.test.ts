import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { diffLockfiles, parseLockfile } from "@rampart/lockfile";
import { afterAll, describe, expect, it } from "vitest";
import { changedVersions } from "../src/changes.js";
import { checkVulnerabilities } from "../src/check.js";
import { loadDatabase } from "../src/database.js";
import { writeNpmProject } from "./lockfiles.js";

const db = loadDatabase(resolve(import.meta.dirname, "fixtures/osv"), { cacheDir: false });
const dir = writeNpmProject();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lockfile = await parseLockfile({ path: "package-lock.json", cwd: dir });
const now = new Date("2026-01-15T12:00:00Z");

function byPackage(findings: ReturnType<typeof checkVulnerabilities>["findings"]) {
  return Object.fromEntries(findings.map((f) => [`${f.ruleId} ${f.properties?.package}@${f.properties?.version}`, f]));
}

describe("loadDatabase", () => {
  it("reads records at any depth, skips withdrawn, reports the broken file and keeps the rest", () => {
    expect(db.lookup("left-pad")).toBeUndefined();
    expect(db.lookup("semver")).toHaveLength(3);
    expect(db.problems).toEqual([
      { file: join("synthetic", "broken.json"), message: expect.stringMatching(/^invalid JSON/) },
    ]);
    expect(db.dataDate).toBe("2024-06-01T00:00:00Z");
    expect(db.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("checkVulnerabilities", () => {
  const result = checkVulnerabilities(lockfile, db, {}, { now });
  const f = byPackage(result.findings);

  it("finds each vulnerable version with severity, fix, path and the dependency to bump", () => {
    expect(Object.keys(f).sort()).toEqual([
      "deps/malicious flatmap-stream@0.1.1",
      "deps/vulnerable a@1.0.0",
      "deps/vulnerable beta-lib@2.0.0-rc.1",
      "deps/vulnerable lodash@4.17.20",
      "deps/vulnerable minimist@0.2.0",
      "deps/vulnerable minimist@1.2.5",
      "deps/vulnerable old-thing@1.2.0",
      "deps/vulnerable semver@7.5.1",
    ]);
    const minimist = f["deps/vulnerable minimist@1.2.5"];
    expect(minimist?.severity).toBe("error");
    expect(minimist?.line).toBeGreaterThan(1);
    expect(minimist?.file).toBe("package-lock.json");
    expect(minimist?.properties).toMatchObject({
      level: "critical",
      score: 9.8,
      fixedVersion: "1.2.6",
      direct: false,
      path: ["a", "minimist"],
      bump: "a",
      dev: false,
      advisories: ["GHSA-xvch-5gv4-984h", "CVE-2021-44906"],
    });
    expect(minimist?.hint).toBe("upgrade a to a version that depends on minimist >= 1.2.6 (path: a > minimist)");
    expect(f["deps/vulnerable lodash@4.17.20"]?.hint).toBe("upgrade lodash to 4.17.21 or later");
    // an npm: alias is matched by the real name, and the fix is the one for its own range
    expect(f["deps/vulnerable minimist@0.2.0"]?.properties?.fixedVersion).toBe("0.2.4");
    expect(f["deps/vulnerable minimist@0.2.0"]?.hint).toBe("upgrade my-minimist (npm:minimist) to 0.2.4 or later");
  });

  it("rates: MAL- critical, CVSS v3, CVSS v4, database severity, no severity = high and says so", () => {
    expect(f["deps/malicious flatmap-stream@0.1.1"]?.severity).toBe("error");
    expect(f["deps/vulnerable beta-lib@2.0.0-rc.1"]).toMatchObject({
      severity: "warning",
      properties: { level: "medium", score: 6.9, severitySource: "cvss4" },
    });
    expect(f["deps/vulnerable a@1.0.0"]).toMatchObject({
      severity: "warning",
      properties: { level: "low", severitySource: "database" },
    });
    expect(f["deps/vulnerable old-thing@1.2.0"]?.message).toContain(
      "no usable severity in the record: counted as high",
    );
    expect(f["deps/vulnerable old-thing@1.2.0"]?.severity).toBe("error");
    expect(f["deps/vulnerable semver@7.5.1"]?.properties).toMatchObject({ score: 7.5, dev: true });
  });

  it("says a git source is not matched instead of matching it", () => {
    expect(result.stats.notMatched).toEqual([
      { name: "lodash-es", version: "4.17.15", source: "git", reason: "not matched, source is not the registry" },
    ]);
  });

  it("failOn, ignoreDev / production and the diff filter", () => {
    const critical = checkVulnerabilities(lockfile, db, { vulnerabilities: { failOn: "critical" } }, { now });
    expect(
      critical.findings
        .filter((x) => x.severity === "error")
        .map((x) => x.properties?.package)
        .sort(),
    ).toEqual(["flatmap-stream", "minimist", "minimist"]);
    const prod = checkVulnerabilities(lockfile, db, { vulnerabilities: { ignoreDev: true } }, { now });
    expect(prod.findings.some((x) => x.properties?.package === "semver")).toBe(false);
    const only = checkVulnerabilities(lockfile, db, {}, { now, only: new Set(["lodash@4.17.20"]) });
    expect(only.findings.map((x) => x.properties?.package)).toEqual(["lodash"]);
    expect(only.stats.checked).toBe(1);
  });

  it("an exception matched by alias lets a finding through until it expires, then fails naming it", () => {
    const ex = {
      id: "cve-2021-23337",
      package: "lodash",
      reason: "not reachable",
      owner: "sec@example.org",
      expires: "2026-01-15",
    };
    const live = checkVulnerabilities(lockfile, db, { vulnerabilities: { exceptions: [ex] } }, { now });
    expect(live.findings.some((x) => x.properties?.package === "lodash")).toBe(false);
    const later = checkVulnerabilities(
      lockfile,
      db,
      { vulnerabilities: { exceptions: [ex] } },
      { now: new Date("2026-01-16T00:00:01Z") },
    );
    const expired = later.findings.find((x) => x.ruleId === "deps/exception-expired");
    expect(expired?.message).toBe(
      "the exception for cve-2021-23337 on lodash (owner sec@example.org) expired on 2026-01-15",
    );
    expect(later.findings.some((x) => x.ruleId === "deps/vulnerable" && x.properties?.package === "lodash")).toBe(true);
  });

  it("an exception's path must be the dependency chain; a malicious package is never excepted", () => {
    const wrong = { id: "GHSA-xvch-5gv4-984h", path: "b > minimist", reason: "r", owner: "o", expires: "2099-01-01" };
    const right = { ...wrong, path: "a>minimist" };
    const mal = { id: "MAL-2018-0001", reason: "r", owner: "o", expires: "2099-01-01" };
    const count = (exceptions: (typeof wrong)[] | (typeof mal)[]) =>
      checkVulnerabilities(lockfile, db, { vulnerabilities: { exceptions } }, { now }).findings.filter(
        (x) => x.properties?.package === "minimist" || x.properties?.package === "flatmap-stream",
      ).length;
    expect(count([wrong])).toBe(3);
    expect(count([right])).toBe(2);
    expect(count([mal])).toBe(3);
  });
});

describe("checkVulnerabilities: versions that are not semver versions", () => {
  // What a package manager fetches for a registry entry whose version is a dist-tag or a range
  // (no tarball URL) is whatever the registry names at install time: such an entry of a package
  // with advisories is never "outside the affected ranges". npm v1 writes a registry tarball URL
  // as the version of some packages: that URL's version is the one judged.
  const tagged = realpathSync(mkdtempSync(join(tmpdir(), "rampart-deps-tags-")));
  afterAll(() => rmSync(tagged, { recursive: true, force: true }));
  const entry = (version: string, resolvedVersion?: string, name = "flatmap-stream") => ({
    version,
    ...(resolvedVersion === undefined
      ? {}
      : { resolved: `https://registry.npmjs.org/${name}/-/${name}-${resolvedVersion}.tgz` }),
    integrity: `sha512-${Buffer.from(`${name}@${version}`).toString("base64")}`,
  });
  const lock = {
    name: "app",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "app", version: "1.0.0", dependencies: { "app-dep": "1.0.0" } },
      "node_modules/app-dep": {
        ...entry("1.0.0", "1.0.0", "app-dep"),
        dependencies: { "flatmap-stream": "*", lodash: "*" },
      },
      "node_modules/flatmap-stream": entry("latest"),
      "node_modules/lodash": entry("^4.17.0"),
      "node_modules/app-dep/node_modules/lodash": entry("4.17.99", "4.17.20", "lodash"),
      "node_modules/app-dep/node_modules/minimist": entry(
        "https://registry.npmjs.org/minimist/-/minimist-1.2.5.tgz",
        undefined,
        "minimist",
      ),
    },
  };
  writeFileSync(join(tagged, "package.json"), JSON.stringify(lock.packages[""]));
  writeFileSync(join(tagged, "package-lock.json"), JSON.stringify(lock, null, 2));

  it("an install path renamed over another package's registry tarball is judged as the package fetched", async () => {
    const renamed = realpathSync(mkdtempSync(join(tmpdir(), "rampart-deps-renamed-")));
    try {
      const lock2 = {
        ...lock,
        packages: {
          "": { name: "app", version: "1.0.0", dependencies: { "left-pad-ng": "1.0.0" } },
          // npm installs flatmap-stream's tarball at node_modules/left-pad-ng (the path names it).
          "node_modules/left-pad-ng": {
            version: "1.0.0",
            resolved: "https://registry.npmjs.org/flatmap-stream/-/flatmap-stream-0.1.1.tgz",
            integrity: "sha512-AAAA",
          },
        },
      };
      writeFileSync(join(renamed, "package.json"), JSON.stringify(lock2.packages[""]));
      writeFileSync(join(renamed, "package-lock.json"), JSON.stringify(lock2, null, 2));
      const lf = await parseLockfile({ path: "package-lock.json", cwd: renamed });
      const result = checkVulnerabilities(lf, db, {}, { now });
      expect(result.findings.map((x) => `${x.ruleId} ${x.properties?.package}@${x.properties?.version}`)).toEqual([
        "deps/malicious flatmap-stream@0.1.1",
      ]);
      expect(result.findings[0]?.line).toBeGreaterThan(1);
    } finally {
      rmSync(renamed, { recursive: true, force: true });
    }
  });

  it("a dist-tag or a range is counted as affected; a tarball URL is judged at its version", async () => {
    const lf = await parseLockfile({ path: "package-lock.json", cwd: tagged });
    const result = checkVulnerabilities(lf, db, {}, { now });
    const got = result.findings.map((x) => `${x.ruleId} ${x.properties?.package}@${x.properties?.version}`).sort();
    expect(got).toEqual([
      "deps/malicious flatmap-stream@latest",
      "deps/vulnerable lodash@4.17.99",
      "deps/vulnerable lodash@^4.17.0",
      "deps/vulnerable minimist@https://registry.npmjs.org/minimist/-/minimist-1.2.5.tgz",
    ]);
    const tag = result.findings.find((x) => x.properties?.version === "latest");
    expect(tag?.severity).toBe("error");
    expect(tag?.message).toContain("not a semver version");
    expect(result.findings.find((x) => x.properties?.version === "^4.17.0")?.properties?.fixedVersion).toBeUndefined();
  });
});

describe("the commit-time gate (changedVersions: only what a lockfile change brings in)", () => {
  it("judges a name@version the change moved to another package's tarball, as the full check does", async () => {
    const project = realpathSync(mkdtempSync(join(tmpdir(), "rampart-deps-moved-")));
    try {
      const lock = (resolved: string) => ({
        name: "app",
        version: "1.0.0",
        lockfileVersion: 3,
        requires: true,
        packages: {
          "": { name: "app", version: "1.0.0", dependencies: { "left-pad-ng": "1.0.0" } },
          "node_modules/left-pad-ng": { version: "1.0.0", resolved, integrity: "sha512-AAAA" },
        },
      });
      const parse = async (resolved: string) => {
        writeFileSync(join(project, "package-lock.json"), JSON.stringify(lock(resolved), null, 2));
        return parseLockfile({ path: "package-lock.json", cwd: project });
      };
      writeFileSync(join(project, "package.json"), JSON.stringify(lock("").packages[""]));
      const before = await parse("https://registry.npmjs.org/left-pad-ng/-/left-pad-ng-1.0.0.tgz");
      // Same name, version and integrity: no package is added or upgraded, only the URL moved.
      const after = await parse("https://registry.npmjs.org/flatmap-stream/-/flatmap-stream-0.1.1.tgz");
      const diff = diffLockfiles(before, after).stats;
      expect([diff.added, diff.upgraded, diff.downgraded]).toEqual([[], [], []]);
      const only = changedVersions(diff);
      expect([...only]).toEqual(["left-pad-ng@1.0.0"]);
      const result = checkVulnerabilities(after, db, {}, { now, only });
      expect(result.findings.map((x) => `${x.ruleId} ${x.properties?.package}@${x.properties?.version}`)).toEqual([
        "deps/malicious flatmap-stream@0.1.1",
      ]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
