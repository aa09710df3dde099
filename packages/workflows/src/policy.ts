import type { Severity } from "@rampart/core";

/** The `workflows:` section of .rampart/config.yaml (validated by core's schema, the source of these types). */
export interface WorkflowsPolicy {
  /** Findings at or above this severity fail the check (exit 1). Default "warning": every finding fails. */
  severity?: Severity;
  /** Audit id -> a severity, or "off". */
  audits?: Record<string, Severity | "off">;
}

/** Whether a finding of `severity` fails under the policy's threshold. */
export function failsAt(severity: Severity, policy: WorkflowsPolicy): boolean {
  return (policy.severity ?? "warning") === "warning" || severity === "error";
}
