import type { BranchRules } from "../rulesets.js";

/** What `--online` learnt from the GitHub REST API; null = could not be seen (and `why` says so). */
export interface OnlineFacts {
  /** owner/name */
  repo: string;
  branch: string;
  /** Classic protection and active rulesets on the default branch, merged; null when unreadable. */
  rules: BranchRules | null;
  rulesWhy?: string;
  /** The organisation requires two-factor authentication of its members. */
  twoFactor: boolean | null;
  twoFactorWhy?: string;
  secretScanning: boolean | null;
  pushProtection: boolean | null;
  securityWhy?: string;
  /** Default GITHUB_TOKEN permissions of the repository's workflows. */
  workflowPermissions: "read" | "write" | null;
  workflowWhy?: string;
  /** REST calls made and answered from the cache (304 Not Modified). */
  calls: number;
  cached: number;
}
