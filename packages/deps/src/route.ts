import type { LockPackage, RepoSettings } from "@rampart/lockfile";

/**
 * The public npm registry's hosts: one registry (registry.yarnpkg.com serves npmjs.org's
 * packages), so a name resolved from one is public on the others.
 */
const PUBLIC_NPM = new Set(["registry.npmjs.org", "registry.npmjs.com", "registry.yarnpkg.com"]);

const same = (a: string, b: string) => a === b || (PUBLIC_NPM.has(a) && PUBLIC_NPM.has(b));

function hostOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which packages' names may be sent to `registry` (a registry document GET, a bulk advisory
 * POST): only a package that comes from that registry's host. A package the lockfile resolves
 * to an URL comes from that URL's host; one with no URL (pnpm, yarn berry's `npm:`, npm's
 * omit-lockfile-registry-resolved) from the registry the repository's config maps its scope to,
 * else the config's default registry, else the public npm registry. A git, file, link, tarball or
 * other source comes from no registry. Asking another registry about a name would publish a
 * private package's name there (and its answer could be another package's); such a package is
 * named with why, never fetched.
 *
 * Returns, for one package, undefined when it may be asked, else why not (for a "NOT checked" line).
 */
export function registryRoute(registry: string, settings?: Pick<RepoSettings, "scopeHosts" | "defaultRegistryHost">) {
  const asked = hostOf(registry);
  return (pkg: Pick<LockPackage, "name" | "source" | "resolved">): string | undefined => {
    if (pkg.source !== "registry") return `a ${pkg.source} source, not a registry package`;
    if (asked === undefined) return `${registry} is not a registry URL`;
    const resolved = pkg.resolved;
    let host: string | undefined;
    if (resolved !== undefined && /^https?:/i.test(resolved)) {
      host = hostOf(resolved);
      if (host === undefined) return "its resolved URL is not a URL";
      return same(host, asked) ? undefined : `resolved from ${host}`;
    }
    const scope = pkg.name.startsWith("@") ? pkg.name.slice(0, pkg.name.indexOf("/")) : undefined;
    const mapped = scope === undefined ? undefined : settings?.scopeHosts.get(scope);
    if (mapped !== undefined) return same(mapped, asked) ? undefined : `its scope ${scope} maps to ${mapped}`;
    host = settings?.defaultRegistryHost ?? "registry.npmjs.org";
    return same(host, asked)
      ? undefined
      : settings?.defaultRegistryHost === undefined
        ? "from the public npm registry (no registry configured)"
        : `the configured registry is ${host}`;
  };
}
