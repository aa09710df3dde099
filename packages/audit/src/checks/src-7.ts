import { policyLine } from "../detect.js";
import { type AuditCheck, outcome } from "../model.js";
import { describeRules, rulesetFiles } from "../rulesets.js";

const FIX =
  "block force-push and deletion and require status checks on the default branch: import .github/rulesets/default-branch.json (rampart init writes it)";

/** SRC-7: branch protection on the default branch, read from the forge (--online); a clone only shows intent. */
export const check: AuditCheck = {
  id: "SRC-7",
  title: "Branch protection rules are in place",
  run(ctx) {
    const online = ctx.online;
    if (online?.rules) {
      const r = online.rules;
      const evidence = [
        { text: `${online.branch}: ${describeRules(r)}`, command: "GitHub API: branch protection and rulesets" },
      ];
      const held = [r.forcePushBlocked, r.deletionBlocked, r.statusChecks > 0 || r.reviews > 0].filter(Boolean).length;
      if (held === 3) return outcome.pass(evidence);
      return held === 0 ? outcome.fail(evidence, FIX) : outcome.partial(evidence, FIX);
    }
    const evidence = [
      ...rulesetFiles(ctx).map((f) => f.evidence),
      ...policyLine(ctx, /^\s+protectedBranches:\s*\[.+\]/).map((e) => ({
        ...e,
        text: `the pre-push hook refuses direct pushes (local only): ${e.text}`,
      })),
    ];
    return outcome.unknown(
      `${online?.rulesWhy ?? "branch protection is a forge setting, not in the clone"}; run with --online, or answer: can anyone force-push to or delete the default branch?`,
      evidence,
      FIX,
    );
  },
};
