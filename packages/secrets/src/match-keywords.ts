/**
 * The keyword prefilter: an Aho-Corasick automaton over all rules' keywords, compiled once into
 * a flat ASCII transition table. One pass over the text, case-insensitive without lower-casing
 * it, finds every keyword that occurs, whatever the number of keywords: scanning 700 keywords
 * with `includes` would read each text 700 times.
 */

const ASCII = 128;

export interface KeywordScanner {
  /** Indices (into the keyword list it was built from) of the keywords that occur in `text`. */
  scan(text: string): number[];
  /** `scan`, also recording where keywords end, for `positions`. */
  scanAll(text: string): Scanned;
  /** Ascending start positions of keyword `k` (its length `length`) in the scanned text. */
  positions(scanned: Scanned, k: number, length: number): number[];
}

export interface Scanned {
  hits: number[];
  /** Pairs (text index, state) for each entry into a state where keywords end. */
  events: Int32Array;
  count: number;
  /** The events' text indices grouped by state, built on the first `positions` call. */
  byState?: Map<number, number[]>;
}

/**
 * Characters that occur in no keyword share class 0; upper-case letters share their lower-case
 * letter's class. A small alphabet keeps the table small and quick to build (it is built on
 * every process start, which a pre-commit hook pays for).
 */
function charClasses(keywords: readonly string[]): { classOf: Uint8Array; width: number; shift: number } {
  // Indexed by any UTF-16 code unit, so the hot loop needs no range check.
  const classOf = new Uint8Array(65536);
  let width = 1;
  for (const kw of keywords) {
    for (let i = 0; i < kw.length; i++) {
      const c = kw.charCodeAt(i);
      if (c < ASCII && classOf[c] === 0) classOf[c] = width++;
    }
  }
  for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32] as number;
  // A power of two, so the hot loop can turn a table offset back into a state with a shift.
  let shift = 0;
  while (1 << shift < width) shift++;
  return { classOf, width: 1 << shift, shift };
}

/**
 * The automaton's parts that cost time to compute (trie edges, failure links, outputs), as plain
 * data: the built-in rules ship it precomputed, so a hook's start-up skips the ~15 ms it takes.
 */
export interface KeywordAutomaton {
  /** [parent, class, child] triples in creation order. */
  edges: number[];
  fail: number[];
  /** Keyword indices that end in each state, suffixes' outputs included. */
  out: number[][];
}

/** Builds the scanner. Keywords must be lower-case ASCII; matching ignores ASCII case. */
/**
 * `placed`: the keywords whose places `positions` will be asked for (default all). Only entries
 * into states where one of them ends are recorded: frequent keywords that only decide which
 * rules run ("==", "@") then cost the pass no writes.
 */
export function buildKeywordScanner(
  keywords: readonly string[],
  compiled?: KeywordAutomaton,
  placed?: readonly number[],
): KeywordScanner {
  const { classOf, width, shift } = charClasses(keywords);
  const trie = compiled ? fromAutomaton(compiled, width) : buildTrie(keywords, classOf, width);
  if (!compiled) linkFailures(trie, width);
  return makeScanner(trie, classOf, width, shift, keywords.length, placed);
}

/** Computes the automaton for `keywords` (what the rule generator stores). */
export function compileKeywordAutomaton(keywords: readonly string[]): KeywordAutomaton {
  const { classOf, width } = charClasses(keywords);
  const trie = buildTrie(keywords, classOf, width);
  linkFailures(trie, width);
  return { edges: trie.edges, fail: [...trie.fail], out: trie.out };
}

function fromAutomaton(a: KeywordAutomaton, width: number): Trie {
  const goto = new Int32Array(a.out.length * width).fill(-1);
  for (let i = 0; i < a.edges.length; i += 3) {
    goto[(a.edges[i] as number) * width + (a.edges[i + 1] as number)] = a.edges[i + 2] as number;
  }
  return { goto, edges: a.edges, out: a.out, fail: Int32Array.from(a.fail) };
}

interface Trie {
  /** Trie edges: state * width + class -> child state, or -1. */
  goto: Int32Array;
  /** Edges in creation order, as [parent, class, child] triples. */
  edges: number[];
  out: number[][];
  fail: Int32Array;
}

function buildTrie(keywords: readonly string[], classOf: Uint8Array, width: number): Trie {
  const maxStates = keywords.reduce((n, k) => n + k.length, 1);
  const goto = new Int32Array(maxStates * width).fill(-1);
  const out: number[][] = [[]];
  const edges: number[] = [];
  keywords.forEach((kw, index) => {
    let state = 0;
    for (let i = 0; i < kw.length; i++) {
      const c = kw.charCodeAt(i);
      if (c >= ASCII) return; // a non-ASCII keyword could never match this table
      const slot = state * width + (classOf[c] as number);
      if (goto[slot] === -1) {
        goto[slot] = out.length;
        edges.push(state, classOf[c] as number, out.length);
        out.push([]);
      }
      state = goto[slot] as number;
    }
    out[state]?.push(index);
  });
  return { goto, edges, out, fail: new Int32Array(out.length) };
}

/** The state reached from `state` on `cls`, following failure links where the trie has no edge. */
function step(trie: Trie, width: number, state: number, cls: number): number {
  for (let s = state; ; s = trie.fail[s] as number) {
    const t = trie.goto[s * width + cls] as number;
    if (t !== -1) return t;
    if (s === 0) return 0;
  }
}

/**
 * Failure links, breadth-first over the trie's edges only (never states x alphabet, which is
 * what makes building a full DFA up front slow); each state also inherits its suffixes' outputs.
 */
function linkFailures(trie: Trie, width: number): void {
  const children: number[][] = trie.out.map(() => []);
  for (let i = 0; i < trie.edges.length; i += 3) children[trie.edges[i] as number]?.push(i);
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const parent = queue[head] as number;
    for (const e of children[parent] as number[]) {
      const cls = trie.edges[e + 1] as number;
      const child = trie.edges[e + 2] as number;
      trie.fail[child] = parent === 0 ? 0 : step(trie, width, trie.fail[parent] as number, cls);
      const inherited = trie.out[trie.fail[child] as number] as number[];
      if (inherited.length > 0) trie.out[child]?.push(...inherited);
      queue.push(child);
    }
  }
}

// Transition entries not yet computed; the DFA fills itself in as texts are scanned.
const UNKNOWN = -0x80000000;

function makeScanner(
  trie: Trie,
  classOf: Uint8Array,
  width: number,
  shift: number,
  count: number,
  placed: readonly number[] | undefined,
): KeywordScanner {
  const states = trie.out.length;
  // Entries are pre-multiplied by the width; entering a state where a keyword ends is flagged
  // by a negative entry (bitwise not), so the hot loop reads one table per character.
  const table = new Int32Array(states * width).fill(UNKNOWN);
  const none = new Int32Array(0);
  const outputs = trie.out.map((o) => (o.length === 0 ? none : Int32Array.from(new Set(o))));
  const isPlaced = new Uint8Array(count).fill(placed === undefined ? 1 : 0);
  for (const k of placed ?? []) isPlaced[k] = 1;
  // States whose entries are recorded: where a keyword ends whose places are wanted.
  const record = new Uint8Array(states);
  for (let state = 0; state < states; state++) {
    for (const k of outputs[state] as Int32Array) if (isPlaced[k] === 1) record[state] = 1;
  }
  // The states where each keyword ends, in one pass over the outputs on first use.
  let endStates: number[][] | undefined;
  const statesOf = (k: number): number[] => {
    if (endStates === undefined) {
      const all: number[][] = Array.from({ length: count }, () => []);
      outputs.forEach((o, state) => {
        for (const kw of o) all[kw]?.push(state);
      });
      endStates = all;
    }
    return endStates[k] ?? [];
  };
  const visitedAt = new Uint32Array(states);
  const seenAt = new Uint32Array(count);
  let stamps = 0;
  const nextStamp = (): number => {
    if (stamps === 0xffffffff) {
      visitedAt.fill(0);
      seenAt.fill(0);
      stamps = 0;
    }
    return ++stamps;
  };
  const resolve = (offset: number, cls: number): number => {
    const target = step(trie, width, offset >> shift, cls);
    const v = (outputs[target] as Int32Array).length > 0 ? ~(target << shift) : target << shift;
    table[offset + cls] = v;
    return v;
  };
  return {
    scan(text: string): number[] {
      const seen = new Uint8Array(count);
      // Common keywords ("@", "token") end in the same states over and over: a state's outputs
      // are collected on its first visit, later visits cost one load.
      const visited = new Uint8Array(states);
      const hits: number[] = [];
      let at = 0;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        const cls = classOf[text.charCodeAt(i)] as number;
        let v = table[at + cls] as number;
        if (v === UNKNOWN) v = resolve(at, cls);
        if (v >= 0) {
          at = v;
          continue;
        }
        at = ~v;
        const state = at >> shift;
        if (visited[state] === 1) continue;
        visited[state] = 1;
        for (const k of outputs[state] as Int32Array) {
          if (seen[k] === 0) {
            seen[k] = 1;
            hits.push(k);
          }
        }
      }
      return hits;
    },
    scanAll(text: string): Scanned {
      // Stamped, not allocated per text: a state (keyword) counts as visited (seen) in this
      // text when it carries this text's stamp.
      const stamp = nextStamp();
      const hits: number[] = [];
      let events = new Int32Array(64);
      let n = 0;
      let at = 0;
      const len = text.length;
      for (let i = 0; i < len; i++) {
        const cls = classOf[text.charCodeAt(i)] as number;
        let v = table[at + cls] as number;
        if (v >= 0) {
          at = v;
          continue;
        }
        if (v === UNKNOWN) {
          v = resolve(at, cls);
          if (v >= 0) {
            at = v;
            continue;
          }
        }
        at = ~v;
        const state = at >> shift;
        if (record[state] === 1) {
          if (n + 2 > events.length) {
            const grown = new Int32Array(events.length * 4);
            grown.set(events);
            events = grown;
          }
          events[n++] = i;
          events[n++] = state;
        }
        if (visitedAt[state] === stamp) continue;
        visitedAt[state] = stamp;
        for (const k of outputs[state] as Int32Array) {
          if (seenAt[k] !== stamp) {
            seenAt[k] = stamp;
            hits.push(k);
          }
        }
      }
      return { hits, events, count: n };
    },
    positions(scanned: Scanned, k: number, length: number): number[] {
      // Places of other keywords were not recorded: an answer would be wrong, not empty.
      if (isPlaced[k] !== 1) throw new Error(`the places of keyword ${k} were not recorded`);
      // One pass over the events groups them by state; each keyword then reads only the states
      // it ends in (rules share frequent keywords, and many rules ask for positions).
      let byState = scanned.byState;
      if (byState === undefined) {
        byState = new Map();
        const { events, count: n } = scanned;
        for (let e = 0; e < n; e += 2) {
          const state = events[e + 1] as number;
          const list = byState.get(state);
          if (list === undefined) byState.set(state, [events[e] as number]);
          else list.push(events[e] as number);
        }
        scanned.byState = byState;
      }
      const out: number[] = [];
      let lists = 0;
      for (const state of statesOf(k)) {
        const ends = byState.get(state);
        if (ends === undefined) continue;
        lists++;
        for (const end of ends) out.push(end - length + 1);
      }
      return lists > 1 ? out.sort((a, b) => a - b) : out;
    },
  };
}
