import { TOOLS } from "../detect.js";
import type { Evidence } from "../model.js";
import { type AuditCheck, graded } from "../model.js";

const DOCS = [
  "README.md",
  "SECURITY.md",
  ".github/SECURITY.md",
  "docs/SECURITY.md",
  "docs/verify.md",
  "VERIFY.md",
  "CONTRIBUTING.md",
];

/** ART-3: downstream can verify artefacts before use: provenance exists and the verify command is documented. */
export const check: AuditCheck = {
  id: "ART-3",
  title: "Downstream consumers can verify every artefact before use",
  run(ctx) {
    const provenance = ctx.ciGrep(TOOLS.provenance);
    const docs: Evidence[] = DOCS.flatMap((f) => ctx.grep(f, TOOLS.verifyDocs, { max: 1 }));
    return graded([
      {
        ok: provenance.length > 0,
        evidence: provenance,
        none: "no provenance published from CI",
        fix: "publish verifiable provenance (npm publish --provenance, actions/attest-build-provenance)",
      },
      {
        ok: docs.length > 0,
        evidence: docs,
        none: "no verify command in README, SECURITY.md or CONTRIBUTING.md",
        fix: "document how to verify a release (gh attestation verify, npm audit signatures, rampart verify) in README or SECURITY.md",
      },
    ]);
  },
};
