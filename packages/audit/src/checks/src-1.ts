import { policyLine, rampartHook } from "../detect.js";
import type { Evidence } from "../model.js";
import { type AuditCheck, outcome } from "../model.js";

const FIX_POLICY =
  "rampart init --profile recommended (signatures.required: true, .rampart/allowed_signers, pre-push and CI verification)";

/** SRC-1: a signature policy that is required and enforced, and recent commits on the default branch that pass it. */
export const check: AuditCheck = {
  id: "SRC-1",
  title: "Signed commits are required",
  async run(ctx) {
    if (ctx.config === null)
      return outcome.fail([{ text: "no .rampart/config.yaml: no signature policy" }], FIX_POLICY);
    const policy = (ctx.config.signatures ?? {}) as { required?: unknown };
    if (policy.required !== true)
      return outcome.fail(
        [{ file: ".rampart/config.yaml", text: "signatures.required is not true: unsigned commits are accepted" }],
        "set signatures.required: true in .rampart/config.yaml and add keys with `rampart signatures add`",
      );
    const evidence: Evidence[] = policyLine(ctx, /^\s+required:\s*true/, "signatures.required: true");
    const missing: string[] = [];
    const hook = ctx.hooks()?.prePush.signatures === true ? rampartHook(ctx, "pre-push") : [];
    const ci = ctx.ciGrep(/\bsignatures\s+verify\b/);
    evidence.push(...hook.map((e) => ({ ...e, text: `pre-push hook verifies signatures: ${e.text}` })), ...ci);
    if (ci.length === 0)
      missing.push("run `rampart signatures verify` on every pull request in CI (rampart init writes it)");
    const signers = signerLines(ctx);
    if (signers === 0)
      missing.push("add each contributor's key to .rampart/allowed_signers (`rampart signatures add`)");
    else evidence.push({ file: ".rampart/allowed_signers", text: `${signers} allowed signer key(s)` });
    const recent = await recentCommits(ctx);
    evidence.push(recent.evidence);
    if (recent.failed === null)
      missing.push("make the recent commits verifiable (the check could not run: see the evidence)");
    else if (recent.failed > 0)
      missing.push("re-sign or replace the unsigned commits, and keep the pre-push hook installed");
    if (ctx.online?.rules?.signatures)
      evidence.push({ text: `GitHub requires signed commits on ${ctx.online.branch}` });
    return missing.length === 0 ? outcome.pass(evidence) : outcome.partial(evidence, missing.join("; "));
  },
};

function signerLines(ctx: import("../context.js").AuditContext): number {
  const text = ctx.read(".rampart/allowed_signers") ?? "";
  return text.split("\n").filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#")).length;
}

/** The last commits of the default branch through `rampart signatures verify` (no cache written). */
async function recentCommits(
  ctx: import("../context.js").AuditContext,
): Promise<{ failed: number | null; evidence: Evidence }> {
  const n = ctx.recentCommits;
  const command = `rampart signatures verify (last ${n} commits of ${ctx.defaultBranch})`;
  try {
    const { verifyRange } = await import("@rampart/signatures");
    const r = await verifyRange({
      cwd: ctx.root,
      ...(ctx.env ? { env: ctx.env } : {}),
      revs: [`--max-count=${n}`, ctx.defaultBranch],
      // --policy-rev: the trust root (since, signers) is REV's, not one the change under review wrote.
      ...(ctx.policyRev === undefined ? {} : { trustFrom: [ctx.policyRev] }),
      cache: false,
      now: ctx.now,
    });
    const judged = r.stats.commits - r.stats.exempt;
    const failed = new Set(r.findings.filter((f) => f.severity === "error" && f.commit).map((f) => f.commit)).size;
    const share = judged === 0 ? "no commit judged yet" : `${judged - failed} of ${judged} pass`;
    const first = r.findings.find((f) => f.severity === "error" && f.commit);
    return {
      failed,
      evidence: {
        command,
        text: `${share} (${r.stats.exempt} exempt: before the trust root, or no key listed yet)`,
        ...(first?.commit ? { commit: first.commit } : {}),
      },
    };
  } catch (error) {
    // Not verified is not verified: it never counts as a pass.
    return { failed: null, evidence: { command, text: `could not run: ${(error as Error).message}` } };
  }
}
