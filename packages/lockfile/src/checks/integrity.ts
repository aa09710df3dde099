import { httpUrlPath } from "@rampart/core/redact";
import type { Lockfile, LockPackage } from "../model.js";
import { integrityCheck, sriStrength } from "../parse/integrity.js";
import { nameSuspects, recordedAliasEdges } from "../parse/suspects.js";
import type { FindingSink } from "./rules.js";

/** Integrity present and strong, and the resolved URL is the package it claims to be. (BLD-5) */
export function checkIntegrity(lockfile: Lockfile, sink: FindingSink): void {
  const packages = lockfile.packages;
  if (lockfile.format === "npm") checkNpmAliases(lockfile, sink);
  const suspects = nameSuspects(lockfile);
  // Only built when some entry is suspect: most lockfiles have none.
  const byId = suspects.length === 0 ? undefined : new Map(packages.map((p) => [p.id, p]));
  for (const suspect of suspects) {
    const pkg = byId?.get(suspect.id);
    if (pkg === undefined) continue;
    sink.add(
      "lockfile/name-mismatch",
      pkg,
      `the entry for ${suspect.declared} resolves to another package, ${pkg.id}`,
      {
        hint: "someone may have edited the lockfile to swap a package: delete the entry and reinstall",
        properties: { declared: suspect.declared },
      },
    );
  }
  for (const pkg of packages) {
    if (pkg.bundled === true) continue; // inside its parent's tarball: the parent's hash covers it
    if (pkg.source === "registry" || pkg.source === "tarball") checkHashes(pkg, sink);
    if (pkg.source === "registry" && !exactVersion(pkg.version)) {
      // A dist-tag or a range is what the package manager asks the registry for at install
      // time (npm fetches name@latest when an entry has no resolved URL): whatever it names then.
      sink.add(
        "lockfile/version-mismatch",
        pkg,
        `${pkg.name}@${pkg.version}: the lockfile pins no version, so the install takes whatever the registry names then`,
        { hint: "delete the entry and reinstall so the package manager records the exact version" },
      );
    }
    const resolved = pkg.resolved;
    if (resolved !== undefined && (resolved.startsWith("https://") || /^https?:\/\//i.test(resolved)))
      checkTarballUrl(pkg, resolved, sink);
  }
}

function checkHashes(pkg: LockPackage, sink: FindingSink) {
  if (pkg.integrity.length === 0) {
    // yarn berry writes no checksum for platform packages it did not fetch on the machine that
    // wrote the lockfile: a gap worth knowing, not evidence of tampering.
    const platformOnly = (pkg.os !== undefined || pkg.cpu !== undefined) && pkg.id.includes("@npm:");
    sink.add(
      "lockfile/missing-integrity",
      pkg,
      `${pkg.name}@${pkg.version} has no integrity hash, so any content would be accepted`,
      {
        hint: platformOnly
          ? "yarn records no checksum for platform packages it skipped; run `yarn install --check-cache` on each platform"
          : "delete the entry and reinstall so the package manager records the hash",
        ...(platformOnly ? { severity: "warning" as const } : {}),
      },
    );
    return;
  }
  const check = integrityCheck(pkg.integrity);
  if (check === "strong" || check === "cache") return;
  if (check === "none") {
    sink.add(
      "lockfile/missing-integrity",
      pkg,
      `${pkg.name}@${pkg.version} has no integrity hash the package manager can read ("sha512-<base64>"): it drops what it cannot parse, so any content would be accepted`,
      { hint: "delete the entry and reinstall so the package manager records the hash" },
    );
    return;
  }
  const weak = [...new Set(pkg.integrity.filter((i) => sriStrength(i) === "weak").map((i) => i.algorithm))];
  sink.add(
    "lockfile/weak-integrity",
    pkg,
    `${pkg.name}@${pkg.version} is pinned only by ${weak.sort().join(" and ")}, ${weak.every((a) => a === "sha1" || a === "md5") ? "which can be forged" : "not by sha256 or stronger"}`,
    { hint: "reinstall with a current npm/yarn to record sha512" },
  );
}

/**
 * Registry tarball URLs say which package they are: `<registry>/<name>/-/<unscoped>-<version>.tgz`.
 * A lockfile edited to point a name at another package's tarball is caught here.
 */
function checkTarballUrl(pkg: LockPackage, resolved: string, sink: FindingSink) {
  // The path as npm and pnpm fetch it (core's httpUrlPath: dot segments resolved, `%FF` a U+FFFD
  // that names no package, never a reason to skip the check).
  const path = httpUrlPath(resolved);
  if (path === undefined) return;
  const dash = path.lastIndexOf("/-/");
  if (dash < 0 || !path.endsWith(".tgz")) return;
  // The last two path segments before "/-/", without splitting the whole path.
  const lastSlash = path.lastIndexOf("/", dash - 1);
  const last = path.slice(lastSlash + 1, dash);
  const prev = lastSlash <= 0 ? "" : path.slice(path.lastIndexOf("/", lastSlash - 1) + 1, lastSlash);
  const urlName = prev.startsWith("@") ? `${prev}/${last}` : last;
  const file = path.slice(dash + 3, -".tgz".length);
  const unscoped = pkg.name.slice(pkg.name.indexOf("/") + 1);
  if (urlName !== pkg.name || !file.startsWith(`${unscoped}-`)) {
    sink.add(
      "lockfile/name-mismatch",
      pkg,
      `${pkg.name} resolves to the tarball of ${urlName || "another package"} (${resolved})`,
      {
        hint: "someone may have edited the lockfile to swap a package: delete the entry and reinstall",
        properties: { resolved, urlName },
      },
    );
    return;
  }
  const urlVersion = file.slice(unscoped.length + 1);
  if (urlVersion !== pkg.version && !/^[a-z+]+:/i.test(pkg.version)) {
    sink.add(
      "lockfile/version-mismatch",
      pkg,
      `${pkg.name}@${pkg.version} resolves to the tarball of version ${urlVersion}`,
      {
        hint: "the lockfile says one version and fetches another: delete the entry and reinstall",
        properties: { resolved, urlVersion },
      },
    );
  }
}

/**
 * npm writes an alias as an install path under one name holding a package with another `name`;
 * that is honest when some dependency asked for it (`"x": "npm:real@^1"`); peers then resolve to
 * it by name. An aliased install nothing asked for puts a different package under a trusted name.
 */
function checkNpmAliases(lockfile: Lockfile, sink: FindingSink) {
  // An edge reaches a package under another name only at an install path named for that other
  // name, which is exactly a package with `aliases`: the few candidates are found without a map
  // over every package, and most lockfiles have none.
  const candidates = new Map<string, LockPackage>();
  for (const pkg of lockfile.packages) if (pkg.aliases !== undefined) candidates.set(pkg.id, pkg);
  if (candidates.size === 0) return;
  // The npm readers record these edges (the lockfile may have been read without the package graph).
  const edges = recordedAliasEdges(lockfile) ?? lockfile.edges;
  const honest = new Set<string>();
  for (const edge of edges) {
    const pkg = candidates.get(edge.to);
    if (pkg !== undefined && (edge.spec ?? "").startsWith(`npm:${pkg.name}@`)) honest.add(pkg.id);
  }
  const reported = new Set<string>();
  for (const edge of edges) {
    const pkg = candidates.get(edge.to);
    if (pkg === undefined || pkg.name === edge.name || pkg.source !== "registry") continue;
    if (edge.kind === "peer" || honest.has(pkg.id) || reported.has(pkg.id)) continue;
    reported.add(pkg.id);
    sink.add(
      "lockfile/name-mismatch",
      pkg,
      `${edge.name}@${edge.spec ?? ""} is installed as ${pkg.name}@${pkg.version}, which nothing asked for`,
      {
        hint: "someone may have edited the lockfile to swap a package: delete the entry and reinstall",
        properties: { declared: edge.name, from: edge.from },
      },
    );
  }
}

/** An exact semver version (build metadata allowed), or an http(s) tarball URL (npm v1 writes one as the version). */
function exactVersion(version: string): boolean {
  return EXACT.test(version) || /^https?:\/\//i.test(version);
}

const IDENT = "(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)";
const EXACT = new RegExp(
  `^v?(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-${IDENT}(?:\\.${IDENT})*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`,
);
