import { type Audit, GITHUB } from "../audit.js";
import { get, text } from "../nodes.js";
import { actionName } from "../taint.js";

export const audit: Audit = {
  id: "persist-credentials",
  summary:
    "actions/checkout keeps the token in .git/config, where every later step (and uploaded artifacts) can read it",
  severity: "warning",
  confidence: "high",
  framework: ["SRC-9"],
  fix: "add `with: persist-credentials: false` (pass the token explicitly to the one step that pushes)",
  kinds: GITHUB,
  run(wf, report) {
    for (const job of wf.jobs)
      for (const step of job.steps) {
        if (actionName(step.uses) !== "actions/checkout") continue;
        if (text(get(step.with, "persist-credentials")) === "false") continue;
        report({
          at: step.uses,
          message: `checkout in job \`${job.id}\` persists the token in .git/config`,
          job,
          step,
        });
      }
  },
};
