import type { Finding } from "@rampart/core/findings";

/** What a repository's lockfiles already hold when rampart is adopted, to accept as it is. */
export interface AdoptionState {
  /** Packages that run install scripts (fsevents, esbuild...). */
  allowInstallScripts: string[];
  /** Package name -> the exact git or tarball URLs it resolves to. */
  allowedSources: Record<string, string[]>;
  /** Registry hosts besides the public ones. */
  allowedHosts: string[];
  /**
   * Other rules that found errors at adoption (missing integrity of a tarball entry, a path
   * outside the repo...): reported as warnings from then on, so the first CI run is green while
   * they stay visible; the lockfile diff still refuses tampering and new sources as errors.
   */
  warnRules: string[];
}

/**
 * The accepted state from the findings of a first check with an empty policy: install scripts,
 * git and tarball sources (each exact URL, so a changed URL is an error again) and registry hosts.
 * Everything else (missing integrity, insecure protocols, paths outside the repo) is left to report.
 */
export function adoptionState(findings: readonly Finding[]): AdoptionState {
  const scripts = new Set<string>();
  const sources = new Map<string, Set<string>>();
  const hosts = new Set<string>();
  const warn = new Set<string>();
  const accepted = new Set([
    "lockfile/install-script",
    "lockfile/git-source",
    "lockfile/tarball-source",
    "lockfile/disallowed-host",
  ]);
  for (const f of findings) {
    if (f.severity === "error" && !accepted.has(f.ruleId)) warn.add(f.ruleId);
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
    warnRules: sorted(warn),
  };
}
