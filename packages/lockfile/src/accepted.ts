import type { Finding } from "@rampart/core/findings";
import { type AdoptionState, adoptionState, type HeldEntry, heldAtAdoption } from "./checks/adopt.js";
import { checkLockfile } from "./checks/check.js";
import type { LockfilePolicy } from "./checks/rules.js";
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
  /**
   * `policy` with the install scripts, git/tarball sources and registry hosts the revision held,
   * and each other error it held as a lockfile.heldAtAdoption entry (a warning for that package
   * only, as init writes them).
   */
  policy: LockfilePolicy;
  /** What the revision's lockfiles held (init's accepted state). */
  state: AdoptionState;
  /** The revision's errors of other rules held one by one (init's lockfile.heldAtAdoption). */
  held: HeldEntry[];
}

/**
 * The lockfile policy a change that adopts rampart is judged by (CI's --policy-rev on a base
 * without a policy, the hooks on a HEAD or remote side without one), one rule for both: `policy`
 * (core's adoptedPolicy of the change's lockfile section) with what the trusted revision's
 * lockfiles already held accepted, as `rampart init` records it: the install scripts, git and
 * tarball sources and registry hosts they had (adoptionState), and each other error as a
 * lockfile.heldAtAdoption entry (heldAtAdoption: a warning for that package as installed only; a
 * package the change adds or replaces that breaks the same rule is an error). The change's own
 * lockfiles accept nothing: a lockfile the revision does not have, or whose copy there does not
 * parse, accepts nothing, and the change's copy is judged in full.
 */
export async function acceptedAt(policy: LockfilePolicy, at: AcceptedAtOptions): Promise<Accepted> {
  const findings: Finding[] = [];
  const held: HeldEntry[] = [];
  for (const path of at.paths) {
    const content = await at.read(path);
    if (content === undefined) continue;
    try {
      const lockfile = await parseLockfile({ path, cwd: at.root, content, packageEdges: false });
      const options = { cwd: at.root, readFile: at.read, trustedReadFile: at.read, skipDrift: true };
      const found = (await checkLockfile(lockfile, {}, options)).findings;
      findings.push(...found);
      held.push(...heldAtAdoption(lockfile, found));
    } catch {
      // The revision's copy does not parse: it accepts nothing, and the change's copy is judged in full.
    }
  }
  const state = adoptionState(findings);
  const union = (a: readonly string[] | undefined, b: readonly string[]) => [...new Set([...(a ?? []), ...b])].sort();
  const sources: Record<string, string[]> = { ...policy.allowedSources };
  for (const [name, urls] of Object.entries(state.allowedSources)) sources[name] = union(sources[name], urls);
  const { heldAtAdoption: _own, ...rest } = policy;
  return {
    state,
    held,
    policy: {
      ...rest,
      allowInstallScripts: union(policy.allowInstallScripts, state.allowInstallScripts),
      allowedSources: sources,
      allowedHosts: union(policy.allowedHosts, state.allowedHosts),
      ...(held.length > 0 ? { heldAtAdoption: held } : {}),
    },
  };
}
