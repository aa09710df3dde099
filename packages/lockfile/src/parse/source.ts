import type { LockPackage, SourceKind } from "../model.js";

/**
 * Classifies what a lockfile resolves a package to. A registry tarball is an http(s) URL whose path
 * has npm's `/-/` tarball segment; any other URL is a plain tarball (codeload, a CDN, a server).
 */
export function classifyResolved(resolved: string | undefined): SourceKind {
  if (resolved === undefined || resolved === "") return "registry";
  // The common case first, without regexes: an https registry tarball.
  if (resolved.startsWith("https://") && resolved.includes("/-/") && /\.tgz(#.*)?$/.test(resolved)) return "registry";
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(resolved) || /\.git(#|$)/.test(resolved)) return "git";
  if (/^https?:\/\//i.test(resolved)) return isRegistryTarballUrl(resolved) ? "registry" : "tarball";
  if (resolved.startsWith("file:")) return "file";
  if (resolved.startsWith("link:")) return "link";
  if (resolved.startsWith("workspace:")) return "workspace";
  if (resolved.startsWith("patch:")) return "patch";
  if (/^[a-z][a-z0-9+.-]*:/i.test(resolved)) return "other";
  return "file";
}

export function isRegistryTarballUrl(url: string): boolean {
  return /^https?:\/\/[^/]+\/.*\/-\/[^/]+\.tgz(\?|#|$)/i.test(url);
}

/** The commit a git spec pins ("...#<sha>"), when it pins one. */
export function gitCommit(resolved: string): string | undefined {
  const m = /#([0-9a-f]{40})$/i.exec(resolved);
  return m?.[1]?.toLowerCase();
}

/** A package with every flag at its default; parsers fill in what their format records. */
export function newPackage(id: string, name: string, version: string, source: SourceKind): LockPackage {
  return {
    id,
    name,
    version,
    source,
    integrity: [],
    dev: false,
    optional: false,
    peer: false,
    hasInstallScript: false,
  };
}

/** "@scope/name@1.2.3" -> ["@scope/name", "1.2.3"]; the name's own leading @ is not a separator. */
export function splitNameAt(spec: string): [string, string] {
  const at = spec.indexOf("@", 1);
  return at < 0 ? [spec, ""] : [spec.slice(0, at), spec.slice(at + 1)];
}

/** "npm:real@^1" or "npm:@scope/real@1.2.3" -> { name, range }; undefined when not an npm alias. */
export function parseNpmAlias(spec: string): { name: string; range: string } | undefined {
  if (!spec.startsWith("npm:")) return undefined;
  const [name, range] = splitNameAt(spec.slice(4));
  return { name, range };
}
