import type { ErrorCodeTable } from "@rampart/core";

/** The error codes of @rampart/audit (its area's prefix), documented in its README (generated: node scripts/gen-docs.mjs). */
export const errorCodes = {
  AUDIT_ONLINE_NO_TOKEN: {
    meaning: "`--online` was given but neither GITHUB_TOKEN nor GH_TOKEN is set",
    hint: "set one (scopes: repo and read:org, or a fine-grained token with Administration: read), or drop --online",
  },
  AUDIT_ONLINE_UNAUTHORIZED: {
    meaning: "the GitHub API refused the token (401)",
    hint: "check the token and that it has not expired",
  },
  AUDIT_ONLINE_UNREACHABLE: {
    meaning: "the GitHub API (GITHUB_API_URL) could not be reached",
    hint: "check the network or GITHUB_API_URL; without --online the offline audit still runs",
  },
  AUDIT_ONLINE_BAD_RESPONSE: {
    meaning: "the API answered with something that is not JSON",
    hint: "GITHUB_API_URL must be the REST API's base URL (e.g. https://ghe.example.com/api/v3)",
  },
  AUDIT_ONLINE_REPO: {
    meaning: "no repository to ask about, or the API does not show it",
    hint: "pass --repo OWNER/NAME, and check the token can read it",
  },
  AUDIT_ONLINE_LIMIT: {
    meaning: "a run needed more API calls than it ever should (a bug)",
    hint: "report it to rampart",
  },
  AUDIT_BADGE_REFUSED: {
    meaning: "`--badge FILE` exists and is not a badge rampart wrote",
    hint: "pass --force to replace it, or choose another path",
  },
} as const satisfies ErrorCodeTable;

export type AuditErrorCode = keyof typeof errorCodes;
