import compare from "semver/functions/compare.js";
import satisfies from "semver/functions/satisfies.js";
import { describe, expect, it } from "vitest";
import { compareVersions, satisfiesSimple } from "../src/checks/semver-lite.js";

// Differential against semver itself: the lite versions must agree wherever they answer.
const versions = [
  "0.0.1",
  "0.0.2",
  "0.1.0",
  "0.1.5",
  "0.2.0",
  "1.0.0",
  "1.2.3",
  "1.2.4",
  "1.3.0",
  "2.0.0",
  "1.0.0-beta.1",
  "1.0.0-beta.2",
  "1.0.0-alpha",
  "1.0.0-rc.1",
  "1.0.0-1",
  "10.0.0",
];
const ranges = [
  "^0.0.1",
  "^0.1.0",
  "^0.1.2",
  "^1.2.3",
  "~1.2.3",
  "~0.1.0",
  "1.2.3",
  "=1.2.3",
  ">=1.0.0",
  ">=0.1.5",
  "*",
  "^2.0.0",
  "~2.0.0",
  ">=10.0.0",
];

describe("semver-lite agrees with semver", () => {
  it("satisfiesSimple", () => {
    let answered = 0;
    for (const v of versions) {
      for (const r of ranges) {
        const lite = satisfiesSimple(v, r);
        if (lite === undefined) continue;
        answered++;
        expect(lite, `${v} ${r}`).toBe(satisfies(v, r, { includePrerelease: true }));
      }
    }
    expect(answered).toBeGreaterThan(150);
    expect(satisfiesSimple("1.2.3", "^1 || ^2")).toBeUndefined();
  });

  it("satisfiesSimple with prereleases, as the drift check asks semver (loose, includePrerelease)", () => {
    const options = { loose: true, includePrerelease: true };
    const cores = ["0.0.3", "0.2.0", "0.2.1", "1.2.3", "1.3.0", "2.0.0", "6.0.0", "6.1.0", "7.0.0"];
    const tags = [
      "",
      "-0",
      "-1",
      "-alpha",
      "-alpha.1",
      "-alpha.beta",
      "-beta",
      "-beta.2",
      "-beta.11",
      "-next.3",
      "-rc.1",
    ];
    const versions = cores.flatMap((c) => tags.map((t) => `${c}${t}`));
    versions.push("1.2.3+build.5", "6.0.0-next.3+sha.abc", "1.2.3-01", "1.2.3-a..b", "v1.2.3-beta");
    const operators = ["", "=", ">=", "~", "^"];
    const ranges = operators.flatMap((op) => versions.map((v) => `${op}${v.replace(/\+.*$/, "")}`));
    ranges.push("^6", "^6.1", "~6.1", "^1", "~1.2");
    let answered = 0;
    let prerelease = 0;
    for (const v of versions) {
      for (const r of ranges) {
        const lite = satisfiesSimple(v, r);
        if (lite === undefined) continue;
        answered++;
        if (v.includes("-") || r.includes("-")) prerelease++;
        expect(lite, `${v} ${r}`).toBe(satisfies(v, r, options));
      }
    }
    expect(answered).toBeGreaterThan(40_000);
    expect(prerelease).toBeGreaterThan(30_000);
    // Left to semver: a partial range with a prerelease version (semver starts `^6` at 6.0.0-0),
    // prerelease text semver refuses (a leading zero, an empty identifier).
    expect(satisfiesSimple("6.0.0-beta", "^6")).toBeUndefined();
    expect(satisfiesSimple("1.2.3-01", "^1.2.3")).toBeUndefined();
    expect(satisfiesSimple("1.2.3", "^1.2.3-a..b")).toBeUndefined();
  });

  it("compareVersions", () => {
    for (const a of versions) for (const b of versions) expect(compareVersions(a, b), `${a} ${b}`).toBe(compare(a, b));
    expect(compareVersions("1.0.0", "latest")).toBeUndefined();
  });
});
