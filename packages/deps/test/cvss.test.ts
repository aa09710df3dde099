import { describe, expect, it } from "vitest";
import { cvss3BaseScore, cvss4BaseScore, roundUp } from "../src/cvss.js";
import { levelOfScore, rateRecord } from "../src/severity.js";

// Examples from FIRST's "CVSS v3.1: Examples" document and Appendix A of the specification.
const EXAMPLES: Array<[string, number]> = [
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5], // Heartbleed, CVE-2014-0160
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0], // Shellshock, CVE-2014-6271
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1], // phpMyAdmin XSS, CVE-2013-1937
  ["CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4], // MySQL, CVE-2013-0375
  ["CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N", 6.8], // Badlock, CVE-2016-0128
  ["CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0],
  ["CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2], // lodash CVE-2021-23337
  ["CVSS:3.0/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6],
];

describe("cvss3BaseScore", () => {
  it.each(EXAMPLES)("%s = %d", (vector, score) => {
    expect(cvss3BaseScore(vector)).toBe(score);
  });

  it("refuses incomplete, duplicated or other-version vectors", () => {
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H")).toBeUndefined();
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toBeUndefined();
    expect(cvss3BaseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")).toBeUndefined();
    expect(cvss3BaseScore("AV:N/AC:L/Au:N/C:P/I:P/A:P")).toBeUndefined();
  });

  it("rounds up as Appendix A says", () => {
    expect(roundUp(4.02)).toBe(4.1);
    expect(roundUp(4.0)).toBe(4.0);
    expect(roundUp(4.000001)).toBe(4.0);
  });

  it("maps scores to the qualitative scale", () => {
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(levelOfScore)).toEqual([
      "none",
      "low",
      "low",
      "medium",
      "medium",
      "high",
      "high",
      "critical",
      "critical",
    ]);
  });
});

// CVSS v4.0: the vectors FIRST's calculator and the specification's reference implementation
// (RedHatProductSecurity/cvss-v4-calculator) score, as published with them and in GitHub advisories.
const V4_EXAMPLES: Array<[string, number]> = [
  ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0],
  ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0],
  ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3],
  ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H", 7.9],
  ["CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5],
  ["CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 1.0],
  ["CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L", 5.2],
  ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 5.3], // typical XSS
  ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 8.7], // typical ReDoS
  ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 6.9],
];

describe("cvss4BaseScore", () => {
  it.each(V4_EXAMPLES)("%s = %d", (vector, score) => {
    expect(cvss4BaseScore(vector)).toBe(score);
  });

  it("scores the base metrics only (CVSS-B): threat and environmental metrics do not change it", () => {
    const base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    expect(cvss4BaseScore(`${base}/E:U`)).toBe(9.3);
    expect(cvss4BaseScore(`${base}/E:P/CR:H/MAV:A/S:N/U:Amber`)).toBe(9.3);
  });

  it("refuses incomplete, duplicated, unknown or other-version vectors", () => {
    expect(cvss4BaseScore("CVSS:4.0/AV:N/AC:L")).toBeUndefined();
    expect(cvss4BaseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/AV:L")).toBeUndefined();
    expect(cvss4BaseScore("CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")).toBeUndefined();
    expect(cvss4BaseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/ZZ:1")).toBeUndefined();
    expect(cvss4BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toBeUndefined();
    expect(cvss4BaseScore("garbage")).toBeUndefined();
  });

  it("a record's severity is the highest of its v3 and v4 scores", () => {
    const rate = (...severity: Array<[string, string]>) =>
      rateRecord({ id: "GHSA-x", severity: severity.map(([type, score]) => ({ type, score })) });
    expect(rate(["CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N"])).toMatchObject({
      level: "high",
      score: 8.7,
      source: "cvss4",
    });
    expect(
      rate(
        ["CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
        ["CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N"],
      ),
    ).toMatchObject({ level: "critical", score: 9.8, source: "cvss3" });
    expect(rate(["CVSS_V4", "CVSS:4.0/AV:N/AC:L"])).toMatchObject({ level: "high", source: "default" });
  });
});
