import { type Audit, WORKFLOW_ONLY } from "../audit.js";
import { get, text } from "../nodes.js";
import { actionName } from "../taint.js";

const COMMENT_TRIGGERS = ["issue_comment", "pull_request_review_comment", "discussion_comment"];
/** An `if:` that checks who commented. */
const AUTHOR_CHECK = /author_association|comment\.user\.login|github\.actor\b|github\.triggering_actor|sender\.login/;
/** Steps that check the commenter's permission before acting. */
const PERMISSION_STEPS = new Set([
  "xt0rted/slash-command-action",
  "actions-cool/check-user-permission",
  "peter-evans/slash-command-dispatch",
]);

export const audit: Audit = {
  id: "unguarded-comment-trigger",
  summary: "a comment trigger runs for anyone who can comment, with no author or association check",
  severity: "error",
  confidence: "medium",
  framework: ["SRC-9", "BLD-7"],
  fix: 'guard the job with if: contains(fromJSON(\'["OWNER","MEMBER","COLLABORATOR"]\'), github.event.comment.author_association)',
  kinds: WORKFLOW_ONLY,
  run(wf, report) {
    const trigger = COMMENT_TRIGGERS.find((t) => wf.triggers.has(t));
    if (!trigger) return;
    for (const job of wf.jobs) {
      if (AUTHOR_CHECK.test(text(get(job.node, "if")) ?? "")) continue;
      if (job.steps.some((s) => AUTHOR_CHECK.test(text(get(s.node, "if")) ?? "") && s.index === 0)) continue;
      if (
        job.steps.some(
          (s) =>
            PERMISSION_STEPS.has(actionName(s.uses) ?? "") ||
            /getCollaboratorPermissionLevel|\/collaborators\/[^/\s]+\/permission/.test(
              `${text(s.run) ?? ""}${text(get(s.with, "script")) ?? ""}`,
            ),
        )
      )
        continue;
      const privileged = /secrets\./.test(wf.text) || /:\s*write\b/.test(wf.text);
      report({
        at: job.key,
        message: `job \`${job.id}\` runs on ${trigger} from anyone who can comment${privileged ? ", with secrets or a write token in this workflow" : ""}`,
        severity: privileged ? "error" : "warning",
        job,
      });
    }
  },
};
