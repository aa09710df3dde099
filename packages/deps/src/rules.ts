import type { FrameworkId } from "@rampart/core";

/** Every rule the dependency gate reports: id -> framework ids, what it means. */
export const RULES = {
  "deps/vulnerable": {
    framework: ["SRC-3", "SRC-4", "MAT-2", "MAT-3"],
    summary: "an installed version a known advisory covers (error at or above failOn, warning below)",
  },
  "deps/malicious": {
    framework: ["SRC-4", "MAT-2", "MAT-3"],
    summary: "a package version recorded as malicious (OSV MAL- record): always critical",
  },
  "deps/exception-expired": {
    framework: ["SRC-3", "MAT-4"],
    summary: "an exception in deps.vulnerabilities.exceptions is past its expiry date",
  },
  "deps/stale-database": {
    framework: ["MAT-4"],
    summary: "the advisory data is older than deps.maxAgeDays: run `rampart deps update`",
  },
  "deps/no-database": {
    framework: ["SRC-4", "MAT-3"],
    summary: "no advisory database: what the change adds was not checked (the hook says so rather than pass silently)",
  },
  "deps/bad-record": {
    framework: ["MAT-2"],
    summary: "an advisory file that could not be read (the others were used)",
  },
} as const satisfies Record<string, { framework: FrameworkId[]; summary: string }>;

export type RuleId = keyof typeof RULES;
