import { integrityCheck } from "@rampart/lockfile";
import type { AuditContext } from "../context.js";
import { TOOLS } from "../detect.js";
import type { Evidence } from "../model.js";
import { type AuditCheck, graded, outcome } from "../model.js";

const SCRIPT_SETTINGS: Array<[string, RegExp]> = [
  ["pnpm-workspace.yaml", /^\s*(?:strictDepBuilds:\s*true|onlyBuiltDependencies:|allowBuilds:)/],
  [".npmrc", /^\s*ignore-scripts\s*=\s*true/],
  [".yarnrc.yml", /^\s*enableScripts:\s*false/],
  ["bunfig.toml", /trustedDependencies/],
];

/** BLD-5: dependencies are checked before use: integrity in lockfiles, frozen installs, actions pinned by SHA, install scripts restricted. */
export const check: AuditCheck = {
  id: "BLD-5",
  title: "Signatures and checksums of dependencies are validated before use",
  async run(ctx) {
    const npm = ctx.manifests().length > 0 || ctx.lockfiles().length > 0;
    const workflows = ctx.githubWorkflowFiles().length > 0;
    if (!npm && !workflows)
      return outcome.unknown(
        "no npm dependencies and no GitHub workflows: nothing here rampart can read; answer: how are dependencies verified?",
      );
    const parts = [];
    if (npm) {
      parts.push(await lockfiles(ctx), scripts(ctx));
      const ci = installs(ctx);
      if (ci.evidence.length > 0) parts.push(ci); // judged only where CI installs at all
    }
    if (workflows) {
      const unpinned = (await ctx.workflowCheck()).findings.filter((f) => f.ruleId === "workflows/unpinned-action");
      parts.push({
        ok: unpinned.length === 0,
        evidence:
          unpinned.length === 0
            ? [{ text: "every action is pinned by commit SHA" }]
            : unpinned.slice(0, 3).map((f) => ({
                text: f.message,
                ...(f.file ? { file: f.file } : {}),
                ...(f.line ? { line: f.line } : {}),
              })),
        fix: "pin actions by commit SHA: `rampart workflows fix`",
      });
    }
    return graded(parts);
  },
};

/** Every lockfile parses and each registry or tarball package in it carries an integrity hash. */
async function lockfiles(ctx: AuditContext) {
  const evidence: Evidence[] = [];
  let ok = ctx.lockfiles().length > 0;
  for (const file of ctx.lockfiles()) {
    try {
      const lock = await ctx.parsedLockfile(file);
      const fetched = lock.packages.filter((p) => p.source === "registry" || p.source === "tarball");
      const missing = fetched.filter((p) => integrityCheck(p.integrity) === "none");
      if (missing.length > 0) ok = false;
      evidence.push({
        file,
        text:
          missing.length === 0
            ? `${fetched.length} downloaded package(s), each with an integrity hash`
            : `${missing.length} of ${fetched.length} downloaded package(s) without an integrity hash (e.g. ${missing[0]?.name})`,
      });
    } catch (error) {
      ok = false;
      evidence.push({ file, text: `cannot parse: ${(error as Error).message}` });
    }
  }
  return {
    ok,
    evidence: evidence.length > 0 ? evidence : [{ text: "no lockfile committed" }],
    fix: "commit the lockfile, with an integrity hash for every package (delete and regenerate it if some lack one)",
  };
}

function installs(ctx: AuditContext) {
  const frozen = ctx.ciGrep(TOOLS.frozenInstall, 5, false);
  const loose = ctx.ciGrep(TOOLS.looseInstall, 5, false).filter((e) => !TOOLS.frozenInstall.test(e.text));
  return {
    ok: loose.length === 0,
    evidence: [...frozen, ...loose.map((e) => ({ ...e, text: `install that may change the lockfile: ${e.text}` }))],
    fix: "install with the lockfile frozen in CI (npm ci, pnpm install --frozen-lockfile, yarn install --immutable)",
  };
}

function scripts(ctx: AuditContext) {
  const found = [
    ...SCRIPT_SETTINGS.flatMap(([file, re]) => ctx.grep(file, re, { code: true, max: 1 })),
    ...ctx.ciGrep(/\b(?:npm\s+(?:ci|install|i)|yarn(?:\s+install)?|pnpm\s+(?:i|install))\b[^\n]*--ignore-scripts\b/, 2),
  ];
  return {
    ok: found.length > 0,
    evidence: found,
    fix: "deny dependency install scripts by default (pnpm strictDepBuilds + onlyBuiltDependencies, which rampart init sets; npm ignore-scripts=true)",
  };
}
