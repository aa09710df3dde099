import type { DependencyKind, Edge, Lockfile } from "@rampart/lockfile";

export type Scope = "required" | "optional" | "excluded";

export interface Reach {
  /** Scope of every package or importer id reachable from the roots. */
  scopes: Map<string, Scope>;
  /** Outgoing edges by source id. */
  out: Map<string, Edge[]>;
}

/**
 * What the roots need and how badly: required through prod/peer edges alone, optional when every
 * path crosses an optional dependency, excluded (CycloneDX's word for dev-only) when every path
 * starts with a devDependency. Three breadth-first walks, each linear in the edges.
 */
export function computeReach(lockfile: Lockfile, roots: readonly string[]): Reach {
  const out = new Map<string, Edge[]>();
  for (const e of lockfile.edges) {
    const list = out.get(e.from);
    if (list === undefined) out.set(e.from, [e]);
    else list.push(e);
  }
  const all = walk(roots, out, () => true);
  const nonDev = walk(roots, out, (e) => e.kind !== "dev");
  const required = walk(roots, out, (e) => e.kind === "prod" || e.kind === "peer");
  const scopes = new Map<string, Scope>();
  for (const id of all) scopes.set(id, required.has(id) ? "required" : nonDev.has(id) ? "optional" : "excluded");
  return { scopes, out };
}

function walk(roots: readonly string[], out: Map<string, Edge[]>, follow: (e: Edge) => boolean): Set<string> {
  const seen = new Set<string>(roots);
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++) {
    for (const e of out.get(queue[i] as string) ?? []) {
      if (!follow(e) || seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return seen;
}

const SCOPE_RANK: Record<Scope, number> = { required: 3, optional: 2, excluded: 1 };
const KIND_RANK: Record<DependencyKind, number> = { prod: 4, peer: 3, optional: 2, dev: 1 };

export function strongerScope(a: Scope | undefined, b: Scope): Scope {
  return a === undefined || SCOPE_RANK[b] > SCOPE_RANK[a] ? b : a;
}

export function strongerKind(a: DependencyKind | undefined, b: DependencyKind): DependencyKind {
  return a === undefined || KIND_RANK[b] > KIND_RANK[a] ? b : a;
}
