/**
 * The keyword DFA's loop over bytes, in WebAssembly: a file's bytes are scanned without decoding
 * them first, at about twice the speed of the JavaScript loop over a string. Reading one table
 * entry per byte is bound by the latency of that load (each entry gives the next row), so the
 * loop walks four parts of the input at once: four independent chains of loads, which the CPU
 * overlaps. Each part but the first starts `depth - 1` bytes early (the longest keyword, less
 * one): from there the automaton is in the same state as a walk from the input's start would be
 * by the time it reaches the part (a state is the longest keyword prefix ending at the byte, never
 * longer than `depth`), and places recorded before the part are left to the part before it.
 *
 * The module is a few hundred bytes generated here (no toolchain, no binary in the package). It
 * shares nothing with the JavaScript loop but the way entries are computed (`resolve`), and it
 * finds exactly what that loop finds over the same bytes read as Latin-1 (one character per byte).
 */

/** What the loop needs from the automaton (see match-keywords.ts makeScanner). */
export interface ByteLoopSpec {
  states: number;
  /** log2 of the table's row width; rows are states plus one (row 0 unused: 0 = not computed). */
  shift: number;
  /** The longest keyword's length. */
  depth: number;
  /** Each ASCII character's class; bytes from 128 up are class 0. */
  classes: ArrayLike<number>;
  /** Per state: 1 where the places of a keyword ending there are wanted. */
  record: Uint8Array;
  /** Computes and stores the entry for (row offset, class) in `table`, and returns it. */
  resolve(table: Int32Array, offset: number, cls: number): number;
  /**
   * Computes every entry of `table` at once, when the caller can (a file scan reads enough
   * bytes to need most rows, and each entry left to `resolve` costs a return to JavaScript).
   */
  fill?(table: Int32Array): void;
}

/** One input's walk: places as (byte index, state) pairs, and the states entered for the first time. */
export interface ByteWalk {
  events: Int32Array;
  count: number;
  /** States entered in this input that were not entered before in it (each once), in any order. */
  firsts: Int32Array;
}

/** The little of the WebAssembly API used here (the package's TypeScript lib has no DOM types). */
export interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** Where the loop's parts are in the module's memory (byte addresses). */
interface Layout {
  state: number;
  record: number;
  stamps: number;
  firsts: number;
  events: number;
  table: number;
}

const STREAMS = 4;
/** Events a stream may hold before the loop hands them over. */
const CAP = 8192;
/** Bytes copied into the module's memory at a time. */
const DEFAULT_CHUNK = 1 << 20;
/** Below this many bytes an input is walked as one part (the parts' head starts cost more). */
const MIN_SPLIT = 256;

const DONE = 0;
const UNKNOWN = 1;
const FULL = 2;

export class ByteLoop {
  readonly #spec: ByteLoopSpec;
  readonly #chunk: number;
  readonly #mem: Uint8Array;
  readonly #words: Int32Array;
  readonly #table: Int32Array;
  readonly #scan: (stamp: number) => number;
  readonly #at: Layout & { input: number };
  #stamp = 0;
  readonly #out: Int32Array[] = Array.from({ length: STREAMS }, () => new Int32Array(16));

  /** `chunk`: bytes copied into the module's memory at a time (smaller in tests, to cross chunks). */
  constructor(spec: ByteLoopSpec, chunk = DEFAULT_CHUNK) {
    this.#spec = spec;
    this.#chunk = chunk;
    const { states, shift } = spec;
    const align = (n: number) => (n + 7) & ~7;
    const state = 256; // after the 256-byte class table
    // After the streams: the stream that stopped, the count of first entries, the input's base address.
    const record = state + 16 * STREAMS + 16;
    const stamps = align(record + states);
    const firsts = stamps + 4 * states;
    const events = align(firsts + 4 * states);
    const table = events + STREAMS * CAP * 8;
    const input = table + 4 * ((states + 1) << shift);
    const size = input + chunk + spec.depth;
    this.#at = { state, record, stamps, firsts, events, table, input };
    const pages = Math.ceil(size / 65536);
    const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
    const instance = new wasm.Instance(new wasm.Module(walkModule({ ...this.#at, shift, pages })), {});
    const exports = instance.exports as { memory: { buffer: ArrayBuffer }; scan: (stamp: number) => number };
    this.#scan = exports.scan;
    const buffer = exports.memory.buffer;
    this.#mem = new Uint8Array(buffer);
    this.#words = new Int32Array(buffer);
    this.#table = new Int32Array(buffer, table, (states + 1) << shift);
    for (let c = 0; c < 128; c++) this.#mem[c] = spec.classes[c] ?? 0;
    this.#mem.set(spec.record.subarray(0, states), record);
    spec.fill?.(this.#table);
  }

  /**
   * The loop's DFA table (rows and entries as ByteLoopSpec says), filled whole when the spec
   * gave `fill`: a JavaScript loop over the same automaton may read it too.
   */
  get table(): Int32Array {
    return this.#table;
  }

  walk(bytes: Uint8Array): ByteWalk {
    const spec = this.#spec;
    const mem = this.#mem;
    const words = this.#words;
    const at = this.#at;
    const W = at.state >> 2; // word index of stream 0's [pos, end, row, events]
    if (this.#stamp >= 0x3fffffff) {
      mem.fill(0, at.stamps, at.stamps + 4 * spec.states);
      this.#stamp = 0;
    }
    const stamp = ++this.#stamp;
    words[W + 4 * STREAMS + 1] = 0; // first visits
    // Per stream, the current chunk's places (buffers kept from one walk to the next: they are
    // copied out before it returns); all places, in order, once each chunk is done.
    const out = this.#out;
    const counts: number[] = new Array(STREAMS).fill(0);
    let events = new Int32Array(16);
    let total = 0;
    const root = 1 << spec.shift;
    const warm = spec.depth - 1;
    const n = bytes.length;
    for (let off = 0; off < n; off += this.#chunk) {
      const len = Math.min(this.#chunk, n - off);
      // The chunk, after the bytes before it that the first part starts early on.
      const before = Math.min(off, warm);
      mem.set(bytes.subarray(off - before, off + len), at.input);
      const base = at.input + before - off; // memory address of input byte i: base + i
      words[W + 4 * STREAMS + 2] = base; // the loop records places as input indices
      const parts = len < MIN_SPLIT ? 1 : STREAMS;
      const size = Math.ceil(len / parts);
      const from: number[] = [];
      for (let k = 0; k < STREAMS; k++) {
        const start = off + Math.min(len, k * size);
        const end = k < parts ? off + Math.min(len, (k + 1) * size) : start;
        from.push(start);
        const early = Math.min(start - (off - before), warm);
        words[W + 4 * k] = base + start - early;
        words[W + 4 * k + 1] = base + (k < parts ? end : start - early);
        words[W + 4 * k + 2] = root;
        words[W + 4 * k + 3] = 0;
      }
      for (;;) {
        const code = this.#scan(stamp);
        // Hand over the streams' places (the head start's are the part before's).
        for (let k = 0; k < STREAMS; k++) {
          const count = words[W + 4 * k + 3] as number;
          if (count === 0) continue;
          const first = (at.events >> 2) + k * CAP * 2;
          // Places are ascending: those of the head start come first.
          const lowest = from[k] as number;
          let skip = 0;
          while (skip < count && (words[first + 2 * skip] as number) < lowest) skip++;
          const c = counts[k] as number;
          const end = c + 2 * (count - skip);
          let list = out[k] as Int32Array;
          if (end > list.length) {
            const grown = new Int32Array(Math.max(end, list.length * 4));
            grown.set(list.subarray(0, c));
            out[k] = list = grown;
          }
          list.set(words.subarray(first + 2 * skip, first + 2 * count), c);
          counts[k] = end;
          words[W + 4 * k + 3] = 0;
        }
        if (code === DONE) {
          // A stream reached its end; the others go on while any has bytes left.
          let left = false;
          for (let k = 0; k < STREAMS; k++) left ||= (words[W + 4 * k] as number) < (words[W + 4 * k + 1] as number);
          if (!left) break;
          continue;
        }
        if (code === UNKNOWN) {
          const k = words[W + 4 * STREAMS] as number;
          const address = words[W + 4 * k] as number;
          spec.resolve(this.#table, words[W + 4 * k + 2] as number, mem[mem[address] as number] as number);
        }
        // FULL: handed over above; the stream goes on from the same byte.
      }
      let needed = total;
      for (const c of counts) needed += c;
      if (needed > events.length) {
        const grown = new Int32Array(Math.max(needed, events.length * 2));
        grown.set(events.subarray(0, total));
        events = grown;
      }
      for (let k = 0; k < STREAMS; k++) {
        events.set((out[k] as Int32Array).subarray(0, counts[k]), total);
        total += counts[k] as number;
        counts[k] = 0;
      }
    }
    const firsts = new Int32Array(this.#mem.buffer, at.firsts, words[W + 4 * STREAMS + 1] as number).slice();
    return { events, count: total, firsts };
  }
}

// WebAssembly's binary format, the little of it this module (and binary-view.ts) needs.
export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
export const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

export const I32 = 0x7f;
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  load: 0x28,
  load8: 0x2d,
  store: 0x36,
  const: 0x41,
  eqz: 0x45,
  ne: 0x47,
  ltS: 0x48,
  ltU: 0x49,
  gtS: 0x4a,
  gtU: 0x4b,
  leS: 0x4c,
  geU: 0x4f,
  add: 0x6a,
  sub: 0x6b,
  mul: 0x6c,
  and: 0x71,
  or: 0x72,
  xor: 0x73,
  shl: 0x74,
  shrU: 0x76,
  void: 0x40,
} as const;

/**
 * The module: its memory (exported) and `scan(stamp)`, which walks the streams whose state is in
 * memory at `state` (per stream four words: address of the next byte, end address, row offset,
 * events held; then the stream that stopped, the count of first entries and the address of input
 * index 0, which places are recorded relative to) until every stream
 * is at its end (0), or one meets an entry not computed yet (1) or has no room for an event (2).
 */
function walkModule(l: Layout & { shift: number; pages: number }): Uint8Array {
  const K = STREAMS;
  const STAMP = 0;
  const pos = (k: number) => 1 + k;
  const end = (k: number) => 1 + K + k;
  const row = (k: number) => 1 + 2 * K + k;
  const held = (k: number) => 1 + 3 * K + k;
  const v = 1 + 4 * K;
  const s = v + 1;
  const which = v + 2;
  const code = v + 3;
  const firsts = v + 4;
  const moved = v + 5;
  const left = v + 6;
  const tmp = v + 7;
  const base = v + 8;
  const locals = 4 * K + 9;
  const get = (i: number) => [op.get, ...uleb(i)];
  const set = (i: number) => [op.set, ...uleb(i)];
  const c = (n: number) => [op.const, ...sleb(n)];
  const load = (offset: number) => [op.load, 2, ...uleb(offset)];
  const store = (offset: number) => [op.store, 2, ...uleb(offset)];
  const load8 = (offset: number) => [op.load8, 0, ...uleb(offset)];
  const field = (k: number, f: number) => l.state + 16 * k + 4 * f;
  const enter: number[] = [
    ...c(0),
    ...load(l.state + 16 * K + 4),
    ...set(firsts),
    ...c(0),
    ...load(l.state + 16 * K + 8),
    ...set(base),
  ];
  const leave: number[] = [...c(0), ...get(firsts), ...store(l.state + 16 * K + 4)];
  for (let k = 0; k < K; k++) {
    [pos, end, row, held].forEach((f, i) => {
      enter.push(...c(0), ...load(field(k, i)), ...set(f(k)));
      leave.push(...c(0), ...get(f(k)), ...store(field(k, i)));
    });
  }
  // Leaves the loop saying which stream and why; `depth`: the blocks open inside the loop.
  const exit = (k: number, why: number, depth: number) => [
    ...c(k),
    ...set(which),
    ...c(why),
    ...set(code),
    op.br,
    depth,
  ];
  /** v = table[row + class[byte]], left on the stack too. */
  const entry = (k: number): number[] => [
    ...get(row(k)),
    ...get(pos(k)),
    ...load8(0),
    ...load8(0),
    op.add,
    ...c(2),
    op.shl,
    ...load(l.table),
    op.tee,
    ...uleb(v),
  ];
  /**
   * Stream k's entry `v` when it is not a plain next row (v <= 0): not computed yet (the loop
   * stops, UNKNOWN), or a keyword ends at this byte (its place recorded when wanted, the state
   * listed on its first entry; the loop stops, FULL, when the stream has no room for a place).
   * `depth`: the blocks open around this code up to the function's outermost block.
   */
  const slow = (k: number, depth: number): number[] => [
    // 0: not computed yet.
    ...get(v),
    op.eqz,
    op.if,
    op.void,
    ...exit(k, UNKNOWN, depth + 1),
    op.end,
    // A keyword ends here: s = (~v >> shift) - 1.
    ...get(v),
    ...c(-1),
    op.xor,
    ...c(l.shift),
    op.shrU,
    ...c(1),
    op.sub,
    ...set(s),
    ...get(s),
    ...load8(l.record),
    op.if,
    op.void,
    ...get(held(k)),
    ...c(CAP),
    op.geU,
    op.if,
    op.void,
    ...exit(k, FULL, depth + 2),
    op.end,
    ...get(held(k)),
    ...c(3),
    op.shl,
    ...get(pos(k)),
    ...get(base),
    op.sub,
    ...store(l.events + k * CAP * 8),
    ...get(held(k)),
    ...c(3),
    op.shl,
    ...get(s),
    ...store(l.events + k * CAP * 8 + 4),
    ...get(held(k)),
    ...c(1),
    op.add,
    ...set(held(k)),
    op.end,
    // First entry into this state in this input: listed once.
    ...get(s),
    ...c(2),
    op.shl,
    ...load(l.stamps),
    ...get(STAMP),
    op.ne,
    op.if,
    op.void,
    ...get(s),
    ...c(2),
    op.shl,
    ...get(STAMP),
    ...store(l.stamps),
    ...get(firsts),
    ...c(2),
    op.shl,
    ...get(s),
    ...store(l.firsts),
    ...get(firsts),
    ...c(1),
    op.add,
    ...set(firsts),
    op.end,
    ...get(v),
    ...c(-1),
    op.xor,
    ...set(row(k)),
  ];
  const advance = (k: number): number[] => [...get(pos(k)), ...c(1), op.add, ...set(pos(k))];
  /**
   * One byte of stream k, checked: a stream at its end is passed over, and `moved` says whether
   * any stream moved (the loop ends when none did). For what is left of the streams after the
   * bulk rounds below.
   */
  const step = (k: number): number[] => [
    ...get(pos(k)),
    ...get(end(k)),
    op.ltU,
    op.if,
    op.void,
    ...entry(k),
    ...c(0),
    op.gtS,
    op.if,
    op.void,
    // A plain entry: the next row.
    ...get(v),
    ...set(row(k)),
    op.else,
    // Open around: this if, the stream's if, the loop, the function's block.
    ...slow(k, 3),
    op.end,
    ...advance(k),
    ...c(1),
    ...set(moved),
    op.end,
  ];
  const steps: number[] = [...c(0), ...set(moved)];
  for (let k = 0; k < K; k++) steps.push(...step(k));
  /**
   * The bulk rounds' byte of stream k: only the plain case, so that the loop keeps little more
   * than the streams' positions and rows in registers (with the keyword-end code inline, the
   * compiled loop spilled locals to the stack at every byte); any other entry leaves the loop
   * for stream k's handler (`depth`: its block), after which the rounds start again.
   */
  const fast = (k: number, depth: number): number[] => [
    ...entry(k),
    ...c(0),
    op.leS,
    op.brIf,
    depth,
    ...get(v),
    ...set(row(k)),
    ...advance(k),
  ];
  // The rounds every stream has a byte for: the fewest bytes any stream has left.
  const rounds: number[] = [...c(0x7fffffff), ...set(left)];
  for (let k = 0; k < K; k++) {
    rounds.push(
      ...get(end(k)),
      ...get(pos(k)),
      op.sub,
      op.tee,
      ...uleb(tmp),
      ...get(left),
      op.ltS,
      op.if,
      op.void,
      ...get(tmp),
      ...set(left),
      op.end,
    );
  }
  // Blocks, outermost first: the function's (exits), the rounds' loop, the end of the bulk
  // rounds, then one per stream whose end is that stream's handler (stream 0's innermost).
  const bulk: number[] = [op.loop, op.void, ...rounds, op.block, op.void];
  for (let k = K - 1; k >= 0; k--) bulk.push(op.block, op.void);
  bulk.push(
    op.loop,
    op.void,
    ...get(left),
    ...c(0),
    op.gtS,
    op.eqz,
    op.brIf,
    K + 1, // the end of the bulk rounds
  );
  for (let k = 0; k < K; k++) bulk.push(...fast(k, k + 1));
  bulk.push(...get(left), ...c(1), op.sub, ...set(left), op.br, 0, op.end);
  for (let k = 0; k < K; k++) {
    // Stream k's handler: open around it are the handlers' blocks of streams k+1.., the bulk
    // rounds' end, the rounds' loop (where it goes back to) and the function's block.
    bulk.push(op.end, ...slow(k, K - k + 1), ...advance(k), op.br, K - k);
  }
  bulk.push(op.end, op.end);
  const body = [
    ...enter,
    op.block,
    op.void,
    // Bulk: a byte of every stream per round, with no stream's end to check.
    ...bulk,
    // Then what is left of each stream, stream by stream.
    op.loop,
    op.void,
    ...steps,
    ...get(moved),
    op.brIf,
    0,
    op.end,
    op.end,
    ...leave,
    ...c(0),
    ...get(which),
    ...store(l.state + 16 * K),
    ...get(code),
    op.end,
  ];
  const fn = [...uleb(1), ...uleb(locals), I32, ...body];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, vec([[0x60, ...vec([[I32]]), ...vec([[I32]])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...uleb(l.pages)]])),
    ...section(
      7,
      vec([
        [...name("scan"), 0, 0],
        [...name("memory"), 2, 0],
      ]),
    ),
    ...section(10, vec([[...uleb(fn.length), ...fn]])),
  ]);
}
