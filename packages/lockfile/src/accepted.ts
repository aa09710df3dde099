import type { Finding } from "@rampart/core/findings";
import { type AdoptionState, adoptionState } from "./checks/adopt.js";
import { checkLockfile } from "./checks/check.js";
import type { LockfilePolicy } from "./checks/rules.js";
import type { Lockfile, LockPackage } from "./model.js";
import { parseLockfile } from "./parse/index.js";

export interface AcceptedAtOptions {
  /** Repository root. */
  root: string;
  /** The lockfiles (repository-relative) to read at the trusted revision. */
  paths: readonly string[];
  /** Reads a repository file as the trusted revision holds it (undefined: it has none). */
  read: (relative: string) => Promise<string | undefined>;
}

/** What an adopting change is judged by: see acceptedAt. */
export interface Accepted {
  /** `policy` with the install scripts, git/tarball sources and registry hosts the revision held. */
  policy: LockfilePolicy;
  /** What the revision's lockfiles held (init's accepted state). */
  state: AdoptionState;
  /** How many of the revision's errors of other rules are held (each excuses its own package only). */
  held: number;
  /**
   * The change's findings on `lockfile` (checkLockfile's, with `policy`), each error the revision
   * already held (the same rule, the same lockfile, the same package: name@version, resolved and
   * integrity) as a warning; every other finding as it is.
   */
  asHeld(findings: readonly Finding[], lockfile: Lockfile): Finding[];
}

/**
 * What makes a finding the same one in the revision's lockfile and in the change's: its rule, the
 * lockfile, and the package as installed (name@version, where it resolves to, its integrity), or,
 * for a finding of no package, its fingerprint. The same name@version from another URL or with
 * other content is another package.
 */
function heldKey(f: Finding, byId: ReadonlyMap<string, LockPackage>): string {
  const id = f.properties?.id;
  const pkg = typeof id === "string" ? byId.get(id) : undefined;
  if (pkg === undefined) return `${f.ruleId}\0${f.file ?? ""}\0\0${f.fingerprint}`;
  const integrity = pkg.integrity.map((i) => i.raw).join(" ");
  return `${f.ruleId}\0${f.file ?? ""}\0${pkg.name}@${pkg.version}\0${pkg.resolved ?? ""}\0${integrity}`;
}

const byIdOf = (lockfile: Lockfile) => new Map(lockfile.packages.map((p) => [p.id, p]));

/**
 * The lockfile policy a change that adopts rampart is judged by (CI's --policy-rev on a base
 * without a policy, the hooks on a HEAD or remote side without one), one rule for both: `policy`
 * (core's adoptedPolicy of the change's lockfile section) with what the trusted revision's
 * lockfiles already held accepted, as init records it (adoptionState): the install scripts, git
 * and tarball sources and registry hosts they had; each other error they held is a warning for
 * that package only (`asHeld`): a package the change adds or replaces that breaks the same rule
 * is an error. The change's own lockfiles accept nothing: a lockfile the revision does not have,
 * or whose copy there does not parse, accepts nothing, and the change's copy is judged in full.
 */
export async function acceptedAt(policy: LockfilePolicy, at: AcceptedAtOptions): Promise<Accepted> {
  const findings: Finding[] = [];
  const keyed: Array<{ finding: Finding; byId: ReadonlyMap<string, LockPackage> }> = [];
  for (const path of at.paths) {
    const content = await at.read(path);
    if (content === undefined) continue;
    try {
      const lockfile = await parseLockfile({ path, cwd: at.root, content, packageEdges: false });
      const options = { cwd: at.root, readFile: at.read, trustedReadFile: at.read, skipDrift: true };
      const found = (await checkLockfile(lockfile, {}, options)).findings;
      findings.push(...found);
      if (found.some((f) => f.severity === "error")) {
        const byId = byIdOf(lockfile);
        for (const finding of found) keyed.push({ finding, byId });
      }
    } catch {
      // The revision's copy does not parse: it accepts nothing, and the change's copy is judged in full.
    }
  }
  const state = adoptionState(findings);
  const warn = new Set(state.warnRules);
  const held = new Set<string>();
  for (const { finding, byId } of keyed)
    if (finding.severity === "error" && warn.has(finding.ruleId)) held.add(heldKey(finding, byId));
  const union = (a: readonly string[] | undefined, b: readonly string[]) => [...new Set([...(a ?? []), ...b])].sort();
  const sources: Record<string, string[]> = { ...policy.allowedSources };
  for (const [name, urls] of Object.entries(state.allowedSources)) sources[name] = union(sources[name], urls);
  return {
    state,
    held: held.size,
    policy: {
      ...policy,
      allowInstallScripts: union(policy.allowInstallScripts, state.allowInstallScripts),
      allowedSources: sources,
      allowedHosts: union(policy.allowedHosts, state.allowedHosts),
    },
    asHeld(found, lockfile) {
      if (held.size === 0 || !found.some((f) => f.severity === "error")) return [...found];
      const byId = byIdOf(lockfile);
      return found.map((f) =>
        f.severity === "error" && held.has(heldKey(f, byId)) ? { ...f, severity: "warning" } : f,
      );
    },
  };
}
