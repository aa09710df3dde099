import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { scanPaths } from "../src/paths.js";
import { secretSeverity } from "../src/report.js";
import { githubToken, tokenLine } from "./synthetic.js";

const noBaseline = { baseline: false } as const;
// A generic (low-confidence) finding and a provider token (high) in one file.
const password = `db_password = "${"Qx7".concat("vLm2pR9tZw4K")}"`;

describe("confidence decides severity (secrets.failOn)", () => {
  it("maps confidence to error or warning at the policy's threshold", () => {
    expect(secretSeverity("low")).toBe("error");
    expect(secretSeverity("low", "medium")).toBe("warning");
    expect(secretSeverity("medium", "medium")).toBe("error");
    expect(secretSeverity("medium", "high")).toBe("warning");
    expect(secretSeverity("high", "high")).toBe("error");
  });

  it("reports low-confidence findings as errors by default, warnings when the policy says failOn: medium", async () => {
    const files = { "app.cfg": `${password}\n${tokenLine(githubToken(3))}\n` };
    const plain = await gitRepo(files);
    const byDefault = await scanPaths({ cwd: plain.dir, ...noBaseline });
    expect(byDefault.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["generic-secret-assignment", "error"],
      ["github-pat", "error"],
    ]);
    const lenient = await scanPaths({ cwd: plain.dir, policy: { failOn: "medium" }, ...noBaseline });
    expect(lenient.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["generic-secret-assignment", "warning"],
      ["github-pat", "error"],
    ]);
  });
});
