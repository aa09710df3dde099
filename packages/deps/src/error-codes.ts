import type { ErrorCodeTable } from "@rampart/core";

/** The error codes of @rampart/deps (its area's prefix), documented in its README (generated: node scripts/gen-docs.mjs). */
export const errorCodes = {
  DEPS_DATABASE_MISSING: {
    meaning: "there is no advisory database where rampart looked",
    hint: "pass --db DIR or set deps.database in .rampart/config.yaml",
  },
  DEPS_DATABASE_INVALID: {
    meaning: "the database path is not a directory of OSV records",
    hint: "unzip the OSV export into a directory and pass it with --db",
  },
} as const satisfies ErrorCodeTable;

export type DepsErrorCode = keyof typeof errorCodes;
