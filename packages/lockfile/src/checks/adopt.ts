import type { LockfilePolicy } from "@rampart/core/config";
import type { Finding } from "@rampart/core/findings";
import type { Lockfile } from "../model.js";
import { heldFields } from "./rules.js";

/** One entry of lockfile.heldAtAdoption. */
export type HeldEntry = NonNullable<LockfilePolicy["heldAtAdoption"]>[number];

/** What a repository's lockfiles already hold when rampart is adopted, to accept as it is. */
export interface AdoptionState {
  /** Packages that run install scripts (fsevents, esbuild...). */
  allowInstallScripts: string[];
  /** Package name -> the exact git or tarball URLs it resolves to. */
  allowedSources: Record<string, string[]>;
  /** Registry hosts besides the public ones. */
  allowedHosts: string[];
}

/** The rules whose findings adoption accepts by name (scripts, sources, hosts): not held one by one. */
const ACCEPTED_RULES: ReadonlySet<string> = new Set([
  "lockfile/install-script",
  "lockfile/git-source",
  "lockfile/tarball-source",
  "lockfile/disallowed-host",
]);

/**
 * What `rampart init` writes as lockfile.heldAtAdoption for one lockfile: each error of a rule
 * adoption does not accept by name (missing integrity, an insecure protocol...), for its package
 * as installed (name@version, resolved, integrity), or by fingerprint for a finding of no package.
 * Not the whole rule: a package added or changed later that breaks it is an error.
 */
export function heldAtAdoption(lockfile: Lockfile, findings: readonly Finding[]): HeldEntry[] {
  const byId = new Map(lockfile.packages.map((p) => [p.id, p]));
  const out = new Map<string, HeldEntry>();
  for (const f of findings) {
    if (f.severity !== "error" || ACCEPTED_RULES.has(f.ruleId)) continue;
    const id = f.properties?.id;
    const pkg = typeof id === "string" ? byId.get(id) : undefined;
    const entry: HeldEntry =
      pkg === undefined
        ? { rule: f.ruleId, lockfile: lockfile.path, fingerprint: f.fingerprint }
        : { rule: f.ruleId, lockfile: lockfile.path, ...heldFields(pkg) };
    out.set(JSON.stringify(entry), entry);
  }
  const order = (e: HeldEntry) => `${e.lockfile}\0${e.rule}\0${e.package ?? ""}\0${e.fingerprint ?? ""}`;
  return [...out.values()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/**
 * The accepted state from the findings of a first check with an empty policy: install scripts,
 * git and tarball sources (each exact URL, so a changed URL is an error again) and registry hosts.
 * Everything else (missing integrity, insecure protocols, paths outside the repo) is held one by
 * one (heldAtAdoption).
 */
export function adoptionState(findings: readonly Finding[]): AdoptionState {
  const scripts = new Set<string>();
  const sources = new Map<string, Set<string>>();
  const hosts = new Set<string>();
  for (const f of findings) {
    const name = typeof f.properties?.package === "string" ? f.properties.package : undefined;
    const resolved = typeof f.properties?.resolved === "string" ? f.properties.resolved : undefined;
    if (name === undefined) continue;
    if (f.ruleId === "lockfile/install-script") scripts.add(name);
    else if ((f.ruleId === "lockfile/git-source" || f.ruleId === "lockfile/tarball-source") && resolved) {
      const set = sources.get(name) ?? new Set<string>();
      set.add(resolved);
      sources.set(name, set);
    } else if (f.ruleId === "lockfile/disallowed-host" && typeof f.properties?.host === "string")
      hosts.add(f.properties.host);
  }
  const sorted = (s: Iterable<string>) => [...s].sort();
  return {
    allowInstallScripts: sorted(scripts),
    allowedSources: Object.fromEntries(sorted(sources.keys()).map((n) => [n, sorted(sources.get(n) ?? [])])),
    allowedHosts: sorted(hosts),
  };
}
