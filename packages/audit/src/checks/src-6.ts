import { type AuditCheck, outcome } from "../model.js";
import { rulesetFiles } from "../rulesets.js";

const IMPORT =
  "import .github/rulesets/default-branch.json (Settings > Rules > Rulesets > Import; rampart init writes it), then `rampart audit --online`";

/** SRC-6: review before merge. Only the forge enforces it, so a clone alone leaves it unknown. */
export const check: AuditCheck = {
  id: "SRC-6",
  title: "Review and approval are enforced before merge",
  run(ctx) {
    const online = ctx.online;
    if (online?.rules) {
      const r = online.rules;
      const text = `${online.branch}: ${r.reviews} required approving review(s)${r.codeOwnerReview ? ", code-owner review" : ""}${r.dismissStale ? ", stale approvals dismissed" : ""}`;
      if (r.reviews >= 1) return outcome.pass([{ text, command: "GitHub API: branch protection and rulesets" }]);
      return outcome.fail(
        [{ text, command: "GitHub API: branch protection and rulesets" }],
        `require at least one approving review on ${online.branch}: ${IMPORT}`,
      );
    }
    const files = rulesetFiles(ctx).filter((f) => f.rules.reviews > 0);
    const why = online?.rulesWhy ?? "review rules live in the forge's settings, not in the clone";
    return outcome.unknown(
      `${why}; run with --online (a token that can read branch protection), or answer: can anyone merge without an approving review?`,
      files.map((f) => f.evidence),
      files.length > 0
        ? IMPORT
        : "rampart init --profile recommended writes .github/rulesets/default-branch.json (one approving review, code-owner review): import it, then `rampart audit --online`",
    );
  },
};
