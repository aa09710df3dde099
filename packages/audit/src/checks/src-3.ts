import { policyLine, rampartHook } from "../detect.js";
import type { Evidence } from "../model.js";
import { type AuditCheck, outcome } from "../model.js";

const AUDIT_CI = [".audit-ci.json", ".audit-ci.jsonc", "audit-ci.json", "audit-ci.jsonc", ".audit-ci.json5"];
const LEVEL_FLAG =
  /--audit-level[= ](?:critical|high|moderate|low)|\bbetter-npm-audit\b[^\n]*(?:-l|--level)[= ]\w+|\bfail-on-severity:\s*\w+|--severity[= ](?:critical|high|moderate|low)/i;

/** SRC-3: a defined vulnerability threshold: rampart's failOn, audit-ci, --audit-level, dependency-review. */
export const check: AuditCheck = {
  id: "SRC-3",
  title: "An unacceptable vulnerability risk level is defined",
  run(ctx) {
    const explicit: Evidence[] = [
      ...policyLine(ctx, /^\s+failOn:\s*\w+/),
      ...AUDIT_CI.flatMap((f) => ctx.grep(f, /"(?:critical|high|moderate|low)"\s*:\s*true/, { max: 1 })),
      ...ctx.ciGrep(LEVEL_FLAG, 2),
      ...ctx.scriptsGrep(LEVEL_FLAG),
    ];
    if (explicit.length > 0) return outcome.pass(explicit);
    const hook = ctx.hooks()?.preCommit.lockfile === true ? rampartHook(ctx, "pre-commit") : [];
    if (hook.length > 0)
      return outcome.partial(
        hook.map((e) => ({ ...e, text: `the pre-commit gate applies rampart's default threshold (high): ${e.text}` })),
        "write the threshold down: deps.vulnerabilities.failOn: high in .rampart/config.yaml",
      );
    return outcome.fail(
      [{ text: "no threshold found (rampart deps policy, audit-ci config, --audit-level, fail-on-severity)" }],
      "define it: deps.vulnerabilities.failOn: high in .rampart/config.yaml (rampart init writes the policy)",
    );
  },
};
