import type { ErrorCodeTable } from "@rampart/core/errors";

/** The error codes of the `rampart` CLI (its area's prefix), documented in its README (generated: node scripts/gen-docs.mjs). */
export const errorCodes = {
  COMMAND_UNAVAILABLE: {
    meaning: "the command is listed but not available in this version",
    hint: "`rampart --help` lists what this version can do",
  },
} as const satisfies ErrorCodeTable;

export type CliErrorCode = keyof typeof errorCodes;
