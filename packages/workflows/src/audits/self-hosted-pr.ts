import { isMap, isScalar, isSeq, type Node } from "yaml";
import { type Audit, WORKFLOW_ONLY } from "../audit.js";
import { get, scalars, text } from "../nodes.js";

/** Triggers a fork's pull request (or any commenter) can start. */
export const PUBLIC_PR_TRIGGERS = [
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment",
  "issue_comment",
];

export const audit: Audit = {
  id: "self-hosted-pr",
  summary: "a self-hosted runner on a trigger a fork's pull request can start (the fork's code runs on your machine)",
  severity: "error",
  confidence: "medium",
  framework: ["BLD-6", "BLD-8"],
  fix: "run pull-request jobs on GitHub-hosted (ephemeral) runners, or require approval for fork PRs and use ephemeral self-hosted runners",
  kinds: WORKFLOW_ONLY,
  run(wf, report) {
    const trigger = PUBLIC_PR_TRIGGERS.find((t) => wf.triggers.has(t));
    if (!trigger) return;
    for (const job of wf.jobs) {
      const runsOn = get(job.node, "runs-on");
      const node = selfHosted(runsOn);
      if (node) report({ at: node, message: `job \`${job.id}\` runs ${trigger} events on a self-hosted runner`, job });
    }
  },
};

function selfHosted(runsOn: Node | undefined): Node | undefined {
  if (isScalar(runsOn)) return /self-hosted/i.test(text(runsOn) ?? "") ? runsOn : undefined;
  if (isSeq(runsOn) || isMap(runsOn)) {
    if (isMap(runsOn) && get(runsOn, "group")) return get(runsOn, "group");
    for (const s of scalars(runsOn)) if (/self-hosted/i.test(text(s) ?? "")) return s;
  }
  return undefined;
}
