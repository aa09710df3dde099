import { LONG_LINE } from "./classify.js";
import { I32, name, op, section, sleb, uleb, vec, type Wasm } from "./match-wasm.js";

/**
 * What the rules read of binary content (a NUL byte in the first 8000 bytes, not UTF-16/32):
 * its strings, as strings(1) lists them. A run of text bytes (printable ASCII, whitespace, and
 * 0xA0, which JavaScript's `\s` counts) at least as long as the shortest match any rule can make
 * is kept as it is; so is a run of such characters written as UTF-16LE (each followed by a zero
 * byte: Windows and .NET resources, `strings -el`), one character per pair. Everything between
 * two kept runs (machine code, a compressed stream, a run too short to hold a match) becomes one
 * NUL, or NUL, line feed, NUL when it holds a line feed: a rule's token never spans what it
 * replaces, nothing is joined that the file keeps apart, a run's neighbour is a byte no rule reads
 * as text, as it was, and an allow comment stays on its own line.
 *
 * A match whose characters are all text lies inside one run, at least as long as the match: every
 * such key is found, in ~5% of a native executable's bytes. A match is reported where its first
 * character is in the content: the line git counts (line feeds before it, plus one) and the
 * column in bytes from that line's start (`place`), as when the bytes were read one to one.
 */
export interface BinaryView {
  /** The kept runs and what replaces the rest, one character per kept character. */
  text: string;
  /** `text`'s characters as bytes (Latin-1), for the keyword pass (match.ts MatchOptions.bytes). */
  bytes: Uint8Array;
  /** Where the view's character `at` starts in the content: its offset, line and column (1-based). */
  place(at: number): { offset: number; line: number; column: number };
  /** The view's [start, end) spans of the content's [start, end) spans, empty ones left out. */
  spans(raw: ReadonlyArray<readonly [number, number]>): Array<[number, number]>;
}

/** 1 for a byte a kept run may hold: printable ASCII, \t \n \v \f \r, and 0xA0 (`\s` in JavaScript). */
const TEXT = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) TEXT[c] = 1;
for (let c = 0x09; c <= 0x0d; c++) TEXT[c] = 1;
TEXT[0xa0] = 1;

/**
 * Scratch space reused from one view to the next (a scan reads its files one after another): the
 * view's bytes and its runs. `busy` while a view made from it is in use; a view asked for then
 * (two scans at once in one thread) gets its own.
 */
export class ViewScratch {
  out = Buffer.allocUnsafe(1 << 16);
  runs: Int32Array = new Int32Array(3 * 1024);
  busy = false;
}

/**
 * The runs of `content` to keep, as (start, characters, bytes per character) triples in
 * `runs[0, count)` (grown as needed), ordered by where they end: text runs of at least `shortest`
 * bytes, and UTF-16LE runs of at least `shortest` (and two) characters, each a text byte followed
 * by a zero byte. A UTF-16LE run may start at a text run's last byte.
 */
export function findRuns(content: Uint8Array, shortest: number, runs: Int32Array): { runs: Int32Array; count: number } {
  const n = content.length;
  const wideMin = Math.max(2, shortest);
  let count = 0;
  // r: the text run ending here; c1, c2: the UTF-16LE runs (in pairs) ending one and two bytes
  // back; t1: whether the byte before was text. Updated without branches: machine code turns
  // from text to not every few bytes, and a branch on it would be mispredicted as often.
  let r = 0;
  let c1 = 0;
  let c2 = 0;
  let t1 = 0;
  for (let i = 0; i < n; i++) {
    const byte = content[i] as number;
    const t = TEXT[byte] as number;
    if (r >= shortest && t === 0) {
      if (count + 6 > runs.length) runs = grow(runs);
      runs[count++] = i - r;
      runs[count++] = r;
      runs[count++] = 1;
    }
    r = (r + 1) * t;
    // A pair ends here: the byte before was text and this one is zero.
    const w = (c2 + 1) * (t1 & ((byte - 1) >>> 31));
    if (c2 >= wideMin && w === 0) {
      if (count + 6 > runs.length) runs = grow(runs);
      runs[count++] = i - 1 - 2 * c2;
      runs[count++] = c2;
      runs[count++] = 2;
    }
    c2 = c1;
    c1 = w;
    t1 = t;
  }
  return finish(runs, count, n, shortest, r, c1, c2);
}

function grow(runs: Int32Array): Int32Array {
  const grown = new Int32Array(2 * runs.length);
  grown.set(runs);
  return grown;
}

/**
 * findRuns in WebAssembly with 128-bit vectors (the same runs, in the same order; on the bench
 * tree's native executables ~0.7 ns a byte, the scalar module before it ~3.4):
 * `find(from, len)` walks input bytes [from, len) of the chunk in memory at INPUT, its
 * state (the JavaScript loop's r, c1, c2, t1) kept in memory between calls and chunks, and writes
 * runs at OUT until it has no room for two more (then it returns where it stopped). State words
 * from STATE: r, c1, c2, t1, runs written, shortest, wideMin, CAP, the chunk's offset, and the
 * run lengths a 64-byte block is checked for (runModule).
 */
class RunFinder {
  static readonly INPUT = 1 << 17;
  static readonly CHUNK = 1 << 20;
  static readonly OUT = 512;
  static readonly CAP = 8192;
  static readonly STATE = 256;
  readonly #mem: Uint8Array;
  readonly #words: Int32Array;
  readonly #find: (from: number, len: number) => number;

  constructor() {
    const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
    const pages = Math.ceil((RunFinder.INPUT + RunFinder.CHUNK) / 65536);
    const instance = new wasm.Instance(new wasm.Module(runModule(pages)), {});
    const exports = instance.exports as {
      memory: { buffer: ArrayBuffer };
      find: (from: number, len: number) => number;
    };
    this.#find = exports.find;
    this.#mem = new Uint8Array(exports.memory.buffer);
    this.#words = new Int32Array(exports.memory.buffer);
    this.#mem.set(TEXT, 0);
  }

  runs(content: Uint8Array, shortest: number, into: Int32Array): { runs: Int32Array; count: number } {
    const W = RunFinder.STATE >> 2;
    const words = this.#words;
    words.fill(0, W, W + 5);
    words[W + 5] = shortest;
    words[W + 6] = Math.max(2, shortest);
    words[W + 7] = RunFinder.CAP;
    // The run lengths a 64-byte block is checked for (runModule): what it can hold at most.
    words[W + 9] = Math.min(shortest, BLOCK);
    words[W + 10] = Math.min(Math.max(2, shortest), BLOCK / 2);
    let runs = into;
    let count = 0;
    const n = content.length;
    for (let off = 0; off < n; off += RunFinder.CHUNK) {
      const len = Math.min(RunFinder.CHUNK, n - off);
      this.#mem.set(content.subarray(off, off + len), RunFinder.INPUT);
      words[W + 8] = off;
      for (let at = 0; ; ) {
        at = this.#find(at, len);
        const got = 3 * (words[W + 4] as number);
        while (count + got + 9 > runs.length) runs = grow(runs);
        runs.set(words.subarray(RunFinder.OUT >> 2, (RunFinder.OUT >> 2) + got), count);
        count += got;
        if (at >= len) break;
      }
    }
    return finish(runs, count, n, shortest, words[W] as number, words[W + 1] as number, words[W + 2] as number);
  }
}

/** The runs still open at the content's end (findRuns' last steps). */
function finish(
  into: Int32Array,
  from: number,
  n: number,
  shortest: number,
  r: number,
  c1: number,
  c2: number,
): { runs: Int32Array; count: number } {
  let runs = into;
  let count = from;
  if (count + 9 > runs.length) runs = grow(runs);
  if (r >= shortest) {
    runs[count++] = n - r;
    runs[count++] = r;
    runs[count++] = 1;
  }
  const wideMin = Math.max(2, shortest);
  for (const [c, last] of [
    [c2, n - 2],
    [c1, n - 1],
  ] as const) {
    if (c >= wideMin) {
      runs[count++] = last + 1 - 2 * c;
      runs[count++] = c;
      runs[count++] = 2;
    }
  }
  return { runs, count };
}

/** WebAssembly's opcodes for 64-bit integers and 128-bit vectors (simd128) that runModule uses. */
const I64 = 0x7e;
const V128 = 0x7b;
const i64 = {
  const: 0x42,
  eqz: 0x50,
  ne: 0x52,
  clz: 0x79,
  ctz: 0x7a,
  and: 0x83,
  or: 0x84,
  xor: 0x85,
  shl: 0x86,
  shrU: 0x88,
  wrap: 0xa7, // i32.wrap_i64
  extendU: 0xad, // i64.extend_i32_u
} as const;
/** simd128 instructions: the prefix, then the opcode (LEB128). */
const simd = (code: number): number[] => [0xfd, ...uleb(code)];
const v128 = {
  load: 0x00,
  splat: 0x0f, // i8x16.splat
  eq: 0x23, // i8x16.eq
  ltU: 0x26, // i8x16.lt_u
  or: 0x50,
  bitmask: 0x64, // i8x16.bitmask
  sub: 0x71, // i8x16.sub
} as const;

/** A 64-bit constant's signed LEB128 (i64.const). */
function sleb64(value: bigint): number[] {
  const out: number[] = [];
  let n = BigInt.asIntN(64, value);
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** Bytes the module looks at together: a block whose bits say it ends no run is passed in one step. */
const BLOCK = 64;

/**
 * RunFinder's module: `find(from, len)` and its memory (see RunFinder for the layout).
 *
 * The loop of findRuns, byte by byte, for the few stretches that need it, and 64 bytes at a time
 * for the rest: a native executable is ~5% strings, and most of its 64-byte blocks hold no text
 * run as long as the shortest match and no UTF-16LE run of that many characters (on the bench
 * tree's executables ~90% of them). For each block the module reads, with vector compares, one bit
 * per byte for "text" (T) and for "zero" (Z): a UTF-16LE pair ends at byte i when i-1 is text and
 * i is zero (P = (T << 1 | t1) & Z, a run of c pairs being c bits of P two apart). A block is
 * passed whole when nothing can be recorded in it: no run of `shortest` set bits of T (runs of k
 * set bits found by halving shifts: A(2s) = A(s) & A(s) >> s, then A(k) = A(s) & A(s) >> (k - s)),
 * none of `wideMin` set bits of P two apart, and the runs open before it (r, c1, c2) stay short
 * with the block's first bits. Its state at its end is then read off the bits: r = the set bits at
 * T's top, t1 = T's top bit, c1 and c2 = the set bits of P two apart from bit 63 and from bit 62
 * down (none of which can reach the block's start: that would be 32 pairs, a run too long to pass).
 * Any other block goes through the byte loop, so the runs found, and their order, are findRuns'.
 */
function runModule(pages: number): Uint8Array {
  // The function's parameters (from, len) and locals, by index.
  const [from, len, i, byte, t, r, c1, c2, t1, w, count, shortest, wideMin, cap, base, limit] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  ] as const;
  // i32: where the byte loop stops, the run lengths a block is checked against (capped to what a
  // block can hold: 64 bytes, 32 pairs), a shift, a flag. i64: the block's bits. v128: a block's
  // 16 bytes and the constants compared with.
  const [stop, kT, kW, sh, slow] = [16, 17, 18, 19, 20] as const;
  const [T, Z, P, M] = [21, 22, 23, 24] as const;
  const [v, k20, k5f, k09, k05, kA0, k00] = [25, 26, 27, 28, 29, 30, 31] as const;
  const get = (k: number) => [op.get, ...uleb(k)];
  const set = (k: number) => [op.set, ...uleb(k)];
  const c = (value: number) => [op.const, ...sleb(value)];
  const c64 = (value: bigint) => [i64.const, ...sleb64(value)];
  const load = (offset: number) => [op.load, 2, ...uleb(offset)];
  const store = (offset: number) => [op.store, 2, ...uleb(offset)];
  const load8 = (offset: number) => [op.load8, 0, ...uleb(offset)];
  const S = RunFinder.STATE;
  const O = RunFinder.OUT;
  const ODD = 0xaaaaaaaaaaaaaaaan;
  const EVEN = 0x5555555555555555n;
  const state = [r, c1, c2, t1];
  /** Writes the run (start, chars, step) at OUT[count] and counts it; `start` leaves its value on the stack. */
  const record = (start: number[], chars: number, step: number): number[] => [
    ...get(count),
    ...c(12),
    op.mul,
    ...start,
    ...store(O),
    ...get(count),
    ...c(12),
    op.mul,
    ...get(chars),
    ...store(O + 4),
    ...get(count),
    ...c(12),
    op.mul,
    ...c(step),
    ...store(O + 8),
    ...get(count),
    ...c(1),
    op.add,
    ...set(count),
  ];
  /** findRuns' step for byte i (then i + 1). */
  const byteStep: number[] = [
    ...get(i),
    ...load8(RunFinder.INPUT),
    ...set(byte),
    ...get(byte),
    ...load8(0),
    ...set(t),
    // A text run of at least `shortest` ends here.
    ...get(r),
    ...get(shortest),
    op.geU,
    ...get(t),
    op.eqz,
    op.and,
    op.if,
    op.void,
    ...record([...get(base), ...get(i), op.add, ...get(r), op.sub], r, 1),
    op.end,
    // r = (r + 1) & -t: an AND, not a multiply, on the loop's carried chain.
    ...get(r),
    ...c(1),
    op.add,
    ...c(0),
    ...get(t),
    op.sub,
    op.and,
    ...set(r),
    // w: the UTF-16LE run whose last pair ends here (the byte before text, this one zero).
    ...get(c2),
    ...c(1),
    op.add,
    ...c(0),
    ...get(t1),
    ...get(byte),
    op.eqz,
    op.and,
    op.sub,
    op.and,
    ...set(w),
    ...get(c2),
    ...get(wideMin),
    op.geU,
    ...get(w),
    op.eqz,
    op.and,
    op.if,
    op.void,
    ...record([...get(base), ...get(i), op.add, ...c(1), op.sub, ...get(c2), ...c(1), op.shl, op.sub], c2, 2),
    op.end,
    ...get(c1),
    ...set(c2),
    ...get(w),
    ...set(c1),
    ...get(t),
    ...set(t1),
    ...get(i),
    ...c(1),
    op.add,
    ...set(i),
  ];
  /** The block's 16 bytes at `at` as a bit mask (i64, shifted into place) of text bytes, then of zero bytes, ORed into T and Z. */
  const lanes = (at: number): number[] => [
    ...get(i),
    ...simd(v128.load),
    0,
    ...uleb(RunFinder.INPUT + at),
    op.tee,
    ...uleb(v),
    // text: (b - 0x20) < 0x5f unsigned (printable ASCII), (b - 9) < 5 (\t \n \v \f \r), b = 0xa0.
    ...get(k20),
    ...simd(v128.sub),
    ...get(k5f),
    ...simd(v128.ltU),
    ...get(v),
    ...get(k09),
    ...simd(v128.sub),
    ...get(k05),
    ...simd(v128.ltU),
    ...simd(v128.or),
    ...get(v),
    ...get(kA0),
    ...simd(v128.eq),
    ...simd(v128.or),
    ...simd(v128.bitmask),
    i64.extendU,
    ...c64(BigInt(at)),
    i64.shl,
    ...get(T),
    i64.or,
    ...set(T),
    ...get(v),
    ...get(k00),
    ...simd(v128.eq),
    ...simd(v128.bitmask),
    i64.extendU,
    ...c64(BigInt(at)),
    i64.shl,
    ...get(Z),
    i64.or,
    ...set(Z),
  ];
  /**
   * M = the places where `k` set bits of `bits`, `gap` apart, start (k >= 1; k * gap <= 64), by
   * halving shifts. `k` is a local.
   */
  const runsOf = (bits: number, k: number, gap: 1 | 2): number[] => {
    const shift = (amount: number[]) => (gap === 2 ? [...amount, ...c(1), op.shl] : amount);
    return [
      ...get(bits),
      ...set(M),
      ...c(1),
      ...set(sh),
      op.block,
      op.void,
      op.loop,
      op.void,
      // while (2 * sh <= k) { M &= M >> (sh * gap); sh *= 2 }
      ...get(sh),
      ...c(1),
      op.shl,
      ...get(k),
      op.gtU,
      op.brIf,
      1,
      ...get(M),
      ...get(M),
      ...shift(get(sh)),
      i64.extendU,
      i64.shrU,
      i64.and,
      ...set(M),
      ...get(sh),
      ...c(1),
      op.shl,
      ...set(sh),
      op.br,
      0,
      op.end,
      op.end,
      // M &= M >> ((k - sh) * gap)
      ...get(M),
      ...get(M),
      ...shift([...get(k), ...get(sh), op.sub]),
      i64.extendU,
      i64.shrU,
      i64.and,
      ...set(M),
    ];
  };
  /** The set bits of `bits | fill`, counted from bit 0 up (`ctz`) or from bit 63 down (`clz`), as an i32. */
  const ones = (bits: number, fill: bigint, count: typeof i64.ctz | typeof i64.clz): number[] => [
    ...get(bits),
    ...c64(fill),
    i64.or,
    ...c64(-1n),
    i64.xor,
    count,
    i64.wrap,
  ];
  const block: number[] = [
    ...c64(0n),
    ...set(T),
    ...c64(0n),
    ...set(Z),
    ...lanes(0),
    ...lanes(16),
    ...lanes(32),
    ...lanes(48),
    // P: a UTF-16LE pair ends at the byte (the byte before it text, this one zero).
    ...get(T),
    ...c64(1n),
    i64.shl,
    ...get(t1),
    i64.extendU,
    i64.or,
    ...get(Z),
    i64.and,
    ...set(P),
    // A text run of `shortest` (capped) in the block.
    ...runsOf(T, kT, 1),
    ...get(M),
    ...c64(0n),
    i64.ne,
    // The text run open before the block, with the block's first text bytes.
    ...get(r),
    ...ones(T, 0n, i64.ctz),
    op.add,
    ...get(shortest),
    op.geU,
    op.or,
    // The UTF-16LE runs open before it (ending two bytes and one byte before), with the block's first pairs.
    ...get(c2),
    ...ones(P, ODD, i64.ctz),
    ...c(1),
    op.shrU,
    op.add,
    ...get(wideMin),
    op.geU,
    op.or,
    ...get(c1),
    ...ones(P, EVEN, i64.ctz),
    ...c(1),
    op.shrU,
    op.add,
    ...get(wideMin),
    op.geU,
    op.or,
    ...set(slow),
    // A UTF-16LE run of `wideMin` pairs (capped) in the block.
    ...runsOf(P, kW, 2),
    ...get(M),
    ...c64(0n),
    i64.ne,
    ...get(slow),
    op.or,
  ];
  /** The state after a block that ends no run (see above). */
  const pass: number[] = [
    ...ones(T, 0n, i64.clz),
    ...set(r),
    ...get(T),
    ...c64(63n),
    i64.shrU,
    i64.wrap,
    ...set(t1),
    ...ones(P, EVEN, i64.clz),
    ...c(1),
    op.shrU,
    ...set(c1),
    // (bit 63 is filled: 1 + 2 * c2 set bits)
    ...ones(P, ODD, i64.clz),
    ...c(1),
    op.shrU,
    ...set(c2),
    ...get(i),
    ...c(BLOCK),
    op.add,
    ...set(i),
  ];
  const splat = (k: number, value: number) => [...c(value), ...simd(v128.splat), ...set(k)];
  const body: number[] = [
    ...get(from),
    ...set(i),
    ...state.flatMap((k, j) => [...c(0), ...load(S + 4 * j), ...set(k)]),
    ...[shortest, wideMin, cap, base, kT, kW].flatMap((k, j) => [...c(0), ...load(S + 20 + 4 * j), ...set(k)]),
    ...splat(k20, 0x20),
    ...splat(k5f, 0x5f),
    ...splat(k09, 0x09),
    ...splat(k05, 5),
    ...splat(kA0, 0xa0),
    ...splat(k00, 0),
    op.block,
    op.void,
    op.loop,
    op.void,
    // Bytes to walk before the chunk's end or before the runs could fill OUT (a byte ends two at
    // most): none, and the walk stops here.
    ...get(cap),
    ...get(count),
    op.sub,
    ...c(1),
    op.shrU,
    ...get(i),
    op.add,
    ...set(limit),
    ...get(limit),
    ...get(len),
    op.gtU,
    op.if,
    op.void,
    ...get(len),
    ...set(limit),
    op.end,
    ...get(i),
    ...get(limit),
    op.geU,
    op.brIf,
    1,
    // Blocks of 64 bytes while that many are left before the limit: passed whole, or byte by byte.
    op.block,
    op.void,
    op.loop,
    op.void,
    ...get(limit),
    ...get(i),
    op.sub,
    ...c(BLOCK),
    op.ltU,
    op.if,
    op.void,
    ...get(limit),
    ...set(stop),
    op.br,
    2,
    op.end,
    ...block,
    op.if,
    op.void,
    ...get(i),
    ...c(BLOCK),
    op.add,
    ...set(stop),
    op.br,
    2,
    op.end,
    ...pass,
    op.br,
    0,
    op.end,
    op.end,
    // Byte by byte up to `stop`: a block that may end a run, or the bytes before the limit.
    op.block,
    op.void,
    op.loop,
    op.void,
    ...get(i),
    ...get(stop),
    op.geU,
    op.brIf,
    1,
    ...byteStep,
    op.br,
    0,
    op.end,
    op.end,
    op.br,
    0,
    op.end,
    op.end,
    ...state.flatMap((k, j) => [...c(0), ...get(k), ...store(S + 4 * j)]),
    ...c(0),
    ...get(count),
    ...store(S + 16),
    ...get(i),
    op.end,
  ];
  const fn = [...uleb(3), ...uleb(19), I32, ...uleb(4), I64, ...uleb(7), V128, ...body];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, vec([[0x60, ...vec([[I32], [I32]]), ...vec([[I32]])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(
      7,
      vec([
        [...name("find"), 0, 0],
        [...name("memory"), 2, 0],
      ]),
    ),
    ...section(10, vec([[...uleb(fn.length), ...fn]])),
  ]);
}

/** The thread's RunFinder, made on first use; null when WebAssembly is not there. */
let finder: RunFinder | null | undefined;

/** findRuns, in WebAssembly where it can run. */
export function findRunsFast(
  content: Uint8Array,
  shortest: number,
  runs: Int32Array,
): { runs: Int32Array; count: number } {
  if (finder === undefined) {
    try {
      finder = new RunFinder();
    } catch {
      finder = null;
    }
  }
  return finder === null ? findRuns(content, shortest, runs) : finder.runs(content, shortest, runs);
}

/**
 * The runs' first word indices (3 * k) in order of where they start, or undefined when the runs
 * (ordered by where they end) are in that order already: always, but for a text run of one
 * character inside a UTF-16LE run, with a shortest match of one.
 */
function startOrder(rs: Int32Array, runCount: number): number[] | undefined {
  for (let k = 1; k < runCount; k++) {
    if ((rs[3 * k] as number) < (rs[3 * k - 3] as number)) {
      const order = Array.from({ length: runCount }, (_, j) => 3 * j);
      return order.sort((x, y) => (rs[x] as number) - (rs[y] as number));
    }
  }
  return undefined;
}

/**
 * Writes the view's bytes into `out` and each run's place into `places` (binaryView), and returns
 * the view's length: each run after a separator when bytes were left out before it (or it follows
 * another run): NUL, or NUL, line feed, NUL when those bytes held a line feed, and one after the
 * last run when bytes follow it. Plain loops in a function of its own: per window of a native
 * executable it copies ~10^4 short runs, and as part of binaryView, with an iterator, a closure
 * and Buffer.copy per run, it was the largest function V8's optimizing compiler compiled in a
 * tree scan (--trace-opt), twice per thread.
 */
function fillView(
  rs: Int32Array,
  order: number[] | undefined,
  runCount: number,
  b: Buffer,
  out: Buffer,
  places: Int32Array,
): number {
  let o = 0;
  let end = 0;
  let feed = b.indexOf(0x0a);
  for (let j = 0; j < runCount; j++) {
    const k = order === undefined ? 3 * j : (order[j] as number);
    const start = rs[k] as number;
    const chars = rs[k + 1] as number;
    const step = rs[k + 2] as number;
    if (j > 0 || start > 0) {
      out[o++] = 0;
      if (feed >= 0 && feed < start) {
        out[o++] = 0x0a;
        out[o++] = 0;
      }
    }
    places[4 * j] = o;
    places[4 * j + 1] = start;
    places[4 * j + 2] = chars;
    places[4 * j + 3] = step;
    if (step !== 1) for (let c = 0; c < chars; c++) out[o++] = b[start + 2 * c] as number;
    else if (chars < 256) for (let c = 0; c < chars; c++) out[o++] = b[start + c] as number;
    else {
      out.set(b.subarray(start, start + chars), o);
      o += chars;
    }
    if (start + chars * step > end) end = start + chars * step;
    if (feed >= 0 && feed < end) feed = b.indexOf(0x0a, end);
  }
  if (end < b.length || (runCount === 0 && b.length > 0)) {
    out[o++] = 0;
    if (feed >= 0 && feed < b.length) {
      out[o++] = 0x0a;
      out[o++] = 0;
    }
  }
  return o;
}

/**
 * The view of `content` (see BinaryView). `min`: the shortest match (in characters) of the rules
 * that read it; a run shorter than that cannot hold one and is dropped (at least 1).
 */
export function binaryView(content: Uint8Array, min: number, scratch: ViewScratch): BinaryView & { release(): void } {
  const own = scratch.busy ? new ViewScratch() : scratch;
  own.busy = true;
  const found = findRunsFast(content, Math.max(1, Math.floor(min)), own.runs);
  own.runs = found.runs;
  const rs = found.runs;
  const runCount = found.count / 3;
  const order = startOrder(rs, runCount);
  const b = Buffer.from(content.buffer, content.byteOffset, content.length);
  // Each run, after a separator of at most three bytes (fillView).
  let size = 0;
  for (let j = 0; j < runCount; j++) size += (rs[3 * j + 1] as number) + 3;
  let out = own.out;
  if (out.length < size + 3) out = own.out = Buffer.allocUnsafe(Math.max(size + 3, 2 * out.length));
  // Per run: (view start, content start, characters, bytes per character).
  const places = new Int32Array(4 * runCount);
  const o = fillView(rs, order, runCount, b, out, places);
  const text = out.toString("latin1", 0, o);
  const bytes = out.subarray(0, o);
  /** The last run starting at or before `at` (key 0: in the view, 1: in the content), or -1. */
  const runAt = (at: number, key: 0 | 1): number => {
    let lo = 0;
    let hi = runCount - 1;
    let hit = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((places[4 * mid + key] as number) <= at) {
        hit = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return hit;
  };
  // The content's line feeds, found when a match is first placed (most binaries hold none).
  let feeds: Int32Array | undefined;
  const lineFeeds = (): Int32Array => {
    if (feeds !== undefined) return feeds;
    let total = 0;
    for (let k = b.indexOf(0x0a); k >= 0; k = b.indexOf(0x0a, k + 1)) total++;
    feeds = new Int32Array(total);
    let f = 0;
    for (let k = b.indexOf(0x0a); k >= 0; k = b.indexOf(0x0a, k + 1)) feeds[f++] = k;
    return feeds;
  };
  return {
    text,
    bytes,
    place(at) {
      const r = runAt(at, 0);
      let offset = 0;
      if (r >= 0) {
        const v = places[4 * r] as number;
        const chars = places[4 * r + 2] as number;
        // Inside the run, or on the separator after it (the first byte left out after it).
        offset = (places[4 * r + 1] as number) + Math.min(at - v, chars) * (places[4 * r + 3] as number);
      }
      const lf = lineFeeds();
      // Line feeds before `offset`: the first index whose feed is at or after it.
      let lo = 0;
      let hi = lf.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((lf[mid] as number) < offset) lo = mid + 1;
        else hi = mid;
      }
      const lineStart = lo === 0 ? 0 : (lf[lo - 1] as number) + 1;
      return { offset, line: lo + 1, column: offset - lineStart + 1 };
    },
    spans(raw) {
      const view = (x: number): number => {
        const r = runAt(x, 1);
        if (r < 0) return 0;
        const start = places[4 * r + 1] as number;
        const step = places[4 * r + 3] as number;
        // Inside the run (a UTF-16 pair counts from its first byte), else what follows it.
        return (places[4 * r] as number) + Math.min(Math.ceil((x - start) / step), places[4 * r + 2] as number);
      };
      const mapped: Array<[number, number]> = [];
      for (const [a, z] of raw) {
        const from = view(a);
        const to = view(z);
        if (to > from) mapped.push([from, to]);
      }
      return mapped;
    },
    release() {
      own.busy = false;
    },
  };
}

/**
 * The [start, end) spans of the lines over LONG_LINE bytes of binary content, as scanner.ts
 * longLines finds them in the same bytes read one to one (Latin-1, where a line ends at a line
 * feed or a CR), searched in the bytes.
 */
export function longLinesOfBytes(content: Uint8Array): Array<[number, number]> {
  const b = Buffer.from(content.buffer, content.byteOffset, content.length);
  const out: Array<[number, number]> = [];
  for (let from = 0; from + LONG_LINE < b.length; ) {
    const nl = b.lastIndexOf(0x0a, from + LONG_LINE);
    if (nl >= from) {
      from = nl + 1;
      continue;
    }
    let end = b.indexOf(0x0a, from);
    if (end < 0) end = b.length;
    for (let a = from; a <= end; ) {
      let cr = b.indexOf(0x0d, a);
      if (cr < 0 || cr > end) cr = end;
      if (cr - a > LONG_LINE) out.push([a, cr]);
      a = cr + 1;
    }
    from = end + 1;
  }
  return out;
}
