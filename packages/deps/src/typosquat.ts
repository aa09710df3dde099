import { readFileSync } from "node:fs";

/**
 * Typosquat names: a package name one edit (insert, delete, substitute, swap two neighbours)
 * from a popular npm name, or equal to one once separators, scope punctuation and look-alike
 * characters are set aside (`lodash.js`/`lo-dash`, `@types/node`/`types-node`, `l0dash`,
 * `rnocha`), or a popular name under a look-alike scope (`@bable/core`).
 *
 * The names come from data/npm-popular.txt (its header says the source and date): the first
 * TARGETS (most downloaded) are what squatters copy; every listed name is established, so never
 * itself a squat (`react-dom` is not a typo of `react-dnd`).
 */
const TARGETS = 3000;
/** Shorter names are too dense for edit distance (`ms`, `qs`, `ws` are all real): skeletons only. */
const MIN_EDIT_LENGTH = 5;

export interface Squat {
  target: string;
  how: "one edit" | "separators" | "look-alike characters" | "scope";
}

interface Index {
  established: Set<string>;
  targets: string[];
  /** skeleton -> target */
  skeletons: Map<string, string>;
  /** a target and each of its one-character deletions -> targets */
  deletions: Map<string, string[]>;
  /** bare name (after the scope) -> scoped targets with that name */
  scoped: Map<string, string[]>;
  rank: Map<string, number>;
}

let index: Index | undefined;

/** The popular names, most downloaded first (comment lines and blanks skipped). */
export function popularNames(): string[] {
  const text = readFileSync(new URL("../data/npm-popular.txt", import.meta.url), "utf8");
  return text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
}

/** Separators and scope punctuation dropped, look-alike characters folded. */
export function skeleton(name: string): string {
  return name
    .toLowerCase()
    .replace(/[-_./@]/g, "")
    .replace(/rn/g, "m")
    .replace(/vv/g, "w")
    .replace(/[0]/g, "o")
    .replace(/[1i|]/g, "l")
    .replace(/3/g, "e")
    .replace(/5/g, "s")
    .replace(/4/g, "a")
    .replace(/7/g, "t");
}

function deletionsOf(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.slice(0, i) + s.slice(i + 1));
  return out;
}

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

function buildIndex(names: string[]): Index {
  const targets = names.slice(0, TARGETS);
  const skeletons = new Map<string, string>();
  const deletions = new Map<string, string[]>();
  const scoped = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  };
  for (const t of targets) {
    const sk = skeleton(t);
    if (!skeletons.has(sk)) skeletons.set(sk, t); // the more popular one wins
    if (t.length >= MIN_EDIT_LENGTH) for (const k of [t, ...deletionsOf(t)]) add(deletions, k, t);
    if (t.startsWith("@")) add(scoped, t.slice(t.indexOf("/") + 1), t);
  }
  const rank = new Map(targets.map((t, i) => [t, i]));
  return { established: new Set(names), targets, skeletons, deletions, scoped, rank };
}

/** Whether `name` looks like a squat of a popular name (and which), from the shipped list or `names`. */
export function typosquatOf(name: string, names?: string[]): Squat | undefined {
  if (names === undefined && index === undefined) index = buildIndex(popularNames());
  const ix = names === undefined ? (index as Index) : buildIndex(names);
  if (ix.established.has(name)) return undefined;
  // Separators, scope punctuation and look-alikes.
  const target = ix.skeletons.get(skeleton(name));
  if (target !== undefined && target !== name) {
    const plain = (s: string) => s.toLowerCase().replace(/[-_./@]/g, "");
    if (plain(target) !== plain(name)) return { target, how: "look-alike characters" };
    const scopeOf = (s: string) => (s.startsWith("@") ? s.slice(0, s.indexOf("/")) : "");
    return { target, how: scopeOf(target) === scopeOf(name) ? "separators" : "scope" };
  }
  // A popular scoped name under another, look-alike scope: @bable/core for @babel/core.
  if (name.startsWith("@")) {
    const slash = name.indexOf("/");
    const scope = name.slice(1, slash);
    for (const t of ix.scoped.get(name.slice(slash + 1)) ?? []) {
      const tScope = t.slice(1, t.indexOf("/"));
      if (tScope !== scope && (editDistance(tScope, scope) <= 1 || skeleton(tScope) === skeleton(scope)))
        return { target: t, how: "scope" };
    }
  }
  // One edit away.
  if (name.length >= MIN_EDIT_LENGTH - 1) {
    const hits = new Set<string>();
    for (const k of [name, ...deletionsOf(name)]) for (const t of ix.deletions.get(k) ?? []) hits.add(t);
    const byRank = [...hits].sort((a, b) => (ix.rank.get(a) ?? 0) - (ix.rank.get(b) ?? 0));
    for (const t of byRank)
      if (t !== name && Math.min(t.length, name.length) >= MIN_EDIT_LENGTH - 1 && editDistance(t, name) === 1)
        return { target: t, how: "one edit" };
  }
  return undefined;
}
