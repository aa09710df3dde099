import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/src/index.js";

// The repository dogfoods what rampart asks of others: its CI pins actions by commit SHA and
// grants least privilege (SRC-9, BLD-2).
const workflow = readFileSync(`${repoRoot}/.github/workflows/ci.yml`, "utf8");

describe(".github/workflows/ci.yml", () => {
  it("pins every action by full commit SHA with the version in a comment", () => {
    const uses = [...workflow.matchAll(/^\s*(?:-\s+)?uses:\s*(.+)$/gm)].map((m) => m[1]!.trim());
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) expect(use).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  it("grants nothing at the top level and only read access per job", () => {
    expect(workflow).toMatch(/^permissions: \{\}$/m);
    const jobPermissions = [...workflow.matchAll(/^ {4}permissions:\n((?: {6}.+\n)+)/gm)].map((m) => m[1]!);
    expect(jobPermissions).toEqual([`${" ".repeat(6)}contents: read\n`]);
  });

  it("does not persist credentials, bounds the job's time and runs npm test", () => {
    expect(workflow).toContain("persist-credentials: false");
    expect(workflow).toMatch(/^ {4}timeout-minutes: \d+$/m);
    expect(workflow).toMatch(/^\s+run: npm test$/m);
    expect(workflow).not.toMatch(/pull_request_target|secrets\./);
  });
});
