import { policyLine } from "../detect.js";
import { checkReporter } from "../jobs.js";
import { type AuditCheck, type Evidence, outcome } from "../model.js";
import { type BranchRules, describeRules, rulesetFiles } from "../rulesets.js";

const FIX =
  "block force-push and deletion and require status checks on the default branch: import .github/rulesets/default-branch.json (rampart init writes it)";

/** SRC-7: branch protection on the default branch, read from the forge (--online); a clone only shows intent. */
export const check: AuditCheck = {
  id: "SRC-7",
  title: "Branch protection rules are in place",
  async run(ctx) {
    const online = ctx.online;
    const reports = await checkReporter(ctx);
    if (online?.rules) {
      const r = online.rules;
      const evidence: Evidence[] = [
        { text: `${online.branch}: ${describeRules(r)}`, command: "GitHub API: branch protection and rulesets" },
      ];
      const orphans = unreported(r, reports);
      evidence.push(...orphans.map((c) => orphanEvidence(c)));
      const held = [r.forcePushBlocked, r.deletionBlocked, r.statusChecks > 0 || r.reviews > 0].filter(Boolean).length;
      if (held === 3 && orphans.length === 0) return outcome.pass(evidence);
      if (held === 3) return outcome.partial(evidence, ORPHAN_FIX);
      return held === 0 ? outcome.fail(evidence, FIX) : outcome.partial(evidence, FIX);
    }
    const files = rulesetFiles(ctx);
    const evidence = [
      ...files.flatMap((f) => [
        f.evidence,
        ...unreported(f.rules, reports).map((c) => ({ ...orphanEvidence(c), file: f.file })),
      ]),
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

const ORPHAN_FIX =
  "a required status check that no job reports never passes, so every merge waits on it or bypasses the rules: name the check as the job reports it (its `name:`, else its id), or add the job";

/** Required checks no GitHub Actions job here reports (none when the repository has no workflow to ask). */
function unreported(rules: BranchRules, reports: ((check: string) => boolean) | undefined): string[] {
  if (reports === undefined) return [];
  return rules.requiredChecks.filter((check) => !reports(check));
}

function orphanEvidence(check: string): Evidence {
  return {
    text: `required status check "${check}" is reported by no job of this repository's workflows (an app outside it may report it)`,
  };
}
