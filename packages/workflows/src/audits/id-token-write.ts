import { type Audit, WORKFLOW_ONLY } from "../audit.js";
import { jobNeeds } from "../knowledge.js";
import { effectivePermissions, writeScopes } from "../permissions.js";

export const audit: Audit = {
  id: "id-token-write",
  summary: "id-token: write (OIDC) in a job that neither attests, publishes nor logs in to a cloud",
  severity: "error",
  confidence: "high",
  framework: ["SRC-9", "ART-1"],
  fix: "grant id-token: write only to the job that signs, attests, publishes or authenticates with OIDC",
  kinds: WORKFLOW_ONLY,
  run(wf, report) {
    for (const job of wf.jobs) {
      if (job.uses) continue;
      const pair = effectivePermissions(wf, job);
      const node = writeScopes(pair?.value).find(([scope]) => scope === "id-token")?.[1];
      if (!node) continue;
      const { needs, known } = jobNeeds(job.steps);
      if (needs["id-token"] === "write") continue;
      report({
        at: node,
        message: `job \`${job.id}\` can mint OIDC tokens${pair === job.permissions ? "" : " (from the workflow)"} but no step attests or publishes`,
        confidence: known ? "high" : "medium",
        severity: known ? "error" : "warning",
        job,
      });
    }
  },
};
