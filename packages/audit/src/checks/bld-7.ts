import { type AuditCheck, outcome } from "../model.js";

const WIDE_SECRETS = new Set(["workflows/workflow-env-secret", "workflows/secrets-inherit"]);

/** BLD-7: each job gets only the environment, secrets and commands it needs. */
export const check: AuditCheck = {
  id: "BLD-7",
  title: "Each worker gets only the environment, tools and commands it needs",
  async run(ctx) {
    const { files } = await ctx.workflows();
    if (!files.some((f) => f.kind === "github-workflow"))
      return outcome.unknown(
        ctx.ciFiles().length > 0
          ? "the CI is not GitHub Actions; answer: which secrets and tools can each job reach?"
          : "no CI workflow: no worker to judge",
      );
    // The audits that name BLD-7, and the two that hand secrets to more jobs than need them (filed
    // by the workflow audit under SRC-9, the token's side of the same problem).
    const findings = (await ctx.workflowCheck()).findings.filter(
      (f) => f.framework.includes("BLD-7") || WIDE_SECRETS.has(f.ruleId),
    );
    const evidence = findings.slice(0, 6).map((f) => ({
      text: `${f.ruleId}: ${f.message}`,
      ...(f.file ? { file: f.file } : {}),
      ...(f.line ? { line: f.line } : {}),
    }));
    const fix =
      "scope secrets to the step that needs them, no secrets: inherit, persist-credentials: false; `rampart workflows check` names each";
    if (findings.some((f) => f.severity === "error")) return outcome.fail(evidence, fix);
    if (findings.length > 0) return outcome.partial(evidence, fix);
    return outcome.pass([
      {
        text: "no workflow-wide secrets, inherited secrets, persisted credentials or injectable commands (rampart workflows check)",
      },
    ]);
  },
};
