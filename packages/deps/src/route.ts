import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, posix } from "node:path";
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
 *
 * The user's own config (readUserScopes: ~/.npmrc, npm_config_@scope:registry, pnpm's and yarn's
 * global config) only adds to the packages not asked: a package with no URL whose scope it maps to
 * another host is not named to `registry` (npm and pnpm fetch it from there), listed with why. It
 * never decides what is trusted nor moves a package into the registry's reach.
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
    const user = userScopeRoute(registry, await readUserScopes(env));
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
        else {
          const ownWhy = rev === undefined ? undefined : own(pkg);
          // The user's config may only keep a name from being asked (privacy), never route it for trust.
          const userWhy = pkg.resolved !== undefined && /^https?:/i.test(pkg.resolved) ? undefined : user(pkg.name);
          if (ownWhy !== undefined) away.set(key, ownWhy);
          else if (userWhy !== undefined) out.set(key, userWhy);
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

/**
 * Every host the user's package-manager config (outside the repository) maps each scope to: npm's
 * user config ($NPM_CONFIG_USERCONFIG, else ~/.npmrc), npm_config_@scope:registry environment
 * variables, pnpm's global rc ($XDG_CONFIG_HOME/pnpm/rc, ~/Library/Preferences/pnpm/rc,
 * %LOCALAPPDATA%/pnpm/config/rc), yarn classic's ~/.yarnrc and yarn berry's ~/.yarnrc.yml npmScopes.
 * Only hosts are kept (never the files' tokens). A scope several of them map is kept with each host.
 */
export async function readUserScopes(env: NodeJS.ProcessEnv): Promise<Map<string, Set<string>>> {
  const home = env.HOME || env.USERPROFILE || homedir();
  const value = (name: string) => {
    const key = Object.keys(env).find((k) => k.toLowerCase() === name && env[k] !== "");
    return key === undefined ? undefined : env[key];
  };
  const npmrcFiles = [value("npm_config_userconfig") ?? join(home, ".npmrc")];
  if (env.XDG_CONFIG_HOME) npmrcFiles.push(join(env.XDG_CONFIG_HOME, "pnpm", "rc"));
  npmrcFiles.push(join(home, ".config", "pnpm", "rc"), join(home, "Library", "Preferences", "pnpm", "rc"));
  if (env.LOCALAPPDATA) npmrcFiles.push(join(env.LOCALAPPDATA, "pnpm", "config", "rc"));
  const fromEnv = Object.entries(env)
    .flatMap(([k, v]) => {
      const m = /^npm_config_(@[^:]+):registry$/i.exec(k);
      return m === null || v === undefined || v === "" ? [] : [`${(m[1] as string).toLowerCase()}:registry=${v}`];
    })
    .join("\n");
  const scopes = new Map<string, Set<string>>();
  const add = (settings: Pick<RepoSettings, "scopeHosts">) => {
    for (const [scope, host] of settings.scopeHosts) {
      const hosts = scopes.get(scope) ?? new Set<string>();
      hosts.add(host);
      scopes.set(scope, hosts);
    }
  };
  const fileText = (path: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  };
  // Each file read as the one config file readRepoSettings knows its format by (an .npmrc for pnpm's rc).
  const readAs = async (format: string, text: string | undefined, dir: string) =>
    text === undefined
      ? undefined
      : readRepoSettings([dir], async (rel) => (rel === join(dir, format) ? text : undefined));
  for (const file of [...new Set(npmrcFiles)]) {
    const s = await readAs(".npmrc", fileText(file), dirname(file));
    if (s !== undefined) add(s);
  }
  const envSettings = await readAs(".npmrc", fromEnv === "" ? undefined : fromEnv, home);
  if (envSettings !== undefined) add(envSettings);
  for (const format of [".yarnrc", ".yarnrc.yml"]) {
    const s = await readAs(format, fileText(join(home, format)), home);
    if (s !== undefined) add(s);
  }
  return scopes;
}

/** Why a scoped name is not asked of `registry` by the user's scope mapping, else undefined. */
function userScopeRoute(registry: string, scopes: ReadonlyMap<string, ReadonlySet<string>>) {
  const asked = hostOf(registry);
  return (name: string): string | undefined => {
    if (!name.startsWith("@") || asked === undefined) return undefined;
    const scope = name.slice(0, name.indexOf("/"));
    const away = [...(scopes.get(scope) ?? scopes.get(scope.toLowerCase()) ?? [])].find((h) => !same(h, asked));
    return away === undefined ? undefined : `your user config maps its scope ${scope} to ${away}`;
  };
}
