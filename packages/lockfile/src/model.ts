/**
 * One model for every lockfile format. The SBOM emitter (@rampart/sbom) builds on it, so fields
 * are added, never renamed. Everything here is plain data (JSON-serialisable).
 */
export type LockfileFormat = "npm" | "pnpm" | "yarn-classic" | "yarn-berry";

/** Where a package's contents come from. */
export type SourceKind = "registry" | "git" | "tarball" | "file" | "link" | "workspace" | "patch" | "other";

export interface Integrity {
  /** "sha512", "sha384", "sha256", "sha1" as written by the lockfile. */
  algorithm: string;
  /** Digest as lowercase hex, whatever the lockfile's encoding. */
  hex: string;
  /** Exactly as written in the lockfile (SRI string, yarn checksum...). */
  raw: string;
  /**
   * What was hashed: "tarball" for the registry tarball (npm/pnpm/yarn classic SRI),
   * "yarn-cache" for yarn berry's checksum of its cache zip (NOT the tarball's hash), "bundle"
   * for the package's modules as a bundle holds them (never from a lockfile: the SBOM of
   * rampart's own CLI bundle, packages/cli/scripts/bundle.mjs).
   */
  subject: "tarball" | "yarn-cache" | "bundle";
  /**
   * yarn-cache only: the cache key the zip was made with (the checksum's "10c0/" prefix, or the
   * lockfile's `__metadata.cacheKey`). Checksums made with different keys cannot be compared.
   */
  cacheKey?: string;
}

export type DependencyKind = "prod" | "dev" | "optional" | "peer";

export interface LockPackage {
  /** Unique within the lockfile: the format's own key (npm install path, pnpm key, yarn resolution). */
  id: string;
  /** The real package name (npm aliases resolved: `react-loadable@npm:@docusaurus/react-loadable` -> `@docusaurus/react-loadable`). */
  name: string;
  version: string;
  /** Names it is installed under when that differs from `name` (npm: aliases). */
  aliases?: string[];
  source: SourceKind;
  /** The URL, path or git spec the lockfile resolves it to, as written. */
  resolved?: string;
  integrity: Integrity[];
  /** Only reachable from dev dependencies. */
  dev: boolean;
  optional: boolean;
  peer: boolean;
  /** Runs preinstall/install/postinstall scripts (npm hasInstallScript, pnpm requiresBuild). */
  hasInstallScript: boolean;
  /** SPDX expression or name, where the lockfile records it. */
  license?: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  /** Bundled inside its parent's tarball (npm inBundle). */
  bundled?: boolean;
  /** For patch: sources, the package being patched (id) and the patch path. */
  patch?: { of: string; path: string };
  /** For git sources: the commit the lockfile pins. */
  commit?: string;
  /**
   * 1-based line where the entry starts in the lockfile, for findings. Set by the yarn parsers,
   * which read line by line; for npm and pnpm it is computed on demand by `packageLine(lockfile,
   * id)` (which works for every format), so parsing a big lockfile never pays for it.
   */
  line?: number;
}

export interface Edge {
  /** Package id or importer id (importer ids are prefixed "importer:"). */
  from: string;
  /**
   * Package id it resolves to; for a workspace link (npm `link: true` to a workspace, pnpm
   * `link:` to an importer, yarn `workspace:`) the importer id ("importer:<path>"), since a
   * workspace is an importer, not a package. Every edge resolves to one of the two.
   */
  to: string;
  /** The name it is required under (may be an alias). */
  name: string;
  /** Range or spec as declared. */
  spec?: string;
  kind: DependencyKind;
}

export interface ImporterDependency {
  name: string;
  /** As declared in the importer's package.json (or recorded by the lockfile). */
  spec: string;
  kind: DependencyKind;
  /** Package id it resolves to, when it resolves. */
  resolvesTo?: string;
}

export interface Importer {
  /** "importer:" + path relative to the lockfile's directory ("importer:." for the root). */
  id: string;
  path: string;
  name?: string;
  version?: string;
  dependencies: ImporterDependency[];
}

export interface Lockfile {
  format: LockfileFormat;
  /** The format's own version string: "3", "9.0", "5.4", "1", "10" ... */
  formatVersion: string;
  /** Path as given (absolute or relative to the repo root). */
  path: string;
  packages: LockPackage[];
  edges: Edge[];
  importers: Importer[];
  /**
   * pnpm catalogs as the lockfile records them (catalog name -> package -> {specifier, version}),
   * so `catalog:` specifiers can be checked. Added by the lockfile issue; absent for other formats.
   */
  catalogs?: Record<string, Record<string, { specifier: string; version: string }>>;
  /** pnpm `overrides` as recorded (selector -> spec). Added by the lockfile issue; absent elsewhere. */
  overrides?: Record<string, string>;
}
