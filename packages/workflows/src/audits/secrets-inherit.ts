import { type Audit, WORKFLOW_ONLY } from "../audit.js";
import { get, pairOf, text } from "../nodes.js";

export const audit: Audit = {
  id: "secrets-inherit",
  summary: "a reusable workflow call passes every secret of the repository (secrets: inherit)",
  severity: "warning",
  confidence: "high",
  framework: ["SRC-9"],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
  fix: "pass only the secrets the called workflow declares (secrets: NAME: ${{ secrets.NAME }})",
  kinds: WORKFLOW_ONLY,
  run(wf, report) {
    for (const job of wf.jobs)
      if (text(get(job.node, "secrets")) === "inherit")
        report({
          at: pairOf(job.node, "secrets")?.value,
          message: `job \`${job.id}\` hands every secret to ${text(job.uses) ?? "the called workflow"}`,
          job,
        });
  },
};
