import type { AuditContext } from "./context.js";
import type { Evidence } from "./model.js";

/** What a branch's protection amounts to, from classic protection, rulesets, or a ruleset file. */
export interface BranchRules {
  reviews: number;
  codeOwnerReview: boolean;
  dismissStale: boolean;
  lastPushApproval: boolean;
  signatures: boolean;
  statusChecks: number;
  /** The required status checks by name (context), when the source lists them. */
  requiredChecks: string[];
  forcePushBlocked: boolean;
  deletionBlocked: boolean;
}

export function noRules(): BranchRules {
  return {
    reviews: 0,
    codeOwnerReview: false,
    dismissStale: false,
    lastPushApproval: false,
    signatures: false,
    statusChecks: 0,
    requiredChecks: [],
    forcePushBlocked: false,
    deletionBlocked: false,
  };
}

interface Rule {
  type?: unknown;
  parameters?: Record<string, unknown>;
}

/** Folds ruleset rules (GitHub's documented rule objects) into `into`. */
export function applyRulesetRules(rules: readonly unknown[], into: BranchRules): BranchRules {
  for (const raw of rules) {
    const rule = (raw ?? {}) as Rule;
    const p = rule.parameters ?? {};
    switch (rule.type) {
      case "pull_request":
        into.reviews = Math.max(into.reviews, Number(p.required_approving_review_count ?? 0) || 0);
        into.codeOwnerReview ||= p.require_code_owner_review === true;
        into.dismissStale ||= p.dismiss_stale_reviews_on_push === true;
        into.lastPushApproval ||= p.require_last_push_approval === true;
        break;
      case "required_signatures":
        into.signatures = true;
        break;
      case "required_status_checks": {
        const checks = Array.isArray(p.required_status_checks) ? p.required_status_checks : [];
        into.statusChecks = Math.max(into.statusChecks, checks.length);
        for (const c of checks) {
          const context = (c as { context?: unknown } | null)?.context;
          if (typeof context === "string" && !into.requiredChecks.includes(context)) into.requiredChecks.push(context);
        }
        break;
      }
      case "non_fast_forward":
        into.forcePushBlocked = true;
        break;
      case "deletion":
        into.deletionBlocked = true;
        break;
    }
  }
  return into;
}

/** Rulesets kept as code (.github/rulesets/*.json, as `rampart init` writes them), active ones only. */
export function rulesetFiles(ctx: AuditContext): Array<{ file: string; rules: BranchRules; evidence: Evidence }> {
  const out: Array<{ file: string; rules: BranchRules; evidence: Evidence }> = [];
  for (const file of ctx.matching(/^\.github\/rulesets\/[^/]+\.json$/)) {
    let data: { enforcement?: unknown; target?: unknown; rules?: unknown };
    try {
      data = JSON.parse(ctx.read(file) ?? "null") ?? {};
    } catch {
      continue;
    }
    if (data.enforcement !== "active" || (data.target ?? "branch") !== "branch" || !Array.isArray(data.rules)) continue;
    const rules = applyRulesetRules(data.rules, noRules());
    out.push({ file, rules, evidence: { file, text: `ruleset kept as code: ${describeRules(rules)}` } });
  }
  return out;
}

export function describeRules(r: BranchRules): string {
  const parts = [
    r.reviews > 0 ? `${r.reviews} approving review${r.reviews === 1 ? "" : "s"}` : "no required review",
    r.codeOwnerReview ? "code-owner review" : "",
    r.signatures ? "signed commits" : "",
    r.statusChecks > 0 ? `${r.statusChecks} status check${r.statusChecks === 1 ? "" : "s"}` : "",
    r.forcePushBlocked ? "force-push blocked" : "force-push allowed",
    r.deletionBlocked ? "deletion blocked" : "deletion allowed",
  ];
  return parts.filter(Boolean).join(", ");
}
