import type { LockfileDiffStats } from "@rampart/lockfile";

/**
 * What a lockfile change brings in: every added or upgraded (and downgraded) name@version, and
 * every one whose integrity or URL changed (new content under a known name@version: a tarball of
 * another package the check judges at its URL's name), the `only` set of `checkVulnerabilities`
 * at commit time. Removed packages install nothing.
 */
export function changedVersions(stats: LockfileDiffStats): Set<string> {
  const out = new Set<string>();
  for (const list of [stats.added, stats.upgraded, stats.downgraded, stats.changed])
    for (const c of list) if (c.to !== undefined) out.add(`${c.name}@${c.to}`);
  return out;
}
