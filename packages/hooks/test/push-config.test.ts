import { describe, expect, it } from "vitest";
import { hooksSettings, isProtectedBranch, parsePolicyData } from "../src/hooks-config.js";
import { branchOf, parsePushLines, pushedRange } from "../src/push.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const Z = "0".repeat(40);

describe("pre-push input", () => {
  it("parses every line git writes, skipping blank ones", () => {
    const refs = parsePushLines([`refs/heads/x ${A} refs/heads/x ${B}`, "", `refs/tags/v1 ${A} refs/tags/v1 ${Z}`]);
    expect(refs).toHaveLength(2);
    expect(branchOf(refs[0]?.remoteRef ?? "")).toBe("x");
    expect(branchOf(refs[1]?.remoteRef ?? "")).toBeUndefined();
  });

  it("rejects a line that is not four fields", () => {
    expect(() => parsePushLines(["refs/heads/x abc"])).toThrow(/line 1/);
  });

  it("turns updates, new branches and deletions into ranges", () => {
    expect(pushedRange({ localRef: "r", localOid: A, remoteRef: "r", remoteOid: B }, "origin")).toEqual([`${B}..${A}`]);
    expect(pushedRange({ localRef: "r", localOid: A, remoteRef: "r", remoteOid: Z }, "origin")).toEqual([
      A,
      "--not",
      "--remotes=origin",
    ]);
    expect(pushedRange({ localRef: "r", localOid: Z, remoteRef: "r", remoteOid: B }, "origin")).toBeUndefined();
  });
});

describe("hooks policy", () => {
  it("matches protected branches with * inside one segment", () => {
    expect(isProtectedBranch("main", ["main"])).toBe(true);
    expect(isProtectedBranch("release/1.2", ["release/*"])).toBe(true);
    expect(isProtectedBranch("release/1.2/hotfix", ["release/*"])).toBe(false);
    expect(isProtectedBranch("mainline", ["main"])).toBe(false);
    expect(isProtectedBranch("a.b", ["a*b"])).toBe(true);
    expect(isProtectedBranch("axb", ["a.b"])).toBe(false);
  });

  it("fills defaults and refuses unknown keys with the file named", () => {
    expect(hooksSettings(undefined).preCommit).toEqual({
      lintStaged: true,
      secrets: true,
      lockfile: true,
      workflows: true,
    });
    expect(hooksSettings({ prePush: { signatures: false } }).prePush).toEqual({
      signatures: false,
      secrets: true,
      deps: true,
    });
    expect(() => hooksSettings({ preCommit: { secret: true } })).toThrow(/hooks\.preCommit\.secret/);
    expect(() => hooksSettings({ protectedBranches: "main" })).toThrow(/list of branch names/);
  });

  it("parses policy data without validating it", () => {
    expect(parsePolicyData("version: 1\nhooks:\n  protectedBranches: [main]\n")).toEqual({
      version: 1,
      hooks: { protectedBranches: ["main"] },
    });
    expect(parsePolicyData("")).toEqual({});
  });
});
