import type { Integrity, Lockfile, LockPackage } from "@rampart/lockfile";

/** SRI of known bytes, so the tests can check the hex the SBOM prints against node:crypto. */
export function sri(algorithm: "sha512" | "sha1", hexDigest: string): Integrity {
  return {
    algorithm,
    hex: hexDigest,
    raw: `${algorithm}-${Buffer.from(hexDigest, "hex").toString("base64")}`,
    subject: "tarball",
  };
}

function pkg(id: string, name: string, version: string, extra: Partial<LockPackage> = {}): LockPackage {
  return {
    id,
    name,
    version,
    source: "registry",
    integrity: [],
    dev: false,
    optional: false,
    peer: false,
    hasInstallScript: false,
    ...extra,
  };
}

export const SHA512_A = "a".repeat(128);
export const SHA1_B = "b".repeat(40);
export const GIT_SHA = "0123456789abcdef0123456789abcdef01234567";

/**
 * A small npm-style monorepo covering each identity rule: duplicate install paths, an alias, git,
 * a plain tarball, a private registry, a local file: package, dev and optional packages, and a
 * workspace.
 */
export function handBuiltLockfile(): Lockfile {
  const reg = (n: string, v: string) => `https://registry.npmjs.org/${n}/-/${n.split("/").pop()}-${v}.tgz`;
  return {
    format: "npm",
    formatVersion: "3",
    path: "package-lock.json",
    importers: [
      { id: "importer:.", path: ".", name: "app", version: "1.0.0", dependencies: [] },
      { id: "importer:packages/lib", path: "packages/lib", name: "@acme/lib", version: "0.2.0", dependencies: [] },
    ],
    packages: [
      pkg("node_modules/@babel/core", "@babel/core", "7.24.0", {
        resolved: reg("@babel/core", "7.24.0"),
        integrity: [sri("sha512", SHA512_A)],
        license: "MIT",
      }),
      pkg("node_modules/foo/node_modules/@babel/core", "@babel/core", "7.24.0", {
        resolved: reg("@babel/core", "7.24.0"),
        integrity: [sri("sha512", SHA512_A)],
      }),
      pkg("node_modules/foo", "foo", "1.0.0", {
        resolved: reg("foo", "1.0.0"),
        integrity: [sri("sha1", SHA1_B)],
        license: "(MIT OR Apache-2.0)",
      }),
      pkg("node_modules/string-width", "string-width", "4.2.3", { resolved: reg("string-width", "4.2.3") }),
      pkg("node_modules/string-width-cjs", "string-width", "4.2.3", {
        resolved: reg("string-width", "4.2.3"),
        aliases: ["string-width-cjs"],
      }),
      pkg("node_modules/grpc-reflection-js", "grpc-reflection-js", "0.3.0", {
        source: "git",
        resolved: `git+ssh://git@github.com/redhoyasa/grpc-reflection-js.git#${GIT_SHA}`,
        commit: GIT_SHA,
      }),
      pkg("node_modules/tarred", "tarred", "2.0.0", {
        source: "tarball",
        resolved: `https://codeload.github.com/acme/tarred/tar.gz/${GIT_SHA}`,
      }),
      pkg("node_modules/internal", "internal", "3.1.0", {
        resolved: "https://npm.acme.example/repository/npm/internal/-/internal-3.1.0.tgz",
        license: "SEE LICENSE IN LICENSE.txt",
      }),
      pkg("node_modules/local-thing", "local-thing", "0.0.1", { source: "file", resolved: "file:../local-thing" }),
      pkg("node_modules/vitest", "vitest", "2.0.0", { resolved: reg("vitest", "2.0.0"), dev: true }),
      pkg("node_modules/fsevents", "fsevents", "2.3.3", {
        resolved: reg("fsevents", "2.3.3"),
        optional: true,
        license: "mit",
      }),
    ],
    edges: [
      { from: "importer:.", to: "node_modules/@babel/core", name: "@babel/core", kind: "prod" },
      { from: "importer:.", to: "node_modules/foo", name: "foo", kind: "prod" },
      { from: "importer:.", to: "node_modules/vitest", name: "vitest", kind: "dev" },
      { from: "importer:.", to: "node_modules/fsevents", name: "fsevents", kind: "optional" },
      { from: "importer:.", to: "importer:packages/lib", name: "@acme/lib", kind: "prod" },
      { from: "importer:.", to: "node_modules/local-thing", name: "local-thing", kind: "prod" },
      { from: "node_modules/foo", to: "node_modules/foo/node_modules/@babel/core", name: "@babel/core", kind: "prod" },
      { from: "node_modules/foo", to: "node_modules/string-width-cjs", name: "string-width-cjs", kind: "prod" },
      { from: "importer:packages/lib", to: "node_modules/string-width", name: "string-width", kind: "prod" },
      {
        from: "importer:packages/lib",
        to: "node_modules/grpc-reflection-js",
        name: "grpc-reflection-js",
        kind: "prod",
      },
      { from: "importer:packages/lib", to: "node_modules/tarred", name: "tarred", kind: "prod" },
      { from: "importer:packages/lib", to: "node_modules/internal", name: "internal", kind: "prod" },
      { from: "node_modules/vitest", to: "node_modules/string-width", name: "string-width", kind: "prod" },
    ],
  };
}
