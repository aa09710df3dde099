import { hookGrep, rampartHook, TOOLS } from "../detect.js";
import { type AuditCheck, graded, type Part } from "../model.js";

/** SRC-2: secret scanning in the hooks (rampart, husky + gitleaks/secretlint, lefthook, pre-commit) and in CI. */
export const check: AuditCheck = {
  id: "SRC-2",
  title: "Git hooks or automated scans stop secrets from being committed",
  run(ctx) {
    const rampart = ctx.hooks()?.preCommit.secrets === true ? rampartHook(ctx, "pre-commit") : [];
    const hook = [
      ...rampart.map((e) => ({ ...e, text: `pre-commit hook runs rampart's secret guard: ${e.text}` })),
      ...hookGrep(ctx, TOOLS.secretScan),
    ];
    const ci = ctx.ciGrep(TOOLS.secretScan);
    const online = ctx.online;
    const parts: Part[] = [
      {
        ok: hook.length > 0,
        evidence: hook,
        none: "no secret scanner in any hook configuration",
        fix: "scan staged changes in a pre-commit hook (rampart init installs one; or husky/lefthook/pre-commit with gitleaks)",
      },
      {
        ok: ci.length > 0,
        evidence: ci,
        none: "no secret scan in CI",
        fix: "scan each pushed range in CI, since hooks can be skipped (`rampart secrets scan --range`, written by rampart init)",
      },
    ];
    if (online && online.pushProtection !== null)
      parts.push({
        ok: online.pushProtection,
        evidence: [
          {
            text: `GitHub secret scanning is ${online.secretScanning ? "on" : "off"}, push protection ${online.pushProtection ? "on" : "off"}`,
            command: "GitHub API: GET /repos/{repo} (security_and_analysis)",
          },
        ],
        fix: "turn on secret scanning and push protection (Settings > Code security)",
      });
    return graded(parts);
  },
};
