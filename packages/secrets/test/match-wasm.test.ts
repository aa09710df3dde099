import { describe, expect, it } from "vitest";
import { compileKeywordAutomaton, type KeywordAutomaton } from "../src/match-keywords.js";
import { ByteLoop } from "../src/match-wasm.js";

// The byte loop on its own, as the keyword scanner never runs it: with a table it fills entry by
// entry (each entry not yet computed stops the loop, which JavaScript computes, and the loop goes
// on from the same byte), small chunks, and a stream's room for places filled many times over.
// Whatever stops it and wherever, it must record what a plain walk of the automaton does.

const KEYWORDS = ["token", "ey", "key", "secret", "pass", "password", "--", "::", "aaa", "ab"];
const a = compileKeywordAutomaton(KEYWORDS);
let shift = 0;
while (1 << shift < Math.max(...a.classes) + 1) shift++;

/** The automaton's next state by its trie edges and failure links (no table). */
function next(automaton: KeywordAutomaton, state: number, cls: number): number {
  for (let s = state; ; s = automaton.fail[s] as number) {
    for (let j = automaton.childStart[s] as number; j < (automaton.childStart[s + 1] as number); j++)
      if (automaton.childClass[j] === cls) return automaton.childState[j] as number;
    if (s === 0) return 0;
  }
}
const ends = (state: number) => (a.outStart[state + 1] as number) > (a.outStart[state] as number);

/** Places (byte index, state) where a recorded state is entered, and the states with a keyword entered. */
function plainWalk(bytes: Uint8Array, record: Uint8Array): { events: number[]; entered: number[] } {
  const events: number[] = [];
  const entered = new Set<number>();
  let state = 0;
  bytes.forEach((b, i) => {
    state = next(a, state, b < 128 ? (a.classes[b] as number) : 0);
    if (!ends(state)) return;
    entered.add(state);
    if (record[state] === 1) events.push(i, state);
  });
  return { events, entered: [...entered].sort((x, y) => x - y) };
}

function loopOf(record: Uint8Array, chunk: number): { loop: ByteLoop; resolved: () => number } {
  let resolved = 0;
  const resolve = (table: Int32Array, offset: number, cls: number): number => {
    resolved++;
    const target = next(a, (offset >> shift) - 1, cls);
    const row = (target + 1) << shift;
    const v = ends(target) ? ~row : row;
    table[offset + cls] = v;
    return v;
  };
  const depth = Math.max(...KEYWORDS.map((k) => k.length));
  const spec = { states: a.states, shift, depth, classes: a.classes, record, resolve };
  return { loop: new ByteLoop(spec, chunk), resolved: () => resolved };
}

let seed = 11;
const rand = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};
function bytesOf(length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; ) {
    const kind = rand(3);
    const piece =
      kind === 0
        ? (KEYWORDS[rand(KEYWORDS.length)] as string)
        : kind === 1
          ? "aaaaaaaa".slice(rand(8))
          : String.fromCharCode(...Array.from({ length: 1 + rand(4) }, () => rand(256)));
    i += out.write(rand(2) === 0 ? piece.toUpperCase() : piece, i, "latin1");
  }
  return out;
}

describe("byte loop", () => {
  it("stops at each entry not computed yet and at full streams, and records what a plain walk does", () => {
    const everyEnd = new Uint8Array(a.states);
    for (let s = 0; s < a.states; s++) if (ends(s)) everyEnd[s] = 1;
    // Only some states' places wanted: the others are listed as entered but not recorded.
    const some = everyEnd.map((r, s) => (r === 1 && s % 3 !== 0 ? 1 : 0));
    for (const record of [everyEnd, some]) {
      for (const chunk of [64, 1000, 1 << 16]) {
        const { loop, resolved } = loopOf(record, chunk);
        // Sizes around the one-part limit, several chunks, and over a stream's room for places.
        for (const size of [0, 1, 255, 256, 257, 1001, 5000, 70_000, 200_000]) {
          const bytes = bytesOf(size);
          const walked = loop.walk(bytes);
          const want = plainWalk(bytes, record);
          expect([...walked.events.subarray(0, walked.count)], `${size} bytes, chunk ${chunk}`).toEqual(want.events);
          expect(
            [...walked.firsts].sort((x, y) => x - y),
            `${size} bytes, chunk ${chunk}`,
          ).toEqual(want.entered);
        }
        // The table started empty: entries were computed as the loop met them.
        expect(resolved()).toBeGreaterThan(KEYWORDS.length);
      }
    }
    // Over 8,192 places per stream in one input: the streams filled up and were emptied again.
    const dense = Buffer.from("ey".repeat(150_000), "latin1");
    const { loop } = loopOf(everyEnd, 1 << 20);
    const walked = loop.walk(dense);
    expect(walked.count / 2).toBe(plainWalk(dense, everyEnd).events.length / 2);
    expect(walked.count / 2).toBeGreaterThan(4 * 8192);
  });
});
