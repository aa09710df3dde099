import type { LockPackage } from "../model.js";
import { asString, asStringArray } from "./errors.js";
import { gitCommit } from "./source.js";

/** license, os/cpu/libc and the git commit: the same fields in every npm lockfile version. */
export function fillCommon(pkg: LockPackage, entry: Record<string, unknown>): void {
  const license = asString(entry.license);
  if (license !== undefined) pkg.license = license;
  const os = asStringArray(entry.os);
  if (os !== undefined) pkg.os = os;
  const cpu = asStringArray(entry.cpu);
  if (cpu !== undefined) pkg.cpu = cpu;
  const libc = asStringArray(entry.libc);
  if (libc !== undefined) pkg.libc = libc;
  if (pkg.source === "git" && pkg.resolved !== undefined) {
    const commit = gitCommit(pkg.resolved);
    if (commit !== undefined) pkg.commit = commit;
  }
}

/**
 * Install paths that have packages nested under them (`a` for `a/node_modules/b`): the lookup
 * below only tries `<base>/node_modules/<name>` at those, so most tries build no string at all.
 */
export function nestingParents(keys: Iterable<string>): Set<string> {
  const parents = new Set<string>();
  for (const key of keys) {
    const i = key.lastIndexOf("/node_modules/");
    if (i > 0) parents.add(key.slice(0, i));
  }
  return parents;
}

/**
 * Node's lookup: `<from>/node_modules/<name>`, then each ancestor's, then the root's. With
 * `parents` (from nestingParents over the same keys), levels nothing is nested under are skipped.
 * With `roots`, the root level's answer for each name is remembered there (null: none): most
 * lookups end at the root, and a name then costs one lookup of the name itself (a JSON key, whose
 * hash V8 keeps) instead of a new `node_modules/<name>` string, hashed for the lookup, per edge.
 */
export function resolveNodeModules(
  byKey: Map<string, unknown>,
  fromKey: string,
  name: string,
  parents?: Set<string>,
  roots?: Map<string, string | null>,
): string | undefined {
  let base = fromKey;
  for (;;) {
    if (base === "") {
      const known = roots?.get(name);
      if (known !== undefined) return known ?? undefined;
      const candidate = `node_modules/${name}`;
      const found = byKey.has(candidate) ? candidate : undefined;
      roots?.set(name, found ?? null);
      return found;
    }
    if (parents === undefined || parents.has(base)) {
      const candidate = `${base}/node_modules/${name}`;
      if (byKey.has(candidate)) return candidate;
    }
    const i = base.lastIndexOf("/node_modules/");
    base = i >= 0 ? base.slice(0, i) : "";
  }
}
