import { ciOrScripts, policyLine, rampartHook, TOOLS } from "../detect.js";
import type { Evidence } from "../model.js";
import { type AuditCheck, graded, outcome } from "../model.js";

/** MAT-2: dependencies are scanned automatically for security issues and for licence compliance. */
export const check: AuditCheck = {
  id: "MAT-2",
  title: "Dependencies are scanned for security issues and licence compliance",
  run(ctx) {
    if (ctx.manifests().length === 0 && ctx.lockfiles().length === 0)
      return outcome.unknown(
        "no npm package manifest or lockfile: other ecosystems are not read; answer: what scans them?",
      );
    const vuln = ciOrScripts(ctx, TOOLS.vulnScan);
    const licence = ciOrScripts(ctx, TOOLS.licenceScan);
    // rampart's own gate: the pre-commit hook runs it on every staged lockfile change, CI through `deps check`.
    const gate: Evidence[] = [
      ...(ctx.hooks()?.preCommit.lockfile === true ? rampartHook(ctx, "pre-commit") : []).map((e) => ({
        ...e,
        text: `pre-commit hook gates what a staged lockfile adds (rampart deps): ${e.text}`,
      })),
      ...ctx.ciGrep(/\brampart(?:\.js)?\s+deps\s+check\b/, 2),
    ];
    const licences = ctx.config?.deps?.licenses;
    const licencePolicy =
      gate.length > 0 && ((licences?.allow?.length ?? 0) > 0 || (licences?.deny?.length ?? 0) > 0)
        ? policyLine(ctx, /^\s+licenses:/, "deps.licenses: an allow or deny list the gate applies")
        : [];
    return graded([
      {
        ok: vuln.ci.length > 0 || gate.length > 0,
        evidence: [...vuln.ci, ...gate, ...vuln.scripts],
        none: "no vulnerability scan in CI or hooks",
        fix: "scan dependencies for vulnerabilities automatically: `rampart deps check` in CI (or osv-scanner, npm audit)",
      },
      {
        ok: licence.ci.length + licence.scripts.length + licencePolicy.length > 0,
        evidence: [...licence.ci, ...licence.scripts, ...licencePolicy],
        none: "no licence check in CI, scripts or rampart's policy",
        fix: "check dependency licences automatically: deps.licenses allow/deny in .rampart/config.yaml (rampart's gate), or dependency-review-action's allow-licenses",
      },
    ]);
  },
};
