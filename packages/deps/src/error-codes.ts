import type { ErrorCodeTable } from "@rampart/core";

/** The error codes of @rampart/deps (its area's prefix), documented in its README (generated: node scripts/gen-docs.mjs). */
export const errorCodes = {
  DEPS_DATABASE_MISSING: {
    meaning: "there is no advisory database where rampart looked",
    hint: "run `rampart deps update`, or pass --db (a snapshot, an OSV zip export or a directory of OSV records)",
  },
  DEPS_DATABASE_INVALID: {
    meaning:
      "the database is neither a snapshot, an OSV zip export nor a directory of OSV records, or it is damaged (a snapshot failing its checks, a broken zip)",
    hint: "run `rampart deps update` to write a fresh snapshot",
  },
  DEPS_UPDATE_INVALID: {
    meaning: "`rampart deps update` could not use its source: missing, not OSV data, or no usable npm advisory in it",
    hint: "give --from a directory of OSV records, OSV's npm/all.zip, or an https URL of it",
  },
  DEPS_UPDATE_REFUSED: {
    meaning: "`rampart deps update` will not write there: a file that is not a snapshot, or a symlink",
    hint: "pass --db a directory (the snapshot goes inside as npm-osv.snapshot) or a new file name",
  },
  DEPS_URL_INVALID: {
    meaning: "an advisory data URL that is not https (plain http is accepted only to this machine)",
    hint: "give an https:// URL",
  },
  DEPS_ONLINE_INVALID: {
    meaning: "deps.online asks no source: --online would check nothing",
    hint: "list osv, npm or both in deps.online.sources, or run without --online",
  },
  DEPS_FETCH_FAILED: {
    meaning: "advisory data could not be fetched: network error, timeout, HTTP error or a body over the size cap",
    hint: "check the network or the URL; offline, the stored snapshot is used (without --online)",
  },
} as const satisfies ErrorCodeTable;

export type DepsErrorCode = keyof typeof errorCodes;
