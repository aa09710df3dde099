import { type Audit, WORKFLOW_ONLY } from "../audit.js";
import { jobNeeds } from "../knowledge.js";
import { effectivePermissions, writeScopes } from "../permissions.js";

export const audit: Audit = {
  id: "permissions-excessive",
  summary: "a job holds a write scope none of its steps needs",
  severity: "warning",
  confidence: "medium",
  framework: ["SRC-9"],
  fix: "drop the write scope (or make it read); `rampart workflows fix` computes the least permissions",
  kinds: WORKFLOW_ONLY,
  run(wf, report) {
    for (const job of wf.jobs) {
      if (job.uses) continue; // a reusable workflow's needs are in the called file
      const pair = effectivePermissions(wf, job);
      if (!pair) continue;
      const { needs, known } = jobNeeds(job.steps);
      // Only where every step is in the knowledge base: an unknown action may need any scope.
      if (!known) continue;
      for (const [scope, node] of writeScopes(pair.value)) {
        if (scope === "id-token" || needs[scope] === "write") continue;
        const inherited = pair !== job.permissions;
        report({
          at: node,
          message: `job \`${job.id}\` has ${scope}: write${inherited ? " (from the workflow)" : ""} and no step needs it`,
          job,
          key: scope,
        });
      }
    }
  },
};
