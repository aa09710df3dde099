import type { Evidence } from "../model.js";
import { type AuditCheck, outcome } from "../model.js";

const PLAN_FILES = [
  "SECURITY.md",
  ".github/SECURITY.md",
  "docs/SECURITY.md",
  "CONTRIBUTING.md",
  ".github/CONTRIBUTING.md",
];
const PLAN = /\brotat(?:e|ed|es|ing|ion)\b[^\n]*\bkeys?\b|\bkeys?\b[^\n]*\brotat(?:e|ed|es|ing|ion)\b/i;

/** SRC-8: people use SSH/GPG keys and MFA, with a plan to rotate keys (regularly and after a leak). */
export const check: AuditCheck = {
  id: "SRC-8",
  title: "MFA and SSH keys are required for people, with a key rotation plan",
  run(ctx) {
    const plan = PLAN_FILES.flatMap((f) => ctx.grep(f, PLAN, { max: 1, code: true })).slice(0, 2);
    const keys = (ctx.read(".rampart/allowed_signers") ?? "")
      .split("\n")
      .filter((l) => /\b(?:ssh-|ecdsa-|sk-)/.test(l) && !l.trimStart().startsWith("#"));
    const evidence: Evidence[] = [...plan];
    if (keys.length > 0) {
      const expiring = keys.filter((k) => /valid-before=/.test(k)).length;
      evidence.push({
        file: ".rampart/allowed_signers",
        text: `${keys.length} SSH signing key(s), ${expiring} with an expiry`,
      });
    }
    const planFix =
      "write the key rotation plan in SECURITY.md: yearly and at once after a leak (rampart init's SECURITY.md has one)";
    if (plan.length === 0)
      return outcome.fail([...evidence, { text: "no key rotation plan in SECURITY.md or CONTRIBUTING.md" }], planFix);
    const online = ctx.online;
    if (online && online.twoFactor !== null) {
      evidence.push({
        text: `organisation requires two-factor authentication: ${online.twoFactor ? "yes" : "no"}`,
        command: "GitHub API: GET /orgs/{org}",
      });
      return online.twoFactor
        ? outcome.pass(evidence)
        : outcome.fail(evidence, "require two-factor authentication in the organisation's settings");
    }
    return outcome.unknown(
      `${online?.twoFactorWhy ?? "an MFA requirement is an account setting, not in the clone"}; run with --online (an organisation owner's token with read:org), or answer: must every member use MFA?`,
      evidence,
      "require two-factor authentication for the organisation",
    );
  },
};
