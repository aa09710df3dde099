import { type AuditCheck, outcome } from "../model.js";
import { updateTool } from "../scorecard/dependency-update-tool.js";

/** MAT-4: dependencies are monitored for updates and security issues (Dependabot, Renovate, ...). */
export const check: AuditCheck = {
  id: "MAT-4",
  title: "Dependencies are monitored for updates and security issues",
  run(ctx) {
    const found = updateTool(ctx);
    if (found.length > 0) return outcome.pass(found);
    return outcome.fail(
      [{ text: "no dependency update tool configured (Dependabot, Renovate, PyUp, Sonatype Lift)" }],
      "configure Dependabot: rampart init writes .github/dependabot.yml (npm and github-actions, weekly)",
    );
  },
};
