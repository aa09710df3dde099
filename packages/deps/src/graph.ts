import type { Lockfile } from "@rampart/lockfile";

export interface Reach {
  /** Package names from the direct dependency down to the package itself. */
  chain: string[];
  direct: boolean;
}

/** The shortest dependency chain from an importer to each package (breadth first over the edges). */
export function reachability(lockfile: Lockfile): Map<string, Reach> {
  const out = new Map<string, Reach>();
  const names = new Map(lockfile.packages.map((p) => [p.id, p.name]));
  const next = new Map<string, string[]>();
  for (const e of lockfile.edges) {
    const list = next.get(e.from);
    if (list === undefined) next.set(e.from, [e.to]);
    else list.push(e.to);
  }
  let frontier: string[] = [];
  for (const imp of lockfile.importers) {
    for (const d of imp.dependencies) {
      if (d.resolvesTo === undefined || out.has(d.resolvesTo) || !names.has(d.resolvesTo)) continue;
      out.set(d.resolvesTo, { chain: [names.get(d.resolvesTo) as string], direct: true });
      frontier.push(d.resolvesTo);
    }
  }
  for (const imp of lockfile.importers) {
    for (const to of next.get(imp.id) ?? []) {
      if (out.has(to) || !names.has(to)) continue;
      out.set(to, { chain: [names.get(to) as string], direct: true });
      frontier.push(to);
    }
  }
  while (frontier.length > 0) {
    const following: string[] = [];
    for (const id of frontier) {
      const chain = (out.get(id) as Reach).chain;
      for (const to of next.get(id) ?? []) {
        if (out.has(to) || !names.has(to)) continue;
        out.set(to, { chain: [...chain, names.get(to) as string], direct: false });
        following.push(to);
      }
    }
    frontier = following;
  }
  return out;
}
