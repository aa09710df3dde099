import { type Audit, WORKFLOW_ONLY } from "../audit.js";
import { isWriteAll } from "../permissions.js";

export const audit: Audit = {
  id: "permissions-write-all",
  summary: "permissions: write-all grants every scope of the token",
  severity: "error",
  confidence: "high",
  framework: ["SRC-9"],
  fix: "list only the scopes the job needs (e.g. contents: read), or `permissions: {}`",
  kinds: WORKFLOW_ONLY,
  run(wf, report) {
    if (wf.permissions && isWriteAll(wf.permissions.value))
      report({ at: wf.permissions.value, message: "the workflow grants write-all to every job" });
    for (const job of wf.jobs)
      if (job.permissions && isWriteAll(job.permissions.value))
        report({ at: job.permissions.value, message: `job \`${job.id}\` grants write-all`, job });
  },
};
