import { ciOrScripts, TOOLS } from "../detect.js";
import { type AuditCheck, outcome } from "../model.js";

/** MAT-6: an SBOM is produced for the project's artefacts: in CI (pass) or only by a script (partial). */
export const check: AuditCheck = {
  id: "MAT-6",
  title: "An SBOM is produced for the project's own artefacts",
  run(ctx) {
    const { ci, scripts } = ciOrScripts(ctx, TOOLS.sbom);
    const fix =
      "produce the SBOM in CI on every build: `rampart sbom --format cyclonedx-json` (rampart init's workflow has the job)";
    if (ci.length > 0) return outcome.pass([...ci, ...scripts]);
    if (scripts.length > 0) return outcome.partial(scripts, fix);
    return outcome.fail([{ text: "no SBOM step in CI or package scripts" }], fix);
  },
};
