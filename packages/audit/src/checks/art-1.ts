import { releaseScriptRuns, TOOLS } from "../detect.js";
import { type AuditCheck, outcome } from "../model.js";

const PRODUCED = new RegExp(`${TOOLS.publish.source}|actions\\/upload-artifact@`, "i");

/** ART-1: every artefact produced (metadata included) is signed: what CI publishes or uploads carries a signature. */
export const check: AuditCheck = {
  id: "ART-1",
  title: "Every artefact produced is signed",
  run(ctx) {
    const produced = ctx.ciGrep(PRODUCED, 3);
    const signed = ctx.ciGrep(TOOLS.attest, 3);
    const manual = ctx.scriptsGrep(TOOLS.publish);
    const fix =
      "sign what you publish: npm publish --provenance, actions/attest-build-provenance or `rampart attest` on each artefact";
    if (produced.length === 0 && manual.length === 0)
      return outcome.unknown(
        "no artefact is published or uploaded from CI or package scripts; answer: are releases made elsewhere, and signed?",
        [],
        fix,
      );
    if (signed.length > 0) return outcome.pass([...signed, ...produced]);
    const scripts = releaseScriptRuns(ctx);
    if (scripts.length > 0)
      return outcome.unknown(
        `CI runs ${scripts.map((r) => r.script).join(", ")}, and what that code does is not read as commands; answer: does it sign every artefact it publishes?`,
        [...produced, ...scripts.map((r) => ({ ...r.at, text: `runs ${r.script}: ${r.at.text}` }))],
        fix,
      );
    return outcome.fail(
      [...produced, ...manual].map((e) => ({ ...e, text: `unsigned: ${e.text}` })),
      fix,
    );
  },
};
