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

  it("compareVersions", () => {
    for (const a of versions) for (const b of versions) expect(compareVersions(a, b), `${a} ${b}`).toBe(compare(a, b));
    expect(compareVersions("1.0.0", "latest")).toBeUndefined();
  });
});
