import { TOOLS } from "../detect.js";
import type { Evidence } from "../model.js";
import { noWorkflows, result, type ScorecardCheck } from "./model.js";
import { type PlainWorkflow, plainWorkflows, steps } from "./workflows.js";

/** Points off for a write permission at the top level, as Scorecard documents them. */
const PENALTY: Record<string, number> = {
  statuses: 0.5,
  checks: 0.5,
  "security-events": 1,
  deployments: 1,
  contents: 10,
  packages: 10,
  actions: 10,
};

/**
 * Token-Permissions (Scorecard): 10 when every workflow is read-only at the top level and writes are
 * granted per job; 1 point off when all jobs declare permissions but the top level does not; 0 when
 * neither does (the token then has the repository default, write for older repositories); points off
 * for each write scope granted at the top level (contents/packages not for a packaging workflow,
 * security-events not for a SARIF upload).
 */
export const scorecardCheck: ScorecardCheck = {
  name: "Token-Permissions",
  framework: "SRC-9",
  async run(ctx) {
    const workflows = await plainWorkflows(ctx);
    if (workflows.length === 0) return noWorkflows(this);
    let score = 10;
    const details: Evidence[] = [];
    for (const wf of workflows) {
      const judged = judgeWorkflow(wf, details);
      if (judged === "zero")
        return result(this, 0, "detected GitHub workflow tokens with excessive permissions", details);
      score -= judged;
    }
    const final = Math.max(0, Math.floor(score));
    return result(
      this,
      final,
      final === 10
        ? "GitHub workflow tokens follow principle of least privilege"
        : "detected GitHub workflow tokens with excessive permissions",
      details,
    );
  },
};

function judgeWorkflow(wf: PlainWorkflow, details: Evidence[]): number | "zero" {
  const top = wf.data.permissions;
  if (top === undefined || top === null) {
    const undeclared = wf.jobs.filter((j) => j.data.permissions === undefined && j.data.uses === undefined);
    if (undeclared.length > 0 || wf.jobs.length === 0) {
      details.push({ file: wf.file, text: "no top-level permissions and a job without permissions" });
      return "zero";
    }
    details.push({ file: wf.file, text: "no top-level permissions (every job declares its own)" });
    return 1;
  }
  if (top === "write-all") {
    details.push({ file: wf.file, text: "top-level permissions: write-all" });
    return "zero";
  }
  if (typeof top === "string") return 0; // read-all
  const packaging = wf.jobs.some((j) =>
    steps(j.data).some((s) => TOOLS.publish.test(`${s.uses ?? ""} ${s.run ?? ""}`)),
  );
  const sarif = wf.jobs.some((j) =>
    steps(j.data).some((s) => /github\/codeql-action\/(?:upload-sarif|analyze)@/.test(s.uses ?? "")),
  );
  let off = 0;
  for (const [scope, level] of Object.entries(top as Record<string, unknown>)) {
    if (level !== "write") continue;
    if ((scope === "contents" || scope === "packages") && packaging) continue;
    if (scope === "security-events" && sarif) continue;
    const penalty = PENALTY[scope] ?? 0;
    if (penalty > 0) details.push({ file: wf.file, text: `top-level '${scope}' permission set to 'write'` });
    off += penalty;
  }
  return off;
}
