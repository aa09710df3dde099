import { type CheckResult, makeResult } from "@rampart/core/findings";
import type { Lockfile, LockPackage } from "../model.js";
import { byLocation, ordinal } from "./order.js";
import { FindingSink, type LockfilePolicy, sourceAllowed } from "./rules.js";
import { compareVersions } from "./semver-lite.js";

export interface LockfileChange {
  name: string;
  from?: string;
  to?: string;
}

export interface LockfileDiffStats {
  lockfile: string;
  added: LockfileChange[];
  removed: LockfileChange[];
  upgraded: LockfileChange[];
  downgraded: LockfileChange[];
  /**
   * The same name@version with another integrity or URL than before (what lockfile/tampered
   * flags, whatever its severity): new content under an old name, which the vulnerability gate
   * judges like an added package; and a name@version now from the registry that the base held
   * only from elsewhere (git, a URL), which may have had no integrity to compare.
   */
  changed: LockfileChange[];
}

type Versions = Map<string, LockPackage[]>;

/**
 * What a change to a lockfile does: packages added, removed, upgraded and downgraded, and the red
 * flags a reviewer cannot see in a 10,000-line diff: the same name@version with another integrity
 * or URL (tampering), a registry package now fetched from git or a URL, new install scripts,
 * downgrades. Findings point at lines of `after`. (SRC-4)
 */
export function diffLockfiles(
  before: Lockfile,
  after: Lockfile,
  policy: LockfilePolicy = {},
): CheckResult<LockfileDiffStats> {
  const sink = new FindingSink(after, policy);
  const stats: LockfileDiffStats = {
    lockfile: after.path,
    added: [],
    removed: [],
    upgraded: [],
    downgraded: [],
    changed: [],
  };
  const a = group(before);
  const b = group(after);
  for (const [name, bVersions] of b) {
    const aVersions = a.get(name) ?? new Map<string, LockPackage[]>();
    for (const [version, pkgs] of bVersions) {
      const old = aVersions.get(version);
      if (old !== undefined && (compareSame(name, version, old, pkgs, sink) || newlyFromRegistry(old, pkgs)))
        stats.changed.push({ name, from: version, to: version });
    }
    flagSourceChange(aVersions, bVersions, policy, sink);
    if (!(policy.allowInstallScripts ?? []).includes(name)) flagNewScripts(aVersions, bVersions, sink);
    classifyVersions(name, aVersions, bVersions, stats, sink);
  }
  for (const [name, aVersions] of a) {
    if (!b.has(name)) for (const v of aVersions.keys()) stats.removed.push({ name, from: v });
  }
  for (const list of [stats.added, stats.removed, stats.upgraded, stats.downgraded, stats.changed]) list.sort(byName);
  return makeResult(sink.findings.sort(byLocation), stats);
}

function byName(x: LockfileChange, y: LockfileChange): number {
  return ordinal(x.name, y.name) || ordinal(x.from ?? x.to ?? "", y.from ?? y.to ?? "");
}

/** name -> version -> packages (several install paths or peer variants share a name@version). */
function group(lockfile: Lockfile): Map<string, Versions> {
  const out = new Map<string, Versions>();
  for (const p of lockfile.packages) {
    if (p.source === "link" || p.source === "workspace") continue;
    let versions = out.get(p.name);
    if (versions === undefined) {
      versions = new Map();
      out.set(p.name, versions);
    }
    const list = versions.get(p.version);
    if (list === undefined) versions.set(p.version, [p]);
    else list.push(p);
  }
  return out;
}

function digests(pkgs: LockPackage[]): Set<string> {
  return new Set(pkgs.flatMap((p) => p.integrity.map((i) => `${i.subject}:${i.algorithm}:${i.hex}`)));
}

/** yarn berry's `patch:...#optional!builtin<compat/...>` (yarn 3: `#~builtin<...>`): a patch shipped inside yarn. */
function isYarnBuiltinPatch(p: LockPackage): boolean {
  return p.source === "patch" && /^(optional!|~)?builtin</.test(p.patch?.path ?? "");
}

/**
 * The old digests `p` can be compared with: the same subject (tarball or yarn cache zip). yarn berry's checksums hash yarn's cache zip, which
 * depends on the cache key (yarn 3's 8 vs yarn 4's 10, 10c0...): a checksum made with another key
 * is not comparable (an upgrade of yarn re-hashes every entry), one made with the same key is.
 */
function comparableDigests(old: LockPackage[], p: LockPackage): Set<string> {
  const subjects = new Set(p.integrity.map((i) => i.subject));
  const keys = new Set(p.integrity.filter((i) => i.subject === "yarn-cache").map((i) => i.cacheKey ?? ""));
  const out = new Set<string>();
  for (const o of old)
    for (const i of o.integrity) {
      // yarn 1 -> yarn 2+ (same yarn.lock path): a tarball SRI and a cache zip's checksum never match.
      if (subjects.size > 0 && !subjects.has(i.subject)) continue;
      if (i.subject === "yarn-cache" && keys.size > 0 && !keys.has(i.cacheKey ?? "")) continue;
      out.add(`${i.subject}:${i.algorithm}:${i.hex}`);
    }
  return out;
}

/** Flags entries of one name@version whose integrity or URL changed; true when there was one. */
function compareSame(
  name: string,
  version: string,
  old: LockPackage[],
  now: LockPackage[],
  sink: FindingSink,
): boolean {
  let changed = false;
  const oldById = new Map(old.map((p) => [p.id, p]));
  const allResolved = new Set(old.map((p) => p.resolved).filter((r) => r !== undefined));
  for (const p of now) {
    // Compare with the same entry when it still exists (a yarn patch: entry shares its base's
    // name@version but not its checksum), else with every entry of that name@version.
    const same = oldById.get(p.id);
    // A yarn built-in patch (`builtin<compat/typescript>`) whose hash changed is yarn's patch of
    // another yarn release: its result has another checksum by design, while the patched base
    // package (its own entry) is compared as usual.
    if (same === undefined && isYarnBuiltinPatch(p)) continue;
    const candidates = (same === undefined ? old : [same]).filter((o) => !isYarnBuiltinPatch(o) || o === same);
    const before = comparableDigests(candidates, p);
    const resolvedBefore =
      same === undefined ? allResolved : new Set(same.resolved === undefined ? [] : [same.resolved]);
    // A newly recorded stronger hash next to a known one is an upgrade, not a swap.
    const keeps = p.integrity.some((i) => before.has(`${i.subject}:${i.algorithm}:${i.hex}`));
    if (before.size > 0 && !keeps) {
      changed = true;
      sink.add(
        "lockfile/tampered",
        p,
        `${name}@${version} has a different integrity than before (${p.integrity[0]?.raw ?? "none"})`,
        {
          hint: "the same version of a package cannot change its contents: find out who edited the lockfile, then reinstall",
          properties: { before: [...before], after: [...digests([p])] },
        },
      );
    } else if (p.resolved !== undefined && resolvedBefore.size > 0 && !resolvedBefore.has(p.resolved)) {
      changed = true;
      sink.add(
        "lockfile/tampered",
        p,
        `${name}@${version} now resolves to ${p.resolved} (before: ${[...resolvedBefore][0]})`,
        {
          hint: "a reinstall never moves the same version to another URL by itself: check who changed it and why",
          properties: { before: [...resolvedBefore], after: p.resolved },
        },
      );
    }
  }
  return changed;
}

/**
 * A name@version the registry now serves that the base held only from elsewhere (git, a URL, a
 * file): the registry's package of that name and version is new content, whatever the names say.
 * The base's entry may have had no integrity to compare, and the new one no URL (npm's
 * omit-lockfile-registry-resolved): then compareSame sees no difference, and a version published
 * an hour ago under the name of a git dependency (unclaimed on the registry) would be judged by
 * no rule that judges what a change adds (release age, the vulnerability gate's changes).
 */
function newlyFromRegistry(old: LockPackage[], now: LockPackage[]): boolean {
  return now.some((p) => p.source === "registry") && !old.some((p) => p.source === "registry");
}

function flagSourceChange(a: Versions, b: Versions, policy: LockfilePolicy, sink: FindingSink) {
  const old = [...a.values()].flat();
  if (!old.some((p) => p.source === "registry")) return;
  const known = new Set(old.filter((p) => p.source !== "registry").map((p) => p.resolved));
  for (const pkgs of b.values()) {
    for (const p of pkgs) {
      if ((p.source !== "git" && p.source !== "tarball") || known.has(p.resolved) || sourceAllowed(policy, p)) continue;
      sink.add(
        "lockfile/source-changed",
        p,
        `${p.name} came from the registry and now comes from ${p.source} (${p.resolved ?? ""})`,
        {
          hint: "a registry package swapped for a git or URL source bypasses the registry's integrity and provenance",
        },
      );
    }
  }
}

function flagNewScripts(a: Versions, b: Versions, sink: FindingSink) {
  const hadScripts = [...a.values()].some((pkgs) => pkgs.some((p) => p.hasInstallScript));
  if (hadScripts) return;
  for (const pkgs of b.values()) {
    const p = pkgs.find((x) => x.hasInstallScript);
    if (p === undefined) continue;
    sink.add(
      "lockfile/new-install-script",
      p,
      `${p.name}@${p.version} is new in this change and runs an install script`,
      {
        hint: "review what its preinstall/install/postinstall does before it runs on every machine",
      },
    );
  }
}

function classifyVersions(name: string, a: Versions, b: Versions, stats: LockfileDiffStats, sink: FindingSink) {
  const gone = [...a.keys()].filter((v) => !b.has(v));
  const added = [...b.keys()].filter((v) => !a.has(v));
  if (gone.length === 1 && added.length === 1) {
    const from = gone[0] as string;
    const to = added[0] as string;
    const order = compareVersions(from, to) ?? ordinal(from, to);
    if (order > 0) {
      stats.downgraded.push({ name, from, to });
      const p = (b.get(to) as LockPackage[])[0];
      sink.add("lockfile/downgrade", p, `${name} is downgraded from ${from} to ${to}`, {
        hint: "downgrades can bring back fixed vulnerabilities: make sure this one is intended",
      });
    } else {
      stats.upgraded.push({ name, from, to });
    }
    return;
  }
  for (const v of gone) stats.removed.push({ name, from: v });
  for (const v of added) stats.added.push({ name, to: v });
}
