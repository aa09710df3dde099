import { type Finding, fingerprint } from "@rampart/core/findings";
import type { PolicyProblem } from "@rampart/core/ssh";
import type { PolicyStore } from "./judge.js";
import type { CommitRecord } from "./record.js";
import { RULES } from "./rules.js";

/** Notes the problems of every policy that judged `records` (kept in the cache with the verdicts). */
export async function rememberProblems(
  records: CommitRecord[],
  store: PolicyStore,
  problems: Map<string, PolicyProblem[]>,
) {
  for (const digest of new Set(records.map((r) => r.policy))) {
    if (digest === undefined || problems.has(digest)) continue;
    const found = (await store.policy(digest)).problems;
    if (found.length > 0) problems.set(digest, found);
  }
}

/** A policy file rampart could not fully read is worth a warning: its signers may be missing. */
export function problemFindings(records: CommitRecord[], problems: Map<string, PolicyProblem[]>): Finding[] {
  const out = new Map<string, Finding>();
  for (const digest of new Set(records.map((r) => r.policy))) {
    if (digest === undefined) continue;
    for (const p of problems.get(digest) ?? []) {
      const id = fingerprint("signatures", "policy-invalid", p.file, p.line, p.message);
      const finding: Finding = {
        ruleId: "signatures/policy-invalid",
        severity: "warning",
        message: `${p.message} (in the policy tree ${digest.slice(0, 12)})`,
        file: p.file,
        framework: ["SRC-1", "SRC-8"],
        fingerprint: id,
        hint: RULES["signatures/policy-invalid"].help,
      };
      if (p.line !== undefined) finding.line = p.line;
      out.set(id, finding);
    }
  }
  return [...out.values()];
}
