/**
 * The keyword prefilter: an Aho-Corasick automaton over all rules' keywords, compiled once into
 * a flat ASCII transition table. One pass over the text, case-insensitive without lower-casing
 * it, finds every keyword that occurs, whatever the number of keywords: scanning 700 keywords
 * with `includes` would read each text 700 times.
 */

import { isAscii } from "node:buffer";
import { ByteLoop } from "./match-wasm.js";

const ASCII = 128;

export interface KeywordScanner {
  /** Indices (into the keyword list it was built from) of the keywords that occur in `text`. */
  scan(text: string): number[];
  /** `scan`, also recording where keywords end, for `positions`. */
  scanAll(text: string): Scanned;
  /**
   * `scanAll` over bytes, one character per byte (what scanAll finds in the bytes read as
   * Latin-1): for a text that is its bytes one to one, the same hits and places, without the
   * text. Runs in WebAssembly (match-wasm.ts) where it can.
   */
  scanBytes(bytes: Uint8Array): Scanned;
  /** Ascending start positions of keyword `k` (its length `length`) in the scanned text. */
  positions(scanned: Scanned, k: number, length: number): Places;
  /** How many places `positions` would give for keyword `k`, without listing them. */
  count(scanned: Scanned, k: number): number;
}

/**
 * Places in a text, ascending: an array, or a typed array when they were sorted (a typed array
 * sorts numbers natively, where an array's sort calls a comparison back for each pair).
 */
export type Places = readonly number[] | Int32Array;

export interface Scanned {
  hits: number[];
  /** Pairs (text index, state) for each entry into a state where keywords end. */
  events: Int32Array;
  count: number;
  /** The events' text indices grouped by state, built on the first `positions` call. */
  byState?: ByState;
}

/**
 * Events grouped by state (a counting sort, one pass to count and one to place): the text
 * indices of state s's events are `places[from .. to - 1]`, ascending, with [from, to] in
 * `spans` (only states entered in this text).
 */
interface ByState {
  places: Int32Array;
  spans: Map<number, [number, number]>;
}

/** Bytes per block toTextPlaces checks for ASCII at once (a power of two). */
const ASCII_BLOCK = 4096;

/**
 * Moves the places of a pass over valid UTF-8 bytes (scanBytes) to where they are in the text
 * those bytes decode to. A place is a keyword's last byte (ASCII), which is one character; before
 * it, each byte that continues a character (0x80-0xBF) is no character of its own and each
 * four-byte character is two (a surrogate pair). The bytes before the last place are counted
 * once, as the places ascend, with nothing allocated but a view per block: blocks of ASCII are
 * passed over natively, the others read byte by byte.
 */
export function toTextPlaces(scanned: Scanned, bytes: Uint8Array): void {
  const { events, count } = scanned;
  let shift = 0;
  let i = 0; // the bytes before i are counted in shift
  let checked = -1; // the block last checked for ASCII, and what it is
  let ascii = false;
  for (let e = 0; e < count; e += 2) {
    const place = events[e] as number;
    while (i < place) {
      const block = Math.floor(i / ASCII_BLOCK);
      const blockEnd = Math.min(bytes.length, (block + 1) * ASCII_BLOCK);
      if (block !== checked) {
        checked = block;
        ascii = isAscii(bytes.subarray(block * ASCII_BLOCK, blockEnd));
      }
      const stop = Math.min(place, blockEnd);
      if (ascii) {
        i = stop;
        continue;
      }
      for (; i < stop; i++) {
        const x = bytes[i] as number;
        if (x < 0x80) continue;
        if (x < 0xc0) shift++;
        else if (x >= 0xf0) shift--;
      }
    }
    events[e] = place - shift;
  }
}

/**
 * Characters that occur in no keyword share class 0; upper-case letters share their lower-case
 * letter's class. A small alphabet keeps the DFA table small.
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
 * The automaton's parts that cost time to compute (trie edges, failure links, outputs), as typed
 * arrays: the built-in rules ship it precomputed (packAutomaton, in the build's table), so a
 * hook's start-up skips the ~15 ms it takes to compute and builds no per-state table up front.
 */
export interface KeywordAutomaton {
  /** Number of states; state 0 is the root. */
  states: number;
  /** State s's trie edges are entries childStart[s] .. childStart[s + 1] - 1 of childClass/childState. */
  childStart: Int32Array;
  childClass: Int32Array;
  childState: Int32Array;
  /** Failure link of each state (the longest proper suffix that is a trie state). */
  fail: Int32Array;
  /** Keyword indices that end in state s (suffixes' included, each once): outList[outStart[s] .. outStart[s + 1] - 1]. */
  outStart: Int32Array;
  outList: Int32Array;
  /** The outputs inverted: the states where keyword k ends are endList[endStart[k] .. endStart[k + 1] - 1], ascending. */
  endStart: Int32Array;
  endList: Int32Array;
  /** Each ASCII character's class (charClasses); other characters are class 0. */
  classes: Int32Array;
}

/** Builds the scanner. Keywords must be lower-case ASCII; matching ignores ASCII case. */
/**
 * `compiled`: the automaton for exactly these keywords (compileKeywordAutomaton), when the
 * caller has it precomputed. `placed`: the keywords whose places `positions` will be asked for
 * (default all). Only entries into states where one of them ends are recorded: frequent keywords
 * that only decide which rules run ("==", "@") then cost the pass no writes.
 */
export function buildKeywordScanner(
  keywords: readonly string[],
  compiled?: KeywordAutomaton,
  placed?: readonly number[],
): KeywordScanner {
  let depth = 1;
  for (const k of keywords) depth = Math.max(depth, k.length);
  return makeScanner(compiled ?? compileKeywordAutomaton(keywords), keywords.length, placed, depth);
}

/** Computes the automaton for `keywords` (what the rule generator stores). */
export function compileKeywordAutomaton(keywords: readonly string[]): KeywordAutomaton {
  const { classOf, width } = charClasses(keywords);
  const trie = breadthFirst(buildTrie(keywords, classOf, width), width);
  linkFailures(trie, width);
  const states = trie.out.length;
  // Edges grouped by parent, ascending class.
  const order: number[] = [];
  for (let i = 0; i < trie.edges.length; i += 3) order.push(i);
  order.sort(
    (a, b) =>
      (trie.edges[a] as number) - (trie.edges[b] as number) ||
      (trie.edges[a + 1] as number) - (trie.edges[b + 1] as number),
  );
  const childStart = new Int32Array(states + 1);
  const childClass = new Int32Array(order.length);
  const childState = new Int32Array(order.length);
  order.forEach((e, j) => {
    const slot = (trie.edges[e] as number) + 1;
    childStart[slot] = (childStart[slot] as number) + 1;
    childClass[j] = trie.edges[e + 1] as number;
    childState[j] = trie.edges[e + 2] as number;
  });
  for (let s = 0; s < states; s++) childStart[s + 1] = (childStart[s + 1] as number) + (childStart[s] as number);
  const outs = trie.out.map((o) => [...new Set(o)]);
  const outStart = new Int32Array(states + 1);
  outs.forEach((o, s) => {
    outStart[s + 1] = (outStart[s] as number) + o.length;
  });
  const outList = Int32Array.from(outs.flat());
  // Inverted: per keyword, the states it ends in, in state order.
  const ends: number[][] = keywords.map(() => []);
  outs.forEach((o, state) => {
    for (const k of o) ends[k]?.push(state);
  });
  const endStart = new Int32Array(keywords.length + 1);
  ends.forEach((e, k) => {
    endStart[k + 1] = (endStart[k] as number) + e.length;
  });
  const endList = Int32Array.from(ends.flat());
  const classes = Int32Array.from(classOf.subarray(0, ASCII));
  return { states, childStart, childClass, childState, fail: trie.fail, outStart, outList, endStart, endList, classes };
}

const PACK_VERSION = 1;
const PARTS = [
  "childStart",
  "childClass",
  "childState",
  "fail",
  "outStart",
  "outList",
  "endStart",
  "endList",
  "classes",
] as const;

/** The automaton as one base64 string (little-endian 32-bit words: a header, then each array). */
export function packAutomaton(a: KeywordAutomaton): string {
  const header = [PACK_VERSION, a.states, ...PARTS.map((p) => a[p].length)];
  const words = new Int32Array(header.length + PARTS.reduce((n, p) => n + a[p].length, 0));
  words.set(header);
  let at = header.length;
  for (const p of PARTS) {
    words.set(a[p], at);
    at += a[p].length;
  }
  return Buffer.from(words.buffer, words.byteOffset, words.byteLength).toString("base64");
}

/** packAutomaton's string back as typed arrays (views of one buffer), or undefined when it is not one. */
export function unpackAutomaton(packed: string): KeywordAutomaton | undefined {
  const bytes = Buffer.from(packed, "base64");
  if (bytes.length % 4 !== 0 || bytes.length < 4 * (2 + PARTS.length)) return undefined;
  // A copy when the decoded bytes do not start on a word boundary (small buffers come from a pool).
  const buffer = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  const words = new Int32Array(buffer.buffer, buffer.byteOffset, buffer.length / 4);
  if (words[0] !== PACK_VERSION) return undefined;
  const states = words[1] as number;
  const lengths = PARTS.map((_, i) => words[2 + i] as number);
  if (lengths.reduce((n, l) => n + l, 2 + PARTS.length) !== words.length) return undefined;
  let at = 2 + PARTS.length;
  const parts = lengths.map((l) => {
    const view = words.subarray(at, at + l);
    at += l;
    return view;
  });
  const [childStart, childClass, childState, fail, outStart, outList, endStart, endList, classes] =
    parts as Int32Array[] as [
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
      Int32Array,
    ];
  if (childStart.length !== states + 1 || outStart.length !== states + 1 || fail.length !== states) return undefined;
  if (classes.length !== ASCII || endList.length !== outList.length) return undefined;
  return { states, childStart, childClass, childState, fail, outStart, outList, endStart, endList, classes };
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

/**
 * The trie with its states numbered breadth-first (the root, then every state one character
 * deep, ...; siblings by class). The scanners' tables have a row per state: shallow states,
 * which text visits nearly all the time, then share a few memory pages instead of being spread
 * over the whole table in the order keywords were added (the byte loop's pass over the tree's
 * text took ~7% less CPU).
 */
function breadthFirst(trie: Trie, width: number): Trie {
  const states = trie.out.length;
  const children: number[][] = trie.out.map(() => []);
  for (let i = 0; i < trie.edges.length; i += 3) children[trie.edges[i] as number]?.push(i);
  const id = new Int32Array(states).fill(-1);
  const order = [0];
  id[0] = 0;
  for (let head = 0; head < order.length; head++) {
    const edges = (children[order[head] as number] as number[]).sort(
      (a, b) => (trie.edges[a + 1] as number) - (trie.edges[b + 1] as number),
    );
    for (const e of edges) {
      const child = trie.edges[e + 2] as number;
      id[child] = order.length;
      order.push(child);
    }
  }
  const goto = new Int32Array(states * width).fill(-1);
  const edges: number[] = [];
  for (let i = 0; i < trie.edges.length; i += 3) {
    const parent = id[trie.edges[i] as number] as number;
    const cls = trie.edges[i + 1] as number;
    const child = id[trie.edges[i + 2] as number] as number;
    goto[parent * width + cls] = child;
    edges.push(parent, cls, child);
  }
  const out = order.map((old) => trie.out[old] as number[]);
  return { goto, edges, out, fail: new Int32Array(states) };
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

/** A scanner's per-process working state (see makeScanner). */
interface Live {
  /** Each UTF-16 code unit's class. */
  classOf: Uint8Array;
  /** Per state and keyword, the stamp of the last text it was visited or seen in; `stamps` counts texts. */
  visitedAt: Uint32Array;
  seenAt: Uint32Array;
  stamps: number;
  /** Per state, an event count while grouping one text's events (zero between texts). */
  tally: Int32Array;
}

/**
 * The scanner runs a DFA whose table fills itself in as texts are scanned: entry (row, class) is
 * computed from the trie and the failure links the first time a text takes it. Rows are states
 * plus one, so that 0 means "not computed yet": the table starts as a zero-filled array, which
 * costs nothing to make (the system hands out zero pages), where filling ~1.2 M entries with a
 * marker cost a hook's start-up milliseconds for a text that touches a few hundred of them.
 * An entry is the next row's offset (row << shift), bitwise negated when a keyword ends there.
 */
function makeScanner(
  a: KeywordAutomaton,
  count: number,
  placed: readonly number[] | undefined,
  depth: number,
): KeywordScanner {
  const { states, childStart, childClass, childState, fail, outStart, outList, endStart, endList } = a;
  if (endStart.length !== count + 1)
    throw new Error(`the automaton is for ${endStart.length - 1} keywords, not ${count}`);
  let width = 1;
  for (const c of a.classes) if (c >= width) width = c + 1;
  // A power of two, so the hot loop can turn a table offset back into a state with a shift.
  let shift = 0;
  while (1 << shift < width) shift++;
  width = 1 << shift;
  // What scanning writes to (the DFA table, the class of each code unit, the stamps and tallies,
  // ~5 MB for the built-in rules, nearly all zeros) is made by the first scan, not with the
  // scanner: the hooks' startup snapshot builds the built-in rules' scanner (match.ts
  // prepareBuiltinIndex), and its blob would otherwise carry those zeros to every commit.
  // The table is filled as texts need it until the byte loop exists; then it is the byte loop's,
  // which fills it whole when made (the same entries), so that this loop computes none either.
  let table: Int32Array | undefined;
  let live: Live | undefined;
  const ROOT = 1 << shift;
  const isPlaced = new Uint8Array(count).fill(placed === undefined ? 1 : 0);
  for (const k of placed ?? []) isPlaced[k] = 1;
  // States whose entries are recorded: where a keyword ends whose places are wanted.
  const record = new Uint8Array(states);
  for (let k = 0; k < count; k++) {
    if (isPlaced[k] === 1)
      for (let j = endStart[k] as number; j < (endStart[k + 1] as number); j++) record[endList[j] as number] = 1;
  }
  const mine = (): Live => {
    if (live === undefined) {
      // Indexed by any UTF-16 code unit, so the hot loop needs no range check.
      const classOf = new Uint8Array(65536);
      classOf.set(a.classes);
      live = {
        classOf,
        visitedAt: new Uint32Array(states),
        seenAt: new Uint32Array(count),
        stamps: 0,
        tally: new Int32Array(states),
      };
    }
    return live;
  };
  const nextStamp = (): number => {
    const l = mine();
    if (l.stamps === 0xffffffff) {
      l.visitedAt.fill(0);
      l.seenAt.fill(0);
      l.stamps = 0;
    }
    return ++l.stamps;
  };
  /** The entry for (row offset, class) in `into` (this table or the byte loop's), computed and stored. */
  const resolveIn = (into: Int32Array, offset: number, cls: number): number => {
    const state = (offset >> shift) - 1;
    let target = -1;
    for (let j = childStart[state] as number; j < (childStart[state + 1] as number); j++) {
      if (childClass[j] === cls) {
        target = childState[j] as number;
        break;
      }
    }
    if (target === -1) {
      if (state === 0) target = 0;
      else {
        // Where the failure link goes on this class (its entry, computed first if need be).
        const via = ((fail[state] as number) + 1) << shift;
        let v = into[via + cls] as number;
        if (v === 0) v = resolveIn(into, via, cls);
        target = ((v < 0 ? ~v : v) >> shift) - 1;
      }
    }
    const row = (target + 1) << shift;
    const v = (outStart[target + 1] as number) > (outStart[target] as number) ? ~row : row;
    into[offset + cls] = v;
    return v;
  };
  /**
   * Every entry of a table, breadth-first: a state's row is its failure link's row (shallower,
   * so complete already; the root's goes to the root) with its own trie edges written over it.
   */
  const fill = (into: Int32Array): void => {
    const queue = new Int32Array(states);
    let tail = 1; // queue[0] is the root
    for (let head = 0; head < tail; head++) {
      const state = queue[head] as number;
      const row = (state + 1) << shift;
      if (state === 0) into.fill(ROOT, row, row + width);
      else {
        const via = ((fail[state] as number) + 1) << shift;
        into.copyWithin(row, via, via + width);
      }
      for (let j = childStart[state] as number; j < (childStart[state + 1] as number); j++) {
        const child = childState[j] as number;
        const to = (child + 1) << shift;
        into[row + (childClass[j] as number)] =
          (outStart[child + 1] as number) > (outStart[child] as number) ? ~to : to;
        queue[tail++] = child;
      }
    }
  };
  /** The DFA table, made by the first scan that needs it. */
  const dfaTable = (): Int32Array => {
    if (table === undefined) {
      const made = new Int32Array((states + 1) * width);
      // The root's row at once (a few thousand steps): its ~60 edges are then never searched
      // again, and every failure chain ends in a row already filled.
      for (let cls = 0; cls < width; cls++) resolveIn(made, ROOT, cls);
      table = made;
    }
    return table;
  };
  // The byte loop, made on first use; null when WebAssembly is not there (bytes are then read
  // as Latin-1 text by the loop below).
  let bytes: ByteLoop | null | undefined;
  const byteLoop = (): ByteLoop | null => {
    if (bytes === undefined) {
      try {
        bytes = new ByteLoop({ states, shift, depth, classes: a.classes, record, resolve: resolveIn, fill });
        table = bytes.table;
      } catch {
        bytes = null;
      }
    }
    return bytes;
  };
  const groupByState = (scanned: Scanned): ByState => {
    const { events, count: n } = scanned;
    const { tally } = mine();
    const entered: number[] = [];
    for (let e = 1; e < n; e += 2) {
      const state = events[e] as number;
      if ((tally[state] as number) === 0) entered.push(state);
      tally[state] = (tally[state] as number) + 1;
    }
    // Each state's first slot; the tally then counts up as its places are written.
    const spans = new Map<number, [number, number]>();
    let at = 0;
    for (const state of entered) {
      const size = tally[state] as number;
      spans.set(state, [at, at + size]);
      tally[state] = at;
      at += size;
    }
    const places = new Int32Array(n >> 1);
    for (let e = 0; e < n; e += 2) {
      const state = events[e + 1] as number;
      const slot = tally[state] as number;
      places[slot] = events[e] as number;
      tally[state] = slot + 1;
    }
    for (const state of entered) tally[state] = 0;
    return { places, spans };
  };
  const grouped = (scanned: Scanned): ByState => {
    scanned.byState ??= groupByState(scanned);
    return scanned.byState;
  };
  return {
    scan(text: string): number[] {
      const dfa = dfaTable();
      const { classOf } = mine();
      const seen = new Uint8Array(count);
      // Common keywords ("@", "token") end in the same states over and over: a state's outputs
      // are collected on its first visit, later visits cost one load.
      const visited = new Uint8Array(states);
      const hits: number[] = [];
      let at = ROOT;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        const cls = classOf[text.charCodeAt(i)] as number;
        let v = dfa[at + cls] as number;
        if (v === 0) v = resolveIn(dfa, at, cls);
        if (v > 0) {
          at = v;
          continue;
        }
        at = ~v;
        const state = (at >> shift) - 1;
        if (visited[state] === 1) continue;
        visited[state] = 1;
        for (let j = outStart[state] as number; j < (outStart[state + 1] as number); j++) {
          const k = outList[j] as number;
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
      const dfa = dfaTable();
      const { classOf, visitedAt, seenAt } = mine();
      const hits: number[] = [];
      let events = new Int32Array(64);
      let n = 0;
      let at = ROOT;
      const len = text.length;
      for (let i = 0; i < len; i++) {
        const cls = classOf[text.charCodeAt(i)] as number;
        let v = dfa[at + cls] as number;
        if (v > 0) {
          at = v;
          continue;
        }
        if (v === 0) {
          v = resolveIn(dfa, at, cls);
          if (v > 0) {
            at = v;
            continue;
          }
        }
        at = ~v;
        const state = (at >> shift) - 1;
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
        for (let j = outStart[state] as number; j < (outStart[state + 1] as number); j++) {
          const k = outList[j] as number;
          if (seenAt[k] !== stamp) {
            seenAt[k] = stamp;
            hits.push(k);
          }
        }
      }
      return { hits, events, count: n };
    },
    scanBytes(input: Uint8Array): Scanned {
      const loop = byteLoop();
      if (loop === null)
        return this.scanAll(Buffer.from(input.buffer, input.byteOffset, input.length).toString("latin1"));
      const walked = loop.walk(input);
      const stamp = nextStamp();
      const { seenAt } = mine();
      const hits: number[] = [];
      for (const state of walked.firsts) {
        for (let j = outStart[state] as number; j < (outStart[state + 1] as number); j++) {
          const k = outList[j] as number;
          if (seenAt[k] !== stamp) {
            seenAt[k] = stamp;
            hits.push(k);
          }
        }
      }
      return { hits, events: walked.events, count: walked.count };
    },
    positions(scanned: Scanned, k: number, length: number): Places {
      // Places of other keywords were not recorded: an answer would be wrong, not empty.
      if (isPlaced[k] !== 1) throw new Error(`the places of keyword ${k} were not recorded`);
      // The events grouped by state once; each keyword then reads only the states it ends in
      // (rules share frequent keywords, and many rules ask for positions).
      const { places, spans } = grouped(scanned);
      const out: number[] = [];
      let lists = 0;
      for (let j = endStart[k] as number; j < (endStart[k + 1] as number); j++) {
        const span = spans.get(endList[j] as number);
        if (span === undefined) continue;
        lists++;
        for (let i = span[0]; i < span[1]; i++) out.push((places[i] as number) - length + 1);
      }
      return lists > 1 ? new Int32Array(out).sort() : out;
    },
    count(scanned: Scanned, k: number): number {
      if (isPlaced[k] !== 1) throw new Error(`the places of keyword ${k} were not recorded`);
      const { spans } = grouped(scanned);
      let n = 0;
      for (let j = endStart[k] as number; j < (endStart[k + 1] as number); j++) {
        const span = spans.get(endList[j] as number);
        if (span !== undefined) n += span[1] - span[0];
      }
      return n;
    },
  };
}
