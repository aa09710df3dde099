import { isAbsolute, relative, resolve } from "node:path";
import type { Importer, LockPackage } from "../model.js";
import { DEFAULT_HOSTS, type FindingSink, type LockfilePolicy, sourceAllowed } from "./rules.js";
import { hostOf, type RepoSettings } from "./settings.js";

export interface SourceContext {
  /** Absolute repository root. */
  root: string;
  /** Absolute directory of the lockfile. */
  lockfileDir: string;
  settings: RepoSettings;
  /** The lockfile's format: yarn berry plugins define their own protocols. */
  format?: string;
}

/** lockfile-lint's short names for the two public hosts, accepted in allowedHosts too. */
const HOST_ALIASES: Record<string, string> = { npm: "registry.npmjs.org", yarn: "registry.yarnpkg.com" };

export function allowedHosts(policy: LockfilePolicy, settings: RepoSettings): Set<string> {
  const hosts = new Set<string>([...DEFAULT_HOSTS, ...settings.registryHosts]);
  for (const h of policy.allowedHosts ?? []) hosts.add(HOST_ALIASES[h] ?? hostOf(h) ?? h.toLowerCase());
  return hosts;
}

/** Where each package comes from: allowed registry hosts, https, scopes, git/tarball/file sources. (MAT-1, BLD-5) */
export function checkSources(
  packages: LockPackage[],
  policy: LockfilePolicy,
  ctx: SourceContext,
  sink: FindingSink,
): void {
  const hosts = allowedHosts(policy, ctx.settings);
  for (const pkg of packages) {
    const resolved = pkg.resolved ?? "";
    // https:// (nearly every entry) can never match, so the regex runs only on the rest.
    if (
      !resolved.startsWith("https://") &&
      /^(http|git|git\+http):\/\//i.test(resolved) &&
      !sourceAllowed(policy, pkg)
    ) {
      sink.add(
        "lockfile/insecure-protocol",
        pkg,
        `${pkg.name}@${pkg.version} is fetched over ${resolved.split(":")[0]}://, which anyone on the path can alter`,
        {
          hint: "use the https:// URL of the same registry or repository",
          properties: { resolved },
        },
      );
    }
    if (pkg.source === "registry") checkRegistry(pkg, hosts, policy, ctx, sink);
    else if (pkg.source === "git" && !sourceAllowed(policy, pkg)) {
      sink.add("lockfile/git-source", pkg, `${pkg.name} comes from git (${resolved}), not a registry`, {
        hint: `allow it with lockfile.allowedSources["${pkg.name}"] in .rampart/config.yaml if this is intended`,
        properties: { resolved },
      });
    } else if (pkg.source === "tarball" && !sourceAllowed(policy, pkg) && !declaredRegistry(resolved, policy, ctx)) {
      sink.add(
        "lockfile/tarball-source",
        pkg,
        `${pkg.name} comes from a tarball URL outside any registry (${resolved})`,
        {
          hint: `publish it to a registry, or allow it with lockfile.allowedSources["${pkg.name}"]`,
          properties: { resolved },
        },
      );
    } else if ((pkg.source === "file" || pkg.source === "link") && !sourceAllowed(policy, pkg)) {
      checkLocalPath(pkg, ctx, sink);
    } else if (pkg.source === "other" && !sourceAllowed(policy, pkg)) {
      checkOtherSource(pkg, resolved, ctx.format === "yarn-berry", sink);
    }
  }
}

/**
 * A registry the repository declares may lay its tarball URLs out its own way (GitHub Packages:
 * /download/@scope/name/1.0.0/<sha>), so a URL on such a host is not a stray tarball.
 */
function declaredRegistry(resolved: string, policy: LockfilePolicy, ctx: SourceContext): boolean {
  const host = hostOf(resolved);
  if (host === undefined) return false;
  return (
    ctx.settings.registryHosts.has(host) ||
    (policy.allowedHosts ?? []).some((h) => (hostOf(h) ?? h.toLowerCase()) === host)
  );
}

/** exec: runs a script; any other protocol is one rampart cannot vouch for (in berry: a plugin's). */
function checkOtherSource(pkg: LockPackage, resolved: string, berry: boolean, sink: FindingSink) {
  if (resolved.startsWith("exec:")) {
    sink.add("lockfile/exec-source", pkg, `${pkg.name} is produced by running a script (${resolved})`, {
      properties: { resolved },
    });
    return;
  }
  const protocol = /^([a-z][a-z0-9+.-]*):/i.exec(resolved)?.[1] ?? "unknown";
  sink.add(
    "lockfile/unknown-source",
    pkg,
    `${pkg.name} resolves through the ${protocol}: protocol, which rampart cannot check`,
    {
      hint: `${berry ? "a yarn plugin decides what this installs; " : ""}allow it with lockfile.allowedSources["${pkg.name}"] once you know what produces it`,
      ...(berry ? { severity: "warning" as const } : {}),
      properties: { resolved, protocol },
    },
  );
}

function checkRegistry(
  pkg: LockPackage,
  hosts: Set<string>,
  policy: LockfilePolicy,
  ctx: SourceContext,
  sink: FindingSink,
) {
  const resolved = pkg.resolved;
  if (resolved === undefined || !/^https?:\/\//i.test(resolved)) return;
  const host = hostOfResolved(resolved);
  if (host === undefined) return;
  const scope = pkg.name.startsWith("@") ? pkg.name.slice(0, pkg.name.indexOf("/")) : undefined;
  const scopeHost = scope === undefined ? undefined : ctx.settings.scopeHosts.get(scope);
  if (scopeHost !== undefined && scopeHost !== host) {
    sink.add(
      "lockfile/dependency-confusion",
      pkg,
      `${pkg.name} is in scope ${scope}, which the repo maps to ${scopeHost}, but resolves from ${host}`,
      {
        hint: "a public package is shadowing your private one: delete the entry and reinstall from the scoped registry",
        properties: { resolved, expectedHost: scopeHost },
      },
    );
    return;
  }
  if (!hosts.has(host) && !sourceAllowed(policy, pkg)) {
    sink.add(
      "lockfile/disallowed-host",
      pkg,
      `${pkg.name}@${pkg.version} resolves from ${host}, which is not an allowed registry`,
      {
        hint: "add the host to lockfile.allowedHosts in .rampart/config.yaml (or to .npmrc/.yarnrc.yml) if it is yours",
        properties: { resolved, host },
      },
    );
  }
}

// The last URL prefix seen and its host: a lockfile's registry URLs share one or two prefixes, so
// most entries skip the regex. A URL starting with "https://<host>/" has that host (no userinfo
// can come before the first "/").
let lastPrefix = "";
let lastHost = "";

/**
 * Host of an http(s) URL, lowercase. A regex, not `new URL`: thousands of URL objects cost more
 * than the parse. It reads the authority as WHATWG URL does (what npm, pnpm and yarn fetch with):
 * a backslash ends it like a slash, so `https://evil.example\@registry.npmjs.org/...` is
 * evil.example's, not the registry's with a user name.
 */
function hostOfResolved(resolved: string): string | undefined {
  if (lastPrefix !== "" && resolved.startsWith(lastPrefix)) return lastHost;
  const m = /^(https?:\/\/)(?:[^@/?#\\]*@)?([^/?#\\]+)/i.exec(resolved);
  if (m === null) return undefined;
  const host = (m[2] as string).toLowerCase();
  // Cache only the plain form "<scheme>://<host>/", where the prefix alone decides the host.
  if (m[0].length === (m[1] as string).length + (m[2] as string).length && resolved[m[0].length] === "/") {
    lastPrefix = resolved.slice(0, m[0].length + 1);
    lastHost = host;
  }
  return host;
}

/**
 * npm records a linked directory (`npm install ../x`) as an importer-like `packages` entry, so
 * importer paths must stay inside the repository too.
 */
export function checkImporterPaths(
  importers: Importer[],
  policy: LockfilePolicy,
  ctx: SourceContext,
  sink: FindingSink,
): void {
  for (const importer of importers) {
    if (!importer.path.startsWith("..") && !isAbsolute(importer.path)) continue;
    const rel = relative(ctx.root, resolve(ctx.lockfileDir, importer.path));
    if (!(rel === ".." || rel.startsWith("../") || isAbsolute(rel))) continue;
    const name = importer.name ?? importer.path;
    if (policy.allowedSources?.[name]?.some((p) => p === "*" || importer.path.startsWith(p.replace(/^file:/, ""))))
      continue;
    sink.add(
      "lockfile/file-outside-repo",
      undefined,
      `${name} is linked from ${importer.path}, outside the repository`,
      {
        hint: "a build elsewhere gets whatever is at that path; vendor it into the repo or publish it",
        ...(sink.lineOf(importer.id) === undefined ? {} : { line: sink.lineOf(importer.id) as number }),
        properties: { package: name, importer: importer.path },
      },
    );
  }
}

/** file:/link:/portal: targets must stay inside the repository. */
function checkLocalPath(pkg: LockPackage, ctx: SourceContext, sink: FindingSink) {
  const target = localTarget(pkg.resolved ?? "");
  if (target === undefined) return;
  const absolute = isAbsolute(target.path) ? target.path : resolve(ctx.lockfileDir, target.base, target.path);
  const rel = relative(ctx.root, absolute);
  if (rel === ".." || rel.startsWith("../") || isAbsolute(rel)) {
    sink.add("lockfile/file-outside-repo", pkg, `${pkg.name} is taken from ${target.path}, outside the repository`, {
      hint: "a build elsewhere gets whatever is at that path; vendor it into the repo or publish it",
      properties: { resolved: pkg.resolved },
    });
  }
}

/** "file:../x", "link:./x::locator=a%40workspace%3Apkgs%2Fa" (yarn: relative to that workspace), "packages/x". */
function localTarget(resolved: string): { path: string; base: string } | undefined {
  const [spec = "", params = ""] = resolved.split("::");
  const path = spec.replace(/^(file|link|portal):/, "");
  if (path === "" || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return undefined;
  const locator = /(?:^|&)locator=([^&]+)/.exec(params)?.[1];
  const workspace = locator === undefined ? undefined : /@workspace:(.*)$/.exec(decodeURIComponent(locator))?.[1];
  return { path, base: workspace ?? "." };
}
