import { createRequire } from "node:module";
import { stripUrlCredentials } from "@rampart/core/redact";
import type { Integrity, LockPackage } from "@rampart/lockfile";
import type { PackageURL as PackageURLClass } from "packageurl-js";

export type HashAlgorithmName = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";

const HASH_NAMES: Record<string, HashAlgorithmName> = {
  sha1: "SHA-1",
  sha256: "SHA-256",
  sha384: "SHA-384",
  sha512: "SHA-512",
};
/** Hex digits per algorithm: the model's hex is lowercase already, so a length check is the whole test. */
const HEX_LENGTH: Record<string, number> = { sha1: 40, sha256: 64, sha384: 96, sha512: 128 };

/** Registries a plain `pkg:npm/...` purl already means: no repository_url qualifier for these. */
const DEFAULT_REGISTRIES = new Set(["registry.npmjs.org", "registry.yarnpkg.com", "registry.npmjs.com"]);

/**
 * Sources that are the project's own code (workspaces, local directories and links). They never
 * get a purl: a `pkg:npm/<name>@<version>` purl would let a scanner match a private package against
 * the public package of the same name (the dependency-confusion shape of a false positive).
 */
export function isFirstPartySource(pkg: Pick<LockPackage, "source">): boolean {
  return pkg.source === "workspace" || pkg.source === "file" || pkg.source === "link";
}

/**
 * Tarball digests (and a bundled package's, see Integrity) as CycloneDX/SPDX hashes. Yarn berry's
 * cache checksum hashes a zip yarn made, so it is left out.
 */
export function tarballHashes(integrity: readonly Integrity[]): Array<{ algorithm: HashAlgorithmName; hex: string }> {
  // Nearly every package has one digest: no Map, spread and sort for it (the same result).
  if (integrity.length === 1) {
    const i = integrity[0] as Integrity;
    const name = HASH_NAMES[i.algorithm];
    if (i.subject === "yarn-cache" || name === undefined || i.hex.length !== HEX_LENGTH[i.algorithm]) return [];
    return [{ algorithm: name, hex: i.hex }];
  }
  const out = new Map<HashAlgorithmName, string>();
  for (const i of integrity) {
    const name = HASH_NAMES[i.algorithm];
    if (i.subject === "yarn-cache" || name === undefined || i.hex.length !== HEX_LENGTH[i.algorithm]) continue;
    out.set(name, i.hex);
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([algorithm, hex]) => ({ algorithm, hex }));
}

export interface PurlParts {
  purl: string;
  /** The URL the package was downloaded from, when the lockfile names one. */
  downloadUrl?: string;
  vcsUrl?: string;
}

/**
 * The canonical npm purl (scope as the percent-encoded namespace, name lower-cased as the purl spec
 * says for npm), with `vcs_url` for git sources, `download_url` for plain tarballs and
 * `repository_url` for registries other than npmjs. Credentials in a lockfile's URL (userinfo,
 * `?token=`) are removed, never copied into an SBOM that gets published: the URL still names the
 * same resource and still parses (consumers validate these fields as URIs).
 */
export function purlFor(pkg: LockPackage): PurlParts {
  const slash = pkg.name.startsWith("@") ? pkg.name.indexOf("/") : -1;
  const namespace = slash > 0 ? pkg.name.slice(0, slash) : undefined;
  const name = slash > 0 ? pkg.name.slice(slash + 1) : pkg.name;
  const qualifiers: Record<string, string> = {};
  const out: Omit<PurlParts, "purl"> = {};
  const resolved = pkg.resolved === undefined ? undefined : stripUrlCredentials(pkg.resolved);
  if (pkg.source === "git" && resolved) {
    const vcs = gitUrl(resolved, pkg.commit);
    qualifiers.vcs_url = vcs;
    out.vcsUrl = vcs;
  } else if (resolved && /^https?:\/\//i.test(resolved)) {
    // yarn classic appends "#<sha1>" to the URL: a checksum, not part of the download location.
    const url = resolved.replace(/#[0-9a-f]{40}$/i, "");
    out.downloadUrl = url;
    if (pkg.source === "tarball") qualifiers.download_url = url;
    else {
      const registry = registryBase(url);
      if (registry && !isDefaultRegistry(registry)) qualifiers.repository_url = registry;
    }
  }
  const version = pkg.version === "" ? undefined : pkg.version;
  return { purl: npmPurl(namespace, name, version, qualifiers), ...out };
}

// Names and versions packageurl-js writes unchanged (lower-case, nothing to percent-encode): most of
// a lockfile. Those purls are put together here; the rest (and any qualifier) go through the library,
// which is loaded only then (its ~15 modules cost more than the strings).
const PLAIN_NAME = /^[a-z0-9][a-z0-9._-]*$/;
const PLAIN_VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const require = createRequire(import.meta.url);
let PackageURL: typeof PackageURLClass | undefined;

/** The canonical `pkg:npm/...` purl, as packageurl-js writes it. */
export function npmPurl(
  namespace: string | undefined,
  name: string,
  version: string | undefined,
  qualifiers: Record<string, string> = {},
): string {
  const plain =
    PLAIN_NAME.test(name) &&
    (version === undefined || PLAIN_VERSION.test(version)) &&
    (namespace === undefined || (namespace.startsWith("@") && PLAIN_NAME.test(namespace.slice(1)))) &&
    Object.keys(qualifiers).length === 0;
  if (plain) {
    const scope = namespace === undefined ? "" : `%40${namespace.slice(1)}/`;
    return `pkg:npm/${scope}${name}${version === undefined ? "" : `@${version}`}`;
  }
  PackageURL ??= (require("packageurl-js") as { PackageURL: typeof PackageURLClass }).PackageURL;
  const qualified = Object.keys(qualifiers).length > 0 ? qualifiers : undefined;
  return new PackageURL("npm", namespace, name, version, qualified, undefined).toString();
}

/** `git+ssh://git@host/o/r.git#<commit>`: the spec as written, with the pinned commit when it is known. */
function gitUrl(resolved: string, commit: string | undefined): string {
  const base = resolved.replace(/#.*$/, "");
  const withScheme = /^[a-z+]+:\/\//i.test(base)
    ? base
    : base.replace(
        /^(github|gitlab|bitbucket):/,
        (_, h: string) => `git+https://${h}.${h === "bitbucket" ? "org" : "com"}/`,
      );
  const pinned = commit ?? /#([0-9a-f]{7,40})$/i.exec(resolved)?.[1];
  return pinned ? `${withScheme}#${pinned}` : withScheme;
}

// A lockfile names one or two registries for thousands of packages: each base is parsed once.
const registryHosts = new Map<string, boolean>();

/**
 * Whether a registry base URL is one a plain purl already means. One that does not parse (a damaged
 * lockfile) names no registry either: it gets no repository_url.
 */
function isDefaultRegistry(registry: string): boolean {
  let known = registryHosts.get(registry);
  if (known === undefined) {
    known = !URL.canParse(registry) || DEFAULT_REGISTRIES.has(new URL(registry).host);
    registryHosts.set(registry, known);
  }
  return known;
}

/** "https://r.example/npm/@s/n/-/n-1.0.0.tgz" -> "https://r.example/npm/" */
function registryBase(tarball: string): string | undefined {
  const m = /^(https?:\/\/.+?\/)(?:@[^/]+\/)?[^/]+\/-\//i.exec(tarball);
  return m?.[1];
}

/** yarn classic's `resolved` URL ends in "#<sha1 of the tarball>": one more tarball hash. */
export function urlFragmentHash(resolved: string | undefined): Integrity | undefined {
  // Cheap test first: most URLs have no "#" 41 characters from the end.
  if (resolved === undefined || resolved.charCodeAt(resolved.length - 41) !== 35) return undefined;
  const m = /^https?:\/\/[^#]+#([0-9a-f]{40})$/i.exec(resolved);
  return m
    ? { algorithm: "sha1", hex: (m[1] as string).toLowerCase(), raw: m[1] as string, subject: "tarball" }
    : undefined;
}
