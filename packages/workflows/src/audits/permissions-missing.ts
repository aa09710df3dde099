import { type Audit, WORKFLOW_ONLY } from "../audit.js";

export const audit: Audit = {
  id: "permissions-missing",
  summary: "no top-level permissions: every job without its own gets the repository's default token",
  severity: "error",
  confidence: "high",
  framework: ["SRC-9"],
  fix: "add `permissions: {}` at the top and give each job the scopes it needs (`rampart workflows fix` does it)",
  kinds: WORKFLOW_ONLY,
  run(wf, report) {
    if (wf.permissions) return;
    const bare = wf.jobs.filter((j) => !j.permissions && !j.uses);
    // A reusable workflow runs with its caller's token, which its own block can only narrow.
    const calledOnly = wf.triggers.size > 0 && [...wf.triggers].every((t) => t === "workflow_call");
    report({
      at: wf.triggerKey ?? wf.root,
      message:
        bare.length > 0
          ? `no top-level permissions: ${bare.map((j) => `\`${j.id}\``).join(", ")} run with the default token`
          : "no top-level permissions (every job sets its own; a job added later would get the default token)",
      severity: bare.length > 0 && !calledOnly ? "error" : "warning",
      ...(calledOnly ? { confidence: "medium" as const } : {}),
    });
  },
};
