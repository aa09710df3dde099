import type { ErrorCodeTable } from "@rampart/core/errors";

/** The error codes of @rampart/lockfile (its area's prefix), documented in its README (generated: node scripts/gen-docs.mjs). */
export const errorCodes = {
  LOCKFILE_PARSE_FAILED: {
    meaning: "a lockfile is malformed, truncated or of a version rampart does not read (the file and line are named)",
    hint: "regenerate it with your package manager and commit it",
  },
  LOCKFILE_DIFF_REV: {
    meaning: "`lockfile diff` was given a revision git does not know",
    hint: "pass a commit, branch or tag that exists here (fetch it first in CI)",
  },
  LOCKFILE_DIFF_MISSING: {
    meaning: "the lockfile to diff is neither staged nor in the revision",
    hint: "give its path relative to the repository root and `git add` it",
  },
  LOCKFILE_PIN_REFUSED: {
    meaning:
      "`lockfile pin-config` (CI, before the install) found package-manager config it cannot make safe: a yarn plugin the base loads from outside the repository",
    hint: "keep yarn plugins inside the repository (.yarn/plugins/), in a reviewed change",
  },
} as const satisfies ErrorCodeTable;

export type LockfileErrorCode = keyof typeof errorCodes;
