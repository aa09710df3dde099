import { hookGrep, rampartHook, TOOLS } from "../detect.js";
import type { Evidence } from "../model.js";
import { type AuditCheck, graded, outcome } from "../model.js";

/** Release-age gates and provenance trust settings, by file. */
const AGE_SETTINGS: Array<[string, RegExp]> = [
  ["pnpm-workspace.yaml", /^\s*(?:minimumReleaseAge|trustPolicy):\s*\S/],
  [".npmrc", /^\s*(?:minimum-release-age|min-release-age|before)\s*=/],
  [".yarnrc.yml", /^\s*npmMinimalAgeGate:\s*\S/],
  [".github/dependabot.yml", /^\s*default-days:\s*\d/],
  [".github/dependabot.yaml", /^\s*default-days:\s*\d/],
  ["renovate.json", /"minimumReleaseAge"/],
  [".github/renovate.json", /"minimumReleaseAge"/],
  [".renovaterc.json", /"minimumReleaseAge"/],
];

/** MAT-1: dependencies must meet thresholds: a release-age gate and lockfile checks (sources, integrity, scripts). */
export const check: AuditCheck = {
  id: "MAT-1",
  title: "Dependencies meet minimum thresholds of quality and reliability",
  run(ctx) {
    if (ctx.manifests().length === 0 && ctx.lockfiles().length === 0)
      return outcome.unknown(
        "no npm package manifest or lockfile: rampart reads npm, pnpm and yarn dependencies only; answer: how are other dependencies vetted?",
      );
    const age: Evidence[] = AGE_SETTINGS.flatMap(([f, re]) => ctx.grep(f, re, { code: true, max: 1 }));
    const hook = ctx.hooks()?.preCommit.lockfile === true ? rampartHook(ctx, "pre-commit") : [];
    const checks: Evidence[] = [
      ...ctx.ciGrep(TOOLS.lockfileCheck),
      ...hook.map((e) => ({ ...e, text: `pre-commit hook checks staged lockfiles: ${e.text}` })),
      ...hookGrep(ctx, TOOLS.lockfileCheck),
    ];
    return graded([
      {
        ok: age.length > 0,
        evidence: age,
        none: "no release-age gate (minimumReleaseAge, npm min-release-age, Dependabot cooldown, Renovate)",
        fix: "refuse brand-new releases: minimumReleaseAge in pnpm-workspace.yaml (rampart init --profile recommended), or a Dependabot cooldown",
      },
      {
        ok: checks.length > 0,
        evidence: checks,
        none: "no lockfile check in CI or hooks",
        fix: "check lockfiles (registry, integrity, install scripts) in CI and hooks: `rampart lockfile check`",
      },
    ]);
  },
};
