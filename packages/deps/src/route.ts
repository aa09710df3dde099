import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { CatFileBatch } from "@rampart/core/git";
import { type Lockfile, type LockPackage, type RepoSettings, readRepoSettings } from "@rampart/lockfile";

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

/**
 * Per lockfile, its registry packages that do not come from `registry`'s host
 * (registryRoute: the lockfile's resolved URL, else the scope mapping and default registry of the
 * .npmrc/.yarnrc/.yarnrc.yml/pnpm config at the root and the lockfile's folder), with why. A name
 * is sent to a registry only when a package of that name comes from there: a private package's
 * name never reaches registry.npmjs.org.
 *
 * Which registry a package comes from is the trusted revision's config (`trustedRev`: --policy-rev,
 * or HEAD with --staged), as lockfile check reads it: a change that names another registry in its
 * own .npmrc does not move what it adds out of the registry rules' reach. The change's own config
 * is read too, for privacy: a package it routes elsewhere (and the trusted one does not) is never
 * asked about either, and is `moved` (a failing finding), never passed unjudged; so is one the
 * change's lockfile resolves from another host than the trusted config maps its name to, unless
 * that host is the public npm registry's (a public name, which a mirror serves: asked).
 */
export async function routeToRegistry(
  root: string,
  registry: string,
  lockfiles: ReadonlyArray<{ path: string; lockfile: Lockfile }>,
  env: NodeJS.ProcessEnv,
  trustedRev: string | undefined,
): Promise<{ elsewhere: Map<string, Map<string, string>>; moved: Map<string, Map<string, string>> }> {
  const read = async (rel: string) => {
    try {
      return readFileSync(join(root, rel), "utf8");
    } catch {
      return undefined;
    }
  };
  const batch = trustedRev === undefined ? undefined : new CatFileBatch({ cwd: root, env });
  try {
    // An unborn HEAD (--staged in a new history) has no older config: the change's own applies.
    const rev =
      batch !== undefined && trustedRev !== undefined && (await batch.read(`${trustedRev}^{commit}`))?.type === "commit"
        ? trustedRev
        : undefined;
    const readTrusted = async (rel: string) => {
      const o = await batch?.read(`${rev}:${posix.normalize(rel.split("\\").join("/"))}`);
      return o?.type === "blob" ? o.content.toString("utf8") : undefined;
    };
    const elsewhere = new Map<string, Map<string, string>>();
    const moved = new Map<string, Map<string, string>>();
    for (const { path: p, lockfile } of lockfiles) {
      const dirs = [".", posix.dirname(p)];
      const own = registryRoute(registry, await readRepoSettings(dirs, read));
      const trusted = rev === undefined ? own : registryRoute(registry, await readRepoSettings(dirs, readTrusted));
      const out = new Map<string, string>();
      const away = new Map<string, string>();
      for (const pkg of lockfile.packages) {
        if (pkg.source !== "registry") continue;
        const key = `${pkg.name}@${pkg.version}`;
        const why = trusted(pkg);
        const mapped = why !== undefined && trusted({ name: pkg.name, source: pkg.source }) === undefined;
        // A URL elsewhere for a package the trusted config maps to the registry asked. On the public
        // registry (a base with a mirror: npm fetches such URLs through the configured registry,
        // replace-registry-host): a public name, asked there. Elsewhere the change picked where it
        // comes from: moved, not passed unjudged.
        if (mapped && fromPublicNpm(pkg.resolved)) continue;
        if (mapped && rev !== undefined) away.set(key, why);
        else if (why !== undefined) out.set(key, why);
        else if (rev !== undefined) {
          const ownWhy = own(pkg);
          if (ownWhy !== undefined) away.set(key, ownWhy);
        }
      }
      elsewhere.set(p, out);
      moved.set(p, away);
    }
    return { elsewhere, moved };
  } finally {
    batch?.close();
  }
}

/** Whether `resolved` is an https URL on the public npm registry's hosts. */
function fromPublicNpm(resolved: string | undefined): boolean {
  if (resolved === undefined || !/^https:\/\//i.test(resolved)) return false;
  const host = hostOf(resolved);
  return host !== undefined && PUBLIC_NPM.has(host);
}
