import type { AuditContext } from "../context.js";
import type { Evidence } from "../model.js";
import { result, type ScorecardCheck } from "./model.js";

/** The configuration files Scorecard recognises for Dependabot, Renovate, PyUp and Sonatype Lift. */
const FILES: Array<[string, string]> = [
  [".github/dependabot.yml", "Dependabot"],
  [".github/dependabot.yaml", "Dependabot"],
  [".github/renovate.json", "Renovate"],
  [".github/renovate.json5", "Renovate"],
  [".renovaterc", "Renovate"],
  [".renovaterc.json", "Renovate"],
  [".renovaterc.json5", "Renovate"],
  ["renovate.json", "Renovate"],
  ["renovate.json5", "Renovate"],
  [".gitlab/renovate.json", "Renovate"],
  [".gitlab/renovate.json5", "Renovate"],
  [".pyup.yml", "PyUp"],
  [".lift.toml", "Sonatype Lift"],
  [".lift/config.toml", "Sonatype Lift"],
];

export function updateTool(ctx: AuditContext): Evidence[] {
  return FILES.filter(([f]) => ctx.has(f)).map(([file, tool]) => ({ file, line: 1, text: `${tool} detected` }));
}

/** Dependency-Update-Tool: 10 when a recognised tool is configured, else 0 (Scorecard). */
export const scorecardCheck: ScorecardCheck = {
  name: "Dependency-Update-Tool",
  framework: "MAT-4",
  run(ctx) {
    const found = updateTool(ctx);
    return found.length > 0
      ? result(this, 10, "update tool detected", found)
      : result(this, 0, "no update tool detected");
  },
};
