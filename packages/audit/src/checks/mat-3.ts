import { hookGrep, rampartHook, TOOLS } from "../detect.js";
import { type AuditCheck, outcome } from "../model.js";

const SCA = new RegExp(`${TOOLS.lockfileCheck.source}|${TOOLS.vulnScan.source}`, "i");

/** MAT-3: software composition analysis runs when dependencies come in: in CI, and in the hook that sees a lockfile change. */
export const check: AuditCheck = {
  id: "MAT-3",
  title: "Software composition analysis runs when dependencies are installed",
  run(ctx) {
    if (ctx.manifests().length === 0 && ctx.lockfiles().length === 0)
      return outcome.unknown(
        "no npm package manifest or lockfile: other ecosystems are not read; answer: what checks them on install?",
      );
    const ci = ctx.ciGrep(SCA);
    const rampart = ctx.hooks()?.preCommit.lockfile === true ? rampartHook(ctx, "pre-commit") : [];
    const hook = [
      ...rampart.map((e) => ({ ...e, text: `pre-commit hook checks each staged lockfile change: ${e.text}` })),
      ...hookGrep(ctx, SCA),
    ];
    const fix =
      "check the lockfile and its advisories in CI on every change: `rampart lockfile check` and `rampart deps check`";
    if (ci.length > 0 && hook.length > 0) return outcome.pass([...ci, ...hook]);
    if (ci.length > 0)
      return outcome.partial(
        ci,
        "also check dependency changes before they are committed (rampart init's pre-commit hook)",
      );
    if (hook.length > 0) return outcome.partial(hook, `${fix}; a hook alone can be skipped`);
    return outcome.fail([{ text: "no lockfile or advisory check in CI or hooks" }], fix);
  },
};
