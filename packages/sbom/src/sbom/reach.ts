import type { DependencyKind, Lockfile } from "@rampart/lockfile";

export type Scope = "required" | "optional" | "excluded";

export interface Reach {
  /** Scope of every package or importer id reachable from the roots. */
  scopes: Map<string, Scope>;
}

/** An edge kind the model may add later: followed as `kind !== "dev"` and not as prod/peer would. */
const FOLLOW_OTHER = 0b011;
/** Walks that follow an edge of each kind, one bit each: 1 reaches everything, 2 avoids dev edges, 4 follows prod/peer only. */
const FOLLOWED_BY: Record<DependencyKind, number> = { prod: 0b111, peer: 0b111, optional: 0b011, dev: 0b001 };

/**
 * What the roots need and how badly: required through prod/peer edges alone, optional when every
 * path crosses an optional dependency, excluded (CycloneDX's word for dev-only) when every path
 * starts with a devDependency. Three breadth-first walks, each linear in the edges, over integer
 * ids (thousands of ids, each hashed once instead of once per walk and edge).
 */
export function computeReach(lockfile: Lockfile, roots: readonly string[]): Reach {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const number = (id: string): number => {
    let n = index.get(id);
    if (n === undefined) {
      n = ids.length;
      index.set(id, n);
      ids.push(id);
    }
    return n;
  };
  const rootNumbers = roots.map(number);
  const out: Array<Array<number>> = [];
  for (const e of lockfile.edges) {
    const from = number(e.from);
    // Pairs: target number, walks that follow the edge.
    const list = out[from] ?? [];
    out[from] = list;
    list.push(number(e.to), FOLLOWED_BY[e.kind] ?? FOLLOW_OTHER);
  }
  const reached = new Uint8Array(ids.length);
  for (const bit of [0b001, 0b010, 0b100]) walk(rootNumbers, out, bit, reached);
  const scopes = new Map<string, Scope>();
  for (let n = 0; n < ids.length; n++) {
    const r = reached[n] as number;
    if (r & 0b001) scopes.set(ids[n] as string, r & 0b100 ? "required" : r & 0b010 ? "optional" : "excluded");
  }
  return { scopes };
}

/** Marks `bit` in `reached` for every id reachable from the roots through edges that carry `bit`. */
function walk(roots: readonly number[], out: Array<Array<number>>, bit: number, reached: Uint8Array): void {
  const queue: number[] = [];
  for (const r of roots) {
    if ((reached[r] as number) & bit) continue;
    reached[r] = (reached[r] as number) | bit;
    queue.push(r);
  }
  for (let i = 0; i < queue.length; i++) {
    const list = out[queue[i] as number];
    if (list === undefined) continue;
    for (let j = 0; j < list.length; j += 2) {
      const to = list[j] as number;
      if (((list[j + 1] as number) & bit) === 0 || (reached[to] as number) & bit) continue;
      reached[to] = (reached[to] as number) | bit;
      queue.push(to);
    }
  }
}

const SCOPE_RANK: Record<Scope, number> = { required: 3, optional: 2, excluded: 1 };
const KIND_RANK: Record<DependencyKind, number> = { prod: 4, peer: 3, optional: 2, dev: 1 };

export function strongerScope(a: Scope | undefined, b: Scope): Scope {
  return a === undefined || SCOPE_RANK[b] > SCOPE_RANK[a] ? b : a;
}

export function strongerKind(a: DependencyKind | undefined, b: DependencyKind): DependencyKind {
  return a === undefined || KIND_RANK[b] > KIND_RANK[a] ? b : a;
}
