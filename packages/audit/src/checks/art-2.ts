import { TOOLS } from "../detect.js";
import { type AuditCheck, graded } from "../model.js";
import { licenceFiles } from "../scorecard/license.js";

/** ART-2: metadata (SBOM, provenance) is distributed where downstream can fetch and verify it. */
export const check: AuditCheck = {
  id: "ART-2",
  title: "Metadata is distributed so that downstream consumers can verify it",
  run(ctx) {
    const fix =
      "publish provenance with the artefact (npm publish --provenance, actions/attest-build-provenance): rampart init --profile strict";
    const provenance = ctx.ciGrep(TOOLS.attest);
    const uploaded = ctx.ciGrep(/sbom/i).filter((e) => /upload|path:|--output|\.(?:json|xml)\b/i.test(e.text));
    const licences = licenceFiles(ctx);
    return graded([
      {
        ok: provenance.length > 0,
        evidence:
          provenance.length > 0
            ? provenance
            : uploaded.length > 0
              ? uploaded.map((e) => ({ ...e, text: `SBOM kept as a CI artefact only: ${e.text}` }))
              : [{ text: "no SBOM or provenance is published from CI" }],
        fix,
      },
      {
        ok: licences.length > 0,
        evidence: licences
          .slice(0, 1)
          .map((l) => ({ file: l.file, text: `licence file${l.spdx ? ` (${l.spdx})` : ""}` })),
        none: "no licence file (LICENSE, COPYING, LICENSES/)",
        fix: "add a LICENSE file at the top level (downstream checks it before use)",
      },
    ]);
  },
};
