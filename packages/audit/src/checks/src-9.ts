import type { Evidence } from "../model.js";
import { type AuditCheck, outcome } from "../model.js";

/** SRC-9: CI jobs get least privilege: token permissions declared and minimal, credentials not persisted. */
export const check: AuditCheck = {
  id: "SRC-9",
  title: "Automation agents (CI/CD) get least-privilege access",
  async run(ctx) {
    const { files, errors } = await ctx.workflows();
    const github = files.filter((f) => f.kind === "github-workflow");
    if (github.length === 0)
      return outcome.unknown(
        ctx.ciFiles().length > 0
          ? "the CI here is not GitHub Actions: its token scopes are set in the CI system; answer: what can each pipeline's token do?"
          : "no CI workflow: nothing runs with a token",
        errors,
      );
    // The workflow audits name the framework ids they serve: SRC-9 is theirs to judge.
    const findings = (await ctx.workflowCheck()).findings.filter((f) => f.framework.includes("SRC-9"));
    const evidence: Evidence[] = [
      { text: `${github.length} GitHub workflow(s) audited (rampart workflows check)` },
      ...errors,
    ];
    for (const f of findings.slice(0, 6))
      evidence.push({
        text: `${f.ruleId}: ${f.message}`,
        ...(f.file ? { file: f.file } : {}),
        ...(f.line ? { line: f.line } : {}),
      });
    if (findings.length > 6) evidence.push({ text: `... ${findings.length - 6} more` });
    const online = ctx.online;
    if (online?.workflowPermissions)
      evidence.push({
        text: `default workflow token permissions: ${online.workflowPermissions}`,
        command: "GitHub API: actions/permissions/workflow",
      });
    const fix = "`rampart workflows fix` adds least permissions (permissions: {} at the top, per-job grants)";
    if (findings.some((f) => f.severity === "error")) return outcome.fail(evidence, fix);
    if (findings.length > 0 || errors.length > 0) return outcome.partial(evidence, fix);
    if (online?.workflowPermissions === "write")
      return outcome.partial(evidence, "set the default workflow permissions to read (Settings > Actions > General)");
    return outcome.pass(evidence);
  },
};
