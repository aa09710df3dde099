import type { AuditContext } from "../context.js";
import { scorecardCheck as binaryArtifacts } from "./binary-artifacts.js";
import { scorecardCheck as dangerousWorkflow } from "./dangerous-workflow.js";
import { scorecardCheck as dependencyUpdateTool } from "./dependency-update-tool.js";
import { scorecardCheck as license } from "./license.js";
import type { ScorecardCheck, ScorecardResult } from "./model.js";
import { scorecardCheck as packaging } from "./packaging.js";
import { scorecardCheck as pinnedDependencies } from "./pinned-dependencies.js";
import { scorecardCheck as securityPolicy } from "./security-policy.js";
import { scorecardCheck as tokenPermissions } from "./token-permissions.js";

/** The Scorecard checks that work on a clone, in Scorecard's (alphabetical) order. */
export const SCORECARD_CHECKS: readonly ScorecardCheck[] = [
  binaryArtifacts,
  dangerousWorkflow,
  dependencyUpdateTool,
  license,
  packaging,
  pinnedDependencies,
  securityPolicy,
  tokenPermissions,
];

export async function runScorecard(ctx: AuditContext): Promise<ScorecardResult[]> {
  const out: ScorecardResult[] = [];
  for (const check of SCORECARD_CHECKS) out.push(await check.run(ctx));
  return out;
}
