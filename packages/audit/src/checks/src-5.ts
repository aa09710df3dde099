import { ownerOf, readCodeOwners } from "../codeowners.js";
import type { AuditContext } from "../context.js";
import type { Evidence } from "../model.js";
import { type AuditCheck, graded, outcome } from "../model.js";
import { securityPolicyFile } from "../scorecard/security-policy.js";

const FIX = "rampart init writes .github/CODEOWNERS: name real owners for .github/, .rampart/, manifests and lockfiles";

/** SRC-5: CODEOWNERS present, valid, covering .github/, manifests, lockfiles and .rampart/; SECURITY.md with a contact. */
export const check: AuditCheck = {
  id: "SRC-5",
  title: "Contributor roles are defined, documented and discoverable",
  run(ctx) {
    const co = readCodeOwners(ctx);
    const contact = securityContact(ctx);
    if (co === undefined && contact.file === undefined)
      return outcome.fail(
        [{ text: "no CODEOWNERS and no SECURITY.md" }],
        `${FIX}; rampart init also writes SECURITY.md`,
      );
    const uncovered = co ? coverageTargets(ctx).filter((path) => (ownerOf(co, path)?.owners.length ?? 0) === 0) : [];
    const gaps: Evidence[] = uncovered.slice(0, 5).map((path) => ({ file: co?.file, text: `no owner for ${path}` }));
    if (uncovered.length > 5)
      gaps.push({ file: co?.file, text: `... and ${uncovered.length - 5} more without an owner` });
    return graded([
      {
        ok: co !== undefined && co.problems.length === 0,
        evidence: co
          ? [{ file: co.file, text: `${co.rules.length} ownership rule(s)` }, ...co.problems]
          : [{ text: "no CODEOWNERS" }],
        fix: co ? `name owners GitHub accepts in ${co.file} (@user, @org/team)` : FIX,
      },
      {
        ok: co !== undefined && uncovered.length === 0,
        evidence:
          co && uncovered.length === 0
            ? [{ file: co.file, text: ".github/, .rampart/, manifests and lockfiles all have owners" }]
            : gaps,
        fix: `add owners for ${uncovered.length > 0 ? [...new Set(uncovered.map(group))].join(", ") : ".github/, .rampart/, manifests and lockfiles"}`,
      },
      {
        ok: contact.evidence.length > 0,
        evidence: contact.evidence,
        fix: contact.file
          ? `say how to report a vulnerability in ${contact.file} (an email address, a URL, or GitHub private vulnerability reporting)`
          : "add SECURITY.md with a security contact (rampart init writes one)",
      },
    ]);
  },
};

const CONTACT =
  /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b|https?:\/\/\S+|private vulnerability reporting|security advisor(?:y|ies)|report a vulnerability/i;

function securityContact(ctx: AuditContext): { file: string | undefined; evidence: Evidence[] } {
  const file = securityPolicyFile(ctx);
  if (file === undefined) return { file, evidence: [] };
  return {
    file,
    evidence: ctx.grep(file, CONTACT, { max: 1 }).map((e) => ({ ...e, text: `security contact: ${e.text}` })),
  };
}

/** What must have an owner: everything under .github/ and .rampart/, every manifest and lockfile. */
export function coverageTargets(ctx: AuditContext): string[] {
  const targets = new Set<string>([
    ...ctx.matching(/^\.github\//),
    ...ctx.matching(/^\.rampart\//),
    ...ctx.manifests(),
    ...ctx.lockfiles(),
  ]);
  // Paths that do not exist yet still need an owner the day they are added.
  targets.add(".github/workflows/ci.yml");
  targets.add(".rampart/config.yaml");
  return [...targets].sort();
}

function group(path: string): string {
  if (path.startsWith(".github/")) return ".github/";
  if (path.startsWith(".rampart/")) return ".rampart/";
  return path.split("/").pop() ?? path;
}
