import { hookGrep, rampartHook, TOOLS } from "../detect.js";
import { type AuditCheck, outcome } from "../model.js";

/** SRC-4: vulnerable dependencies are stopped by an automated scan: in CI (a gate), or at least in a hook. */
export const check: AuditCheck = {
  id: "SRC-4",
  title: "Automated scanning stops vulnerable dependencies above the threshold",
  run(ctx) {
    const ci = ctx.ciGrep(TOOLS.vulnScan);
    const rampart = ctx.hooks()?.preCommit.lockfile === true ? rampartHook(ctx, "pre-commit") : [];
    const hook = [
      ...rampart.map((e) => ({
        ...e,
        text: `pre-commit hook gates staged lockfile changes (rampart deps): ${e.text}`,
      })),
      ...hookGrep(ctx, TOOLS.vulnScan),
    ];
    if (ci.length > 0) return outcome.pass([...ci, ...hook]);
    const fix = "run `rampart deps check` (or npm audit --audit-level, osv-scanner) in CI on every pull request";
    if (hook.length > 0) return outcome.partial(hook, `${fix}; a hook alone can be skipped`);
    return outcome.fail([{ text: "no vulnerability scan in CI or hooks" }], fix);
  },
};
