import type { Severity, WorkflowsPolicy } from "@rampart/core";

/** The `workflows:` section of .rampart/config.yaml (validated by core's schema, the source of these types). */
export type { WorkflowsPolicy };

/** Whether a finding of `severity` fails under the policy's threshold. */
export function failsAt(severity: Severity, policy: WorkflowsPolicy): boolean {
  return (policy.severity ?? "warning") === "warning" || severity === "error";
}
