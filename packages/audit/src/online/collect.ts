import { RampartError } from "@rampart/core";
import { applyRulesetRules, type BranchRules, noRules } from "../rulesets.js";
import { GitHubClient } from "./client.js";
import type { OnlineFacts } from "./facts.js";

export interface OnlineOptions {
  env: NodeJS.ProcessEnv;
  /** owner/name; default: from the origin remote. */
  repo: string;
  /** Where the ETag cache lives (inside .git). */
  cacheFile?: string;
  /** The folder it must stay inside (the git common dir). */
  cacheRoot?: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

/** Scopes a classic token needs; fine-grained tokens: Administration, Metadata (read), and Organization members' read for 2FA. */
export const NEEDED_SCOPES = ["repo", "read:org"];

/** Reads what the offline audit cannot see: branch rules, 2FA, secret scanning, default token permissions. */
export async function collectOnline(options: OnlineOptions): Promise<OnlineFacts> {
  const token = options.env.GITHUB_TOKEN || options.env.GH_TOKEN;
  if (!token)
    throw new RampartError("AUDIT_ONLINE_NO_TOKEN", "--online needs a token in GITHUB_TOKEN or GH_TOKEN", {
      hint: "a classic token with repo and read:org, or a fine-grained one with Administration: read (see rampart audit's README)",
    });
  const client = new GitHubClient({
    token,
    apiUrl: options.env.GITHUB_API_URL || "https://api.github.com",
    ...(options.cacheFile ? { cacheFile: options.cacheFile } : {}),
    ...(options.cacheRoot ? { cacheRoot: options.cacheRoot } : {}),
  });
  const repo = await client.get(`/repos/${options.repo}`);
  if (repo.status !== 200)
    throw new RampartError("AUDIT_ONLINE_REPO", `--online: GET /repos/${options.repo} answered ${repo.status}`, {
      hint: "check --repo OWNER/NAME and that the token can read the repository",
    });
  const data = obj(repo.body);
  const branch = typeof data.default_branch === "string" ? data.default_branch : "main";
  const missing = repo.scopes ? NEEDED_SCOPES.filter((s) => !hasScope(repo.scopes ?? [], s)) : [];
  const scopeNote = missing.length > 0 ? ` (the token lacks the ${missing.join(", ")} scope)` : "";
  const facts: OnlineFacts = {
    repo: options.repo,
    branch,
    rules: null,
    twoFactor: null,
    secretScanning: null,
    pushProtection: null,
    workflowPermissions: null,
    calls: 0,
    cached: 0,
  };
  const enc = encodeURIComponent(branch);
  const [protection, rules, workflow] = await Promise.all([
    client.get(`/repos/${options.repo}/branches/${enc}/protection`),
    client.get(`/repos/${options.repo}/rules/branches/${enc}`),
    client.get(`/repos/${options.repo}/actions/permissions/workflow`),
  ]);
  const merged = noRules();
  let readable = false;
  if (protection.status === 200) {
    classicRules(obj(protection.body), merged);
    readable = true;
  } else if (protection.status === 404) readable = true; // "Branch not protected"
  if (rules.status === 200 && Array.isArray(rules.body)) applyRulesetRules(rules.body, merged);
  else readable = false;
  if (readable) facts.rules = merged;
  else
    facts.rulesWhy = `the token cannot read branch protection (HTTP ${protection.status}/${rules.status})${scopeNote}`;
  const security = obj(data.security_and_analysis);
  if (Object.keys(security).length > 0) {
    facts.secretScanning = obj(security.secret_scanning).status === "enabled";
    facts.pushProtection = obj(security.secret_scanning_push_protection).status === "enabled";
  } else facts.securityWhy = `security_and_analysis is shown only to admins${scopeNote}`;
  const perms = obj(workflow.body).default_workflow_permissions;
  if (workflow.status === 200 && (perms === "read" || perms === "write")) facts.workflowPermissions = perms;
  else facts.workflowWhy = `HTTP ${workflow.status} for the default workflow permissions${scopeNote}`;
  const owner = obj(data.owner);
  if (owner.type === "Organization" && typeof owner.login === "string") {
    const org = await client.get(`/orgs/${encodeURIComponent(owner.login)}`);
    const tfa = obj(org.body).two_factor_requirement_enabled;
    if (org.status === 200 && typeof tfa === "boolean") facts.twoFactor = tfa;
    else facts.twoFactorWhy = `the organisation's 2FA setting is shown only to its owners${scopeNote}`;
  } else
    facts.twoFactorWhy =
      "the repository belongs to a personal account: there is no organisation 2FA requirement to read";
  facts.calls = client.calls;
  facts.cached = client.cached;
  return facts;
}

function hasScope(scopes: readonly string[], needed: string): boolean {
  if (scopes.includes(needed)) return true;
  if (needed === "read:org") return scopes.includes("admin:org") || scopes.includes("write:org");
  return false;
}

/** Classic branch protection (GET .../branches/{branch}/protection) in the same terms as rulesets. */
function classicRules(p: Json, into: BranchRules): void {
  const reviews = obj(p.required_pull_request_reviews);
  if (Object.keys(reviews).length > 0) {
    into.reviews = Math.max(into.reviews, Number(reviews.required_approving_review_count ?? 1) || 0);
    into.codeOwnerReview ||= reviews.require_code_owner_reviews === true;
    into.dismissStale ||= reviews.dismiss_stale_reviews === true;
    into.lastPushApproval ||= reviews.require_last_push_approval === true;
  }
  into.signatures ||= obj(p.required_signatures).enabled === true;
  const checks = obj(p.required_status_checks);
  const n = Math.max(
    Array.isArray(checks.contexts) ? checks.contexts.length : 0,
    Array.isArray(checks.checks) ? checks.checks.length : 0,
  );
  into.statusChecks = Math.max(into.statusChecks, n);
  const named = [
    ...(Array.isArray(checks.contexts) ? checks.contexts : []),
    ...(Array.isArray(checks.checks) ? checks.checks.map((c) => (c as { context?: unknown } | null)?.context) : []),
  ];
  for (const context of named)
    if (typeof context === "string" && !into.requiredChecks.includes(context)) into.requiredChecks.push(context);
  into.forcePushBlocked ||= obj(p.allow_force_pushes).enabled === false;
  into.deletionBlocked ||= obj(p.allow_deletions).enabled === false;
}

/** owner/name from a GitHub remote URL (https, ssh, scp-like), or undefined. */
export function repoFromRemote(url: string): string | undefined {
  const m = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?[^/:]+[:/]([^/]+)\/([^/]+?)(?:\.git)?\/?$/i.exec(url.trim());
  return m ? `${m[1]}/${m[2]}` : undefined;
}
