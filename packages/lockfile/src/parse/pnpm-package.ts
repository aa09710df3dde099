import type { LockPackage } from "../model.js";
import { asString, asStringArray, isRecord } from "./errors.js";
import { parseSri } from "./integrity.js";
import { classifyResolved, newPackage, splitNameAt } from "./source.js";

export type KeyStyle = "v5" | "v6" | "v9";
type Entry = Record<string, unknown>;

/** Keys a dependency reference (`name: ref`) may point at, most specific first. */
export function refCandidates(name: string, ref: string, style: KeyStyle): string[] {
  if (style === "v9") return [`${name}@${ref}`, ref];
  if (style === "v6") return [`/${name}@${ref}`, ref, `/${ref}`];
  return [`/${name}/${ref}`, ref, `/${ref}`];
}

/** Name and version from a key: "/a/1.0.0_peer" (v5), "/a@1.0.0(peer)" (v6), "a@1.0.0(peer)" (v9). */
export function parseKey(key: string, style: KeyStyle): { name: string; version: string; base: string } {
  const paren = key.indexOf("(");
  let base = paren < 0 ? key : key.slice(0, paren);
  if (style === "v5" && base.startsWith("/")) {
    const slash = base.lastIndexOf("/");
    const underscore = base.indexOf("_", slash);
    const version = base.slice(slash + 1, underscore < 0 ? undefined : underscore);
    return { name: base.slice(1, slash), version, base: underscore < 0 ? base : base.slice(0, underscore) };
  }
  if (style === "v6" && base.startsWith("/")) base = base.slice(1);
  if (!/^(@[^/@]+\/)?[^/@]+@/.test(base)) return { name: "", version: base, base };
  const [name, version] = splitNameAt(base);
  return { name, version, base };
}

/**
 * One model package from a graph entry (v5/v6 `packages`, v9 `snapshots`) and, for v9, the metadata
 * entry in `packages` that its peer-free key names.
 */
export function makePackage(
  key: string,
  graph: Entry,
  style: KeyStyle,
  meta: Entry | undefined,
  patches: Map<string, string>,
) {
  const parsed = parseKey(key, style);
  // v9: the snapshot's fields over its metadata entry's (what `{ ...meta, ...snapshot }` would
  // hold), read field by field instead of copying both entries into a new object per package.
  const metaEntry = meta === undefined ? undefined : ((meta[parsed.base] as Entry | undefined) ?? {});
  const get = (field: string): unknown =>
    metaEntry === undefined || Object.hasOwn(graph, field) ? graph[field] : metaEntry[field];
  const name = asString(get("name")) ?? parsed.name;
  const version = asString(get("version")) ?? parsed.version;
  const r = get("resolution");
  const resolution = isRecord(r) ? r : {};
  const { resolved, source } = describeResolution(resolution, version);
  const pkg: LockPackage = newPackage(key, name, version, source);
  if (resolved !== undefined) pkg.resolved = resolved;
  pkg.integrity = parseSri(asString(resolution.integrity));
  const commit = asString(resolution.commit);
  if (commit !== undefined) pkg.commit = commit;
  pkg.dev = yes(get("dev"));
  pkg.optional = yes(get("optional"));
  pkg.hasInstallScript = yes(get("requiresBuild"));
  for (const field of ["os", "cpu", "libc"] as const) {
    const values = asStringArray(get(field));
    if (values !== undefined) pkg[field] = values;
  }
  const license = asString(get("license"));
  if (license !== undefined) pkg.license = license;
  const patch = key.includes("patch_hash=") ? (patches.get(`${name}@${version}`) ?? patches.get(name)) : undefined;
  if (patch !== undefined) pkg.patch = { of: parsed.base, path: patch };
  return pkg;
}

function describeResolution(resolution: Entry, version: string): { resolved?: string; source: LockPackage["source"] } {
  const tarball = asString(resolution.tarball);
  if (tarball !== undefined) return { resolved: tarball, source: classifyResolved(tarball) };
  const directory = asString(resolution.directory);
  if (directory !== undefined) return { resolved: `file:${directory}`, source: "file" };
  const repo = asString(resolution.repo);
  if (resolution.type === "git" || repo !== undefined) {
    const commit = asString(resolution.commit);
    return { resolved: `${repo ?? ""}${commit === undefined ? "" : `#${commit}`}`, source: "git" };
  }
  // A registry package: pnpm leaves the URL to the configured registry.
  if (/^(file:|link:)/.test(version)) return { resolved: version, source: classifyResolved(version) };
  return { source: "registry" };
}

/**
 * A boolean field as pnpm reads it: `true`, and `True`/`TRUE`, which both pnpm 10 (js-yaml) and
 * pnpm 12 read as true for a boolean (the readers here keep them as text): `requiresBuild: TRUE`
 * was no install script.
 */
function yes(value: unknown): boolean {
  return value === true || value === "True" || value === "TRUE";
}
