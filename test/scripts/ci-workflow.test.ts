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

  it("grants nothing at the top level; read access per job, and code scanning writes for the SARIF upload", () => {
    expect(workflow).toMatch(/^permissions: \{\}$/m);
    const jobPermissions = [...workflow.matchAll(/^ {4}permissions:\n((?: {6}.+\n)+)/gm)].map((m) =>
      m[1]!
        .replace(/ *#.*$/gm, "")
        .trim()
        .split(/\n\s*/),
    );
    expect(jobPermissions).toEqual([["contents: read"], ["contents: read", "security-events: write"]]);
  });

  it("runs rampart on rampart with the base's build (never the change's code) and uploads each report as SARIF", () => {
    const job = workflow.slice(workflow.indexOf("\n  rampart:\n"));
    const bin = 'node "$RAMPART"';
    expect(job).toContain("fetch-depth: 0");
    // The judge is built from the base commit in a worktree, not from the checkout under review.
    expect(job).toContain('git worktree add --detach "$RUNNER_TEMP/base" "$BASE"');
    expect(job).toContain('echo "RAMPART=$RUNNER_TEMP/base/packages/cli/bin/rampart.js" >> "$GITHUB_ENV"');
    expect(job).not.toContain("node packages/cli/bin/rampart.js");
    expect(job.indexOf("id: range")).toBeLessThan(job.indexOf("git worktree add"));
    expect(job).toContain(`${bin} secrets scan --range "$RANGE" "$@" --format sarif > secrets.sarif`);
    expect(job).toContain('set -- --policy-rev "$BASE"');
    expect(job).toContain(`${bin} signatures verify "$RANGE" "$@" --format sarif > signatures.sarif`);
    expect(job).toContain(`${bin} lockfile check "$@" --format sarif > lockfile.sarif`);
    expect(job).toContain(`${bin} workflows check "$@" --format sarif > workflows.sarif`);
    expect(job).toContain(`${bin} audit "$@" --format sarif > audit.sarif`);
    for (const report of ["secrets", "signatures", "lockfile", "workflows"])
      expect(job).toMatch(new RegExp(`sarif_file: ${report}\\.sarif\\n\\s+category: rampart-${report}\\n`));
    // Only the signatures step may fail without failing the job (staged rollout, CONTRIBUTING.md).
    expect(job.match(/continue-on-error: true/g)).toHaveLength(1);
    expect(job.slice(job.indexOf("continue-on-error"), job.indexOf("lockfile check"))).toContain("signatures verify");
  });

  it("reports every check the default branch's ruleset requires (a check no job reports blocks every merge)", () => {
    const ruleset = JSON.parse(readFileSync(`${repoRoot}/.github/rulesets/default-branch.json`, "utf8")) as {
      rules: Array<{ type: string; parameters?: { required_status_checks?: Array<{ context: string }> } }>;
    };
    const required = ruleset.rules
      .flatMap((r) => (r.type === "required_status_checks" ? (r.parameters?.required_status_checks ?? []) : []))
      .map((c) => c.context);
    // A check run is named after its job; a matrix job once per value.
    const nodes = JSON.parse(/^ +node: (\[.*\])$/m.exec(workflow)?.[1] ?? "[]") as string[];
    const matrixNode = /\$\{\{ matrix\.node \}\}/;
    const reported = [...workflow.matchAll(/^ {2}[\w-]+:\n {4}name: (.+)$/gm)].flatMap(([, name]) =>
      matrixNode.test(name!) ? nodes.map((n) => name!.replace(matrixNode, n)) : [name!],
    );
    expect(nodes.length).toBeGreaterThan(0);
    expect(required.length).toBeGreaterThan(0);
    for (const context of required) expect(reported, context).toContain(context);
  });

  it("does not persist credentials, bounds the job's time and runs npm test", () => {
    const checkouts = workflow.match(/uses: actions\/checkout@/g) ?? [];
    expect(checkouts.length).toBeGreaterThan(0);
    expect(workflow.match(/persist-credentials: false/g)).toHaveLength(checkouts.length);
    expect(workflow).toMatch(/^ {4}timeout-minutes: \d+$/m);
    expect(workflow).toMatch(/^\s+run: npm test$/m);
    expect(workflow).not.toMatch(/pull_request_target|\$\{\{\s*secrets\./);
  });
});
