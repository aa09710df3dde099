import { ciOrScripts, TOOLS } from "../detect.js";
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
    return graded([
      {
        ok: vuln.ci.length > 0,
        evidence: [...vuln.ci, ...vuln.scripts],
        fix: "scan dependencies for vulnerabilities in CI: `rampart deps check` (or osv-scanner, npm audit)",
      },
      {
        ok: licence.ci.length + licence.scripts.length > 0,
        evidence: [...licence.ci, ...licence.scripts],
        fix: "check dependency licences automatically (actions/dependency-review-action with allow-licenses, license-checker)",
      },
    ]);
  },
};
