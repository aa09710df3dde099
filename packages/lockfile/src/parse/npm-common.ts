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

/** Node's lookup: `<from>/node_modules/<name>`, then each ancestor's, then the root's. */
export function resolveNodeModules(byKey: Map<string, unknown>, fromKey: string, name: string): string | undefined {
  let base = fromKey;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (byKey.has(candidate)) return candidate;
    if (base === "") return undefined;
    const i = base.lastIndexOf("/node_modules/");
    base = i >= 0 ? base.slice(0, i) : "";
  }
}
