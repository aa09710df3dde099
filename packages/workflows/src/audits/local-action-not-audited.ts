import type { Audit } from "../audit.js";
import { isLocalUses, localActionDir } from "../local-actions.js";
import { text } from "../nodes.js";

export const audit: Audit = {
  id: "local-action-not-audited",
  summary:
    "a local action (uses: ./path) whose action.yml was not judged: the path leaves the repository or goes through a symlink (error), or no action file is there at the revision judged (an action an earlier step checks out, a typo)",
  severity: "warning",
  confidence: "high",
  framework: ["BLD-5", "BLD-7", "SRC-9"],
  fix: "keep local actions inside the repository as real files (no symlink, no ..), with their action.yml committed; for an action another step checks out, audit it where it lives, or accept it with workflows.audits.local-action-not-audited: off",
  kinds: ["github-workflow", "github-action"],
  run(wf, report, ctx) {
    for (const job of wf.jobs)
      for (const step of job.steps) {
        const uses = text(step.uses)?.trim();
        if (uses === undefined || !isLocalUses(uses)) continue;
        const ref = ctx.localActions?.get(uses);
        if (ref !== undefined && "file" in ref) continue;
        const refused =
          ref ??
          (() => {
            const dir = localActionDir(uses);
            return typeof dir === "string"
              ? { refused: "its action.yml was not read (the caller did not follow local actions)" }
              : dir;
          })();
        report({
          at: step.uses,
          job,
          step,
          message: `local action ${uses} is not audited: ${refused.refused}`,
          key: uses,
          ...(refused.error === true ? { severity: "error" as const } : {}),
        });
      }
  },
};
