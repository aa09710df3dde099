import type { Edge, Lockfile } from "../model.js";

/**
 * Sets `dev` and/or `optional` from reachability, for formats that do not record them (pnpm v9,
 * yarn): a package is dev when no importer reaches it through non-dev dependencies, optional when
 * every path to it crosses an optional edge. Two breadth-first walks, each linear in edges.
 */
export function computeReachabilityFlags(lockfile: Lockfile, which: { dev: boolean; optional: boolean }): void {
  const out = new Map<string, Edge[]>();
  for (const e of lockfile.edges) {
    const list = out.get(e.from);
    if (list === undefined) out.set(e.from, [e]);
    else list.push(e);
  }
  const importerIds = lockfile.importers.map((i) => i.id);
  if (which.dev) {
    const nonDev = walk(importerIds, out, (e) => e.kind !== "dev");
    for (const p of lockfile.packages) p.dev = !nonDev.has(p.id);
  }
  if (which.optional) {
    const required = walk(importerIds, out, (e) => e.kind !== "optional");
    for (const p of lockfile.packages) p.optional = !required.has(p.id);
  }
}

function walk(roots: string[], out: Map<string, Edge[]>, follow: (e: Edge) => boolean): Set<string> {
  const seen = new Set<string>(roots);
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++) {
    const edges = out.get(queue[i] as string);
    if (edges === undefined) continue;
    for (const e of edges) {
      if (!follow(e) || seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return seen;
}
