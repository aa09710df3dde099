import type { Evidence } from "../model.js";
import { noWorkflows, result, type ScorecardCheck } from "./model.js";
import { plainWorkflows, steps } from "./workflows.js";

/** Contexts an outside contributor controls (Scorecard's list of untrusted inputs). */
const UNTRUSTED =
  /\$\{\{[^}]*\b(?:github\.event\.(?:issue\.(?:title|body)|pull_request\.(?:title|body|head\.(?:ref|label|repo\.default_branch))|comment\.body|review\.body|review_comment\.body|pages\.[^}]*\.page_name|commits\.[^}]*\.(?:message|author\.(?:email|name))|head_commit\.(?:message|author\.(?:email|name))|workflow_run\.(?:head_branch|head_commit\.(?:message|author\.(?:email|name))|pull_requests\.[^}]*\.head\.ref))|github\.head_ref)\b/;
/** A checkout of the pull request's (or triggering run's) head. */
const HEAD_REF =
  /github\.event\.(?:pull_request\.head\.(?:sha|ref)|workflow_run\.head_(?:sha|branch))|github\.head_ref|refs\/pull\//;

/** Dangerous-Workflow (Scorecard): 0 on an untrusted checkout under pull_request_target/workflow_run or a script injection, else 10. */
export const scorecardCheck: ScorecardCheck = {
  name: "Dangerous-Workflow",
  framework: "BLD-7",
  async run(ctx) {
    const workflows = await plainWorkflows(ctx);
    if (workflows.length === 0) return noWorkflows(this);
    const details: Evidence[] = [];
    for (const wf of workflows) {
      const privileged = wf.triggers.has("pull_request_target") || wf.triggers.has("workflow_run");
      for (const job of wf.jobs) {
        for (const step of steps(job.data)) {
          if (privileged && /^actions\/checkout@/.test(step.uses ?? "") && HEAD_REF.test(String(step.with.ref ?? "")))
            details.push({ file: wf.file, line: job.line, text: `untrusted code checkout in job ${job.id}` });
          if (step.run && UNTRUSTED.test(step.run))
            details.push({
              file: wf.file,
              line: job.line,
              text: `script injection with untrusted input in job ${job.id}`,
            });
        }
      }
    }
    return details.length > 0
      ? result(this, 0, "dangerous workflow patterns detected", details.slice(0, 10))
      : result(this, 10, "no dangerous workflow patterns detected");
  },
};
