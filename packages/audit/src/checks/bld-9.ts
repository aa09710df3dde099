import { ciOrScripts, TOOLS } from "../detect.js";
import type { Evidence } from "../model.js";
import { type AuditCheck, graded, outcome } from "../model.js";
import { binaryArtifacts } from "../scorecard/binary-artifacts.js";

const TOOLCHAIN = [".nvmrc", ".node-version", ".tool-versions", ".mise.toml", "mise.toml", ".prototools"];

/** BLD-9: reproducible builds: a lockfile, a pinned toolchain, and timestamps fixed (SOURCE_DATE_EPOCH). */
export const check: AuditCheck = {
  id: "BLD-9",
  title: "Builds are verifiable and reproducible",
  run(ctx) {
    if (ctx.manifests().length === 0)
      return outcome.unknown(
        "no package.json: rampart reads npm builds only; answer: does a rebuild give the same bytes?",
      );
    const lock = ctx.lockfiles().map((file) => ({ file, text: "lockfile committed" }));
    const toolchain: Evidence[] = [
      ...ctx.grep("package.json", /"packageManager"\s*:\s*"[^"]+@\d/, { max: 1 }),
      ...ctx.grep("package.json", /"volta"\s*:/, { max: 1 }),
      ...TOOLCHAIN.filter((f) => ctx.has(f)).map((file) => ({ file, text: "toolchain version pinned" })),
    ];
    const epoch = ciOrScripts(ctx, TOOLS.reproducible);
    // rampart sbom takes its time from SOURCE_DATE_EPOCH or the commit, unless told --timestamp now.
    const sbom = ctx.ciGrep(/\brampart(?:\.js)?\s+sbom\b(?![^\n]*--timestamp\s+now)/, 1);
    epoch.ci.push(...sbom.map((e) => ({ ...e, text: `rampart sbom dates the SBOM from the commit: ${e.text}` })));
    return graded([
      { ok: lock.length > 0, evidence: lock, none: "no lockfile committed", fix: "commit the lockfile" },
      {
        ok: toolchain.length > 0,
        evidence: toolchain,
        none: "no pinned toolchain (packageManager, .nvmrc, .node-version, .tool-versions, volta, mise)",
        fix: 'pin the toolchain: "packageManager": "pnpm@x.y.z" in package.json and a .nvmrc / .node-version',
      },
      {
        ok: epoch.ci.length + epoch.scripts.length > 0,
        evidence: [...epoch.ci, ...epoch.scripts],
        none: "no SOURCE_DATE_EPOCH in CI or scripts",
        fix: "fix build timestamps: set SOURCE_DATE_EPOCH from the commit time (git log -1 --format=%ct) in the build",
      },
      ...binaries(ctx),
    ]);
  },
};

function binaries(ctx: import("../context.js").AuditContext) {
  const found = binaryArtifacts(ctx);
  // No binaries is expected, not an achievement: it only counts against a build when there are some.
  if (found.length === 0) return [];
  return [
    {
      ok: false,
      evidence: found.slice(0, 5).map((b) => ({
        file: b.file,
        text: `committed binary artefact (${b.kind}): it cannot be rebuilt or reviewed`,
      })),
      fix: "remove committed binaries and build them from source in CI",
    },
  ];
}
