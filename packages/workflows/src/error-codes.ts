import type { ErrorCodeTable } from "@rampart/core";

/** The error codes of @rampart/workflows (its area's prefix), documented in its README (generated: node scripts/gen-docs.mjs). */
export const errorCodes = {
  WORKFLOW_INVALID: {
    meaning: "a workflow file is not valid YAML (the other files are still checked)",
    hint: "fix the file and line named",
  },
  WORKFLOW_NOT_FOUND: {
    meaning: "a workflow file given on the command line does not exist",
    hint: "pass existing files, or no path for the default set",
  },
  WORKFLOWS_LOCK_INVALID: {
    meaning: "`.rampart/actions.lock.json` is not the lock format",
    hint: "restore it from git, or delete it and `rampart workflows fix --online`",
  },
  WORKFLOWS_API_UNREACHABLE: {
    meaning: "`workflows fix --online` cannot reach the GitHub API",
    hint: "check the network or GITHUB_API_URL; offline, edit the lock by hand",
  },
} as const satisfies ErrorCodeTable;

export type WorkflowsErrorCode = keyof typeof errorCodes;
