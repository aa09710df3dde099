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

/** Builds the scanner. Keywords must be lower-case ASCII; matching ignores ASCII case. */
export function buildKeywordScanner(keywords: readonly string[]): KeywordScanner {
  const { classOf, width, shift } = charClasses(keywords);
  const maxStates = keywords.reduce((n, k) => n + k.length, 1);
  const delta = new Int32Array(maxStates * width).fill(-1);
  const out: number[][] = [[]];
  keywords.forEach((kw, index) => {
    let state = 0;
    for (let i = 0; i < kw.length; i++) {
      const c = kw.charCodeAt(i);
      if (c >= ASCII) return; // a non-ASCII keyword could never match this table
      const slot = state * width + (classOf[c] as number);
      if (delta[slot] === -1) {
        delta[slot] = out.length;
        out.push([]);
      }
      state = delta[slot] as number;
    }
    out[state]?.push(index);
  });
  completeTransitions(delta, out, width);
  return makeScanner(delta.subarray(0, out.length * width), out, classOf, shift, keywords.length);
}

/**
 * Breadth-first failure links, folded into the transition table so it becomes a DFA: every
 * state has a next state for every class, and each state's outputs include its suffixes'.
 */
function completeTransitions(delta: Int32Array, out: number[][], width: number): void {
  const fail = new Int32Array(out.length);
  const queue: number[] = [];
  for (let c = 0; c < width; c++) {
    const s = delta[c] as number;
    if (s === -1) delta[c] = 0;
    else queue.push(s);
  }
  // Class 0 (characters in no keyword) always returns to the root.
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const base = state * width;
    const failBase = (fail[state] as number) * width;
    for (let c = 0; c < width; c++) {
      const s = delta[base + c] as number;
      if (s === -1) {
        delta[base + c] = delta[failBase + c] as number;
        continue;
      }
      fail[s] = delta[failBase + c] as number;
      const inherited = out[fail[s] as number] as number[];
      if (inherited.length > 0) out[s]?.push(...inherited);
      queue.push(s);
    }
  }
}

function makeScanner(
  delta: Int32Array,
  out: number[][],
  classOf: Uint8Array,
  shift: number,
  count: number,
): KeywordScanner {
  // Entries are pre-multiplied by the width; entering a state where a keyword ends is flagged
  // by a negative entry (bitwise not), so the hot loop reads one table per character.
  const table = new Int32Array(delta.length);
  for (let i = 0; i < delta.length; i++) {
    const target = delta[i] as number;
    table[i] = (out[target] as number[]).length > 0 ? ~(target << shift) : target << shift;
  }
  const none = new Int32Array(0);
  const outputs = out.map((o) => (o.length === 0 ? none : Int32Array.from(new Set(o))));
  return {
    scan(text: string): number[] {
      const seen = new Uint8Array(count);
      const hits: number[] = [];
      let at = 0;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        const v = table[at + (classOf[text.charCodeAt(i)] as number)] as number;
        if (v >= 0) {
          at = v;
          continue;
        }
        at = ~v;
        for (const k of outputs[at >> shift] as Int32Array) {
          if (seen[k] === 0) {
            seen[k] = 1;
            hits.push(k);
          }
        }
      }
      return hits;
    },
  };
}
