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
  /** bare name (after the scope) -> scoped targets with that name */
  scoped: Map<string, string[]>;
  /** length -> the targets of that length (edit candidates), in download order */
  byLength: Map<number, string[]>;
  rank: Map<string, number>;
}

let index: Index | undefined;

/** The popular names, most downloaded first (comment lines and blanks skipped). */
export function popularNames(): string[] {
  const text = readFileSync(new URL("../data/npm-popular.txt", import.meta.url), "utf8");
  return text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
}

const FOLD: Record<string, string> = {
  rn: "m",
  vv: "w",
  "0": "o",
  "1": "l",
  i: "l",
  "|": "l",
  "3": "e",
  "5": "s",
  "4": "a",
  "7": "t",
};

/** Separators and scope punctuation dropped, look-alike characters folded (one pass). */
export function skeleton(name: string): string {
  return name.toLowerCase().replace(/rn|vv|[-_./@013457i|]/g, (c) => FOLD[c] ?? "");
}

/** Whether a and b are exactly one edit apart (insert, delete, substitute, or swap two neighbours). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length)
    return (
      a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
    );
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
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
  const scoped = new Map<string, string[]>();
  const byLength = new Map<number, string[]>();
  const add = <K>(map: Map<K, string[]>, key: K, value: string) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  };
  for (const t of targets) {
    const sk = skeleton(t);
    if (!skeletons.has(sk)) skeletons.set(sk, t); // the more popular one wins
    if (t.startsWith("@")) add(scoped, t.slice(t.indexOf("/") + 1), t);
    if (t.length >= MIN_EDIT_LENGTH) add(byLength, t.length, t);
  }
  const rank = new Map(targets.map((t, i) => [t, i]));
  return { established: new Set(names), targets, skeletons, scoped, byLength, rank };
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
  // One edit away (targets one shorter, as long, one longer): the most popular such target.
  if (name.length >= MIN_EDIT_LENGTH - 1) {
    let best: string | undefined;
    for (const len of [name.length - 1, name.length, name.length + 1])
      for (const t of ix.byLength.get(len) ?? [])
        if (oneEditApart(t, name)) {
          if (best === undefined || (ix.rank.get(t) ?? 0) < (ix.rank.get(best) ?? 0)) best = t;
          break;
        }
    if (best !== undefined) return { target: best, how: "one edit" };
  }
  return undefined;
}
