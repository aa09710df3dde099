import { releaseScriptRuns, TOOLS } from "../detect.js";
import { type AuditCheck, outcome } from "../model.js";

/** BLD-4: build outputs are signed (attestations, provenance, cosign, rampart attest) in CI. */
export const check: AuditCheck = {
  id: "BLD-4",
  title: "The output of every build step is signed",
  run(ctx) {
    const signed = ctx.ciGrep(TOOLS.attest);
    if (signed.length > 0) return outcome.pass(signed);
    const fix =
      "sign what CI builds: actions/attest-build-provenance or `rampart attest` (rampart init --profile strict attests the SBOM), npm publish --provenance";
    const scripts = releaseScriptRuns(ctx);
    if (scripts.length > 0)
      return outcome.unknown(
        `CI runs ${scripts.map((r) => r.script).join(", ")}, and what that code does is not read as commands; answer: does it sign what it builds?`,
        scripts.map((r) => ({ ...r.at, text: `runs ${r.script}: ${r.at.text}` })),
        fix,
      );
    const built = ctx.ciGrep(
      /actions\/upload-artifact@|\b(?:npm|pnpm|yarn)\s+(?:run\s+)?build\b|\b(?:npm|pnpm|yarn)\s+publish\b/i,
      3,
    );
    return outcome.fail(
      built.length > 0
        ? built.map((e) => ({ ...e, text: `built or published without a signature: ${e.text}` }))
        : [{ text: "no signing or attestation step in CI" }],
      fix,
    );
  },
};
