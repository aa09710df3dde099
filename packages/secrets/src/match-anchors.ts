/**
 * Where a rule's matches can start, read from its pattern: the literal texts every match begins
 * with ("-us" of `(?<=…)-us[0-9]{1,2}`, "http://" and "https://" of `[Hh][Tt][Tt][Pp]s?://`).
 * When each of them begins with a keyword the prefilter tracks, the engine tries the pattern only
 * where those keywords occur, as it does for rules marked `anchored`, and finds the same matches.
 *
 * The reading is conservative: what it does not understand ends a literal there, and a pattern
 * with any way to start without a literal gives undefined (the rule then scans the whole text).
 */

/** A literal a match starts with, lower-cased; `open` while everything so far was literal. */
interface Prefix {
  s: string;
  open: boolean;
}

const MAX_PREFIXES = 64;
/** A class of at most this many characters (after lower-casing) is read as alternatives. */
const MAX_CLASS = 6;
const STOP: Prefix[] = [{ s: "", open: false }];
const EMPTY: Prefix[] = [{ s: "", open: true }];

/**
 * Where every match of a pattern starts: at one of `literals` (lower-cased; ASCII case is
 * ignored), possibly after a run of `lead` characters (`^[ \t]*password`: the run of blanks
 * before the literal belongs to the match).
 */
export interface Starts {
  literals: string[];
  lead?: string;
  /**
   * Characters every match has before its literal, a fixed number (readOffsetStarts): a match
   * starts that many characters before the literal's place. Never with a lead.
   */
  offset?: number;
  /**
   * A match may also start one character before its run of `lead` characters (before its
   * literal when there is no lead): the pattern opens with `(?:^|X)`, X one character that
   * belongs to the match (`(?:^|[\n;&])[ \t]*ENV …`, `(?:^|[\s:])_auth…`).
   */
  back?: boolean;
}

/** Bumped when the reading changes, so that starts stored by an older build are not trusted. */
export const STARTS_VERSION = 3;

/**
 * Where every match of `source` starts, or undefined when some match may start otherwise (or
 * the pattern uses syntax not read here).
 */
export function readStarts(source: string, flags = ""): Starts | undefined {
  // Unicode modes fold non-ASCII letters onto ASCII ones under `i` and change escapes: not read.
  if (/[uv]/.test(flags)) return undefined;
  try {
    new RegExp(source, flags); // only valid patterns are read
    const rest = afterSeparator(source);
    if (rest > 0) {
      // Where the rest starts (after `^`), or one character before (X); a rest that opens with
      // another such group is not read.
      const starts = readStarts(source.slice(rest), flags);
      return starts === undefined || starts.back === true ? undefined : { ...starts, back: true };
    }
    const p = new Parser(source);
    const out = p.alternation(true);
    if (p.i !== source.length) return undefined;
    const literals = [...new Set(out.map((b) => b.s))];
    if (literals.includes("")) return undefined;
    return p.lead === undefined ? { literals } : { literals, lead: p.lead };
  } catch {
    return undefined;
  }
}

/**
 * Where every match starts when its pattern opens with a fixed number of characters before a
 * literal (`[A-Za-z0-9+/]{76}ACDb`: 76 characters before "acdb"): the literals, as readStarts
 * reads them from there, and that number. Lookarounds, anchors and word boundaries are passed
 * over (they match no character), and so are the openings of groups holding no alternative and
 * not repeated (a group with alternatives begins the literals); a character class, `.` or a class escape (\d \w \s) counts one character, or n
 * with an exact {n}. Anything else before the literal (an alternative, an optional or repeated
 * part, a back-reference, a Unicode mode, where a character may be two code units) gives
 * undefined, as does a pattern readStarts reads already.
 */
export function readOffsetStarts(source: string, flags = ""): Starts | undefined {
  if (/[uv]/.test(flags)) return undefined;
  try {
    new RegExp(source, flags);
    if (hasAlternative(source, 0, source.length)) return undefined;
    let i = 0;
    let offset = 0;
    let entered = 0;
    for (;;) {
      const ch = source[i];
      if (ch === undefined) return undefined;
      if (ch === ")") {
        // The end of a group entered above (one not entered was passed over whole).
        if (entered === 0) return undefined;
        entered--;
        i++;
        continue;
      }
      if (ch === "^" || ch === "$") {
        i++;
        continue;
      }
      if (ch === "(") {
        const open = openGroup(source, i);
        const close = groupEnd(source, i);
        if (QUANTIFIER.test(source[close + 1] ?? "")) return undefined;
        if (open.kind === "look") i = close + 1;
        else if (hasAlternative(source, open.next, close))
          break; // the literals' alternatives, read below
        else {
          entered++;
          i = open.next;
        }
        continue;
      }
      let end: number;
      if (ch === "[") end = classEnd(source, i) + 1;
      else if (ch === ".") end = i + 1;
      else if (ch === "\\") {
        const e = source[i + 1] as string;
        if (e === "b" || e === "B") {
          i += 2;
          continue;
        }
        if (!/[dDwWsS]/.test(e)) break; // an escaped character is the literal; other escapes end below
        end = i + 2;
      } else break;
      // One character, or n with an exact {n} (a lazy one matches as many).
      BRACES.lastIndex = end;
      const braces = BRACES.exec(source);
      let count = 1;
      if (braces !== null) {
        if (braces[2] !== undefined) return undefined;
        count = Number(braces[1]);
        end += braces[0].length;
        if (source[end] === "?") end++;
      } else if (QUANTIFIER.test(source[end] ?? "")) return undefined;
      offset += count;
      i = end;
    }
    if (offset === 0) return undefined;
    // The rest, with the groups entered on the way opened again (unnamed: a back-reference to
    // one of them makes the rest invalid, and it is not read).
    const rest = readStarts(`${"(?:".repeat(entered)}${source.slice(i)}`, flags);
    if (rest === undefined || rest.lead !== undefined || rest.offset !== undefined) return undefined;
    return { literals: rest.literals, offset };
  } catch {
    return undefined;
  }
}

const QUANTIFIER = /^[*+?{]$/;

/**
 * The characters a match never starts after, when the pattern opens with a negative lookbehind
 * of one class (`(?<![A-Za-z0-9_])…`) and has no alternative at its top level: per ASCII code, 1
 * for the characters of that class (as the pattern's flags read it), else 0. Undefined when the
 * pattern does not open so. A try at a place after such a character can be skipped: the
 * lookbehind fails there whatever follows.
 */
export function forbiddenBefore(source: string, flags = ""): Uint8Array | undefined {
  if (!source.startsWith("(?<![")) return undefined;
  try {
    new RegExp(source, flags);
    const end = classEnd(source, 4);
    if (source[end + 1] !== ")" || QUANTIFIER.test(source[end + 2] ?? "")) return undefined;
    if (hasAlternative(source, 0, source.length)) return undefined;
    const cls = new RegExp(source.slice(4, end + 1), flags.replace(/[gdy]/g, ""));
    const out = new Uint8Array(128);
    for (let c = 0; c < 128; c++) out[c] = cls.test(String.fromCharCode(c)) ? 1 : 0;
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Where the rest of the pattern begins when it opens with `(?:^|X)` or `(?:X|^)`, X exactly one
 * character: a class (`[\n;&]`, `[\s:]`), a class escape or an escaped character (`\s`, `\n`,
 * `\;`), `.`, or a character standing for itself; else -1. The group must not be quantified.
 */
function afterSeparator(src: string): number {
  if (!src.startsWith("(?:")) return -1;
  const close = groupEnd(src, 0);
  if (QUANTIFIER.test(src[close + 1] ?? "")) return -1;
  const inner = src.slice(3, close);
  const one = inner.startsWith("^|") ? inner.slice(2) : inner.endsWith("|^") ? inner.slice(0, -2) : undefined;
  if (one === undefined || one.length === 0) return -1;
  let single: boolean;
  if (one[0] === "[") single = classEnd(one, 0) === one.length - 1;
  else if (one[0] === "\\") single = one.length === 2 && !/[bBkx0-9uUcpP]/.test(one[1] as string);
  else single = one.length === 1 && !"()[]{}|^$*+?".includes(one);
  return single ? close + 1 : -1;
}

/** Where the class opening at `i` ends (its "]"). */
function classEnd(src: string, i: number): number {
  let j = i + 1;
  if (src[j] === "^") j++;
  while (j < src.length && src[j] !== "]") j += src[j] === "\\" ? 2 : 1;
  if (j >= src.length) throw new Error("unclosed class");
  return j;
}

/** Where the group opening at `i` ends (its ")"). */
function groupEnd(src: string, i: number): number {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === "\\") j++;
    else if (c === "[") j = classEnd(src, j);
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return j;
  }
  throw new Error("unclosed group");
}

/** Whether `src[from..to)` has a "|" outside its groups and classes. */
function hasAlternative(src: string, from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const c = src[j];
    if (c === "\\") j++;
    else if (c === "[") j = classEnd(src, j);
    else if (c === "(") j = groupEnd(src, j);
    else if (c === "|") return true;
  }
  return false;
}

/** The literals of readStarts when no leading run is involved. */
export function startLiterals(source: string, flags = ""): string[] | undefined {
  const starts = readStarts(source, flags);
  return starts === undefined || starts.lead !== undefined ? undefined : starts.literals;
}

class Parser {
  i = 0;
  /** Characters of a leading run (top level only), see Starts. */
  lead: string | undefined;
  /** The characters the last atom read can be (a literal or a small class), as written. */
  chars: string[] | undefined;
  constructor(readonly src: string) {}

  alternation(top = false): Prefix[] {
    const all: Prefix[] = [...this.sequence(top)];
    while (this.src[this.i] === "|") {
      this.i++;
      // A leading run is read only for a pattern without top-level alternatives.
      if (top && this.lead !== undefined) throw new Error("leading run in an alternative");
      all.push(...this.sequence(false));
    }
    return all.length > MAX_PREFIXES ? STOP : all;
  }

  sequence(top = false): Prefix[] {
    let cur: Prefix[] = EMPTY;
    let open = true;
    let consumed = false;
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      this.chars = undefined;
      const before = this.i;
      const single = this.atom();
      const chars = this.chars as string[] | undefined;
      const q = this.quantifier();
      let atom = this.quantified(single, q);
      const zeroWidth = single === EMPTY;
      // `[ \t]*` before anything was consumed: a run the match may start with (no letters, so
      // ASCII case never matters, and no line ends).
      if (top && !consumed && q !== undefined && q[1] > 1 && q[0] <= 1 && chars !== undefined) {
        if (this.lead === undefined && chars.every((c) => !/[A-Za-z\n\r\u2028\u2029]/.test(c))) {
          this.lead = chars.join("");
          atom = EMPTY;
        }
      }
      if (!zeroWidth && this.i > before) consumed = true;
      if (!open) continue; // every prefix has ended: only the syntax is read on
      const next: Prefix[] = [];
      for (const b of cur) {
        if (!b.open) next.push(b);
        else for (const a of atom) next.push({ s: b.s + a.s, open: a.open });
      }
      // Too many alternatives: keep what is known so far, closed (still a true prefix).
      cur = next.length > MAX_PREFIXES ? cur.map((b) => ({ s: b.s, open: false })) : next;
      open = cur.some((b) => b.open);
    }
    return cur;
  }

  /** Applies a quantifier after an atom, if there is one. */
  quantified(atom: Prefix[], q: [number, number] | undefined): Prefix[] {
    if (q === undefined) return atom;
    const [min, max] = q;
    if (this.src[this.i] === "?") this.i++; // lazy: the same texts
    if (max === 0) return EMPTY;
    if (min === 0) return max === 1 ? [...atom, ...EMPTY] : STOP;
    if (min === 1 && max === 1) return atom;
    return atom.map((a) => ({ s: a.s, open: false })); // the first repetition's prefix
  }

  quantifier(): [number, number] | undefined {
    const ch = this.src[this.i];
    if (ch === "*" || ch === "+" || ch === "?") {
      this.i++;
      return ch === "*" ? [0, Infinity] : ch === "+" ? [1, Infinity] : [0, 1];
    }
    if (ch !== "{") return undefined;
    BRACES.lastIndex = this.i;
    const m = BRACES.exec(this.src);
    if (m === null) return undefined; // a literal "{" (read by atom)
    this.i += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
    return [min, max];
  }

  atom(): Prefix[] {
    const ch = this.src[this.i] as string;
    if (ch === "(") return this.group();
    if (ch === "[") return this.charClass();
    if (ch === "\\") return this.escape();
    this.i++;
    if (ch === "^" || ch === "$") return EMPTY;
    if (ch === ".") return STOP;
    if (ch === "*" || ch === "+" || ch === "?") throw new Error("nothing to repeat");
    this.chars = [ch];
    return literal(ch);
  }

  group(): Prefix[] {
    const open = openGroup(this.src, this.i);
    this.i = open.next;
    const look = open.kind === "look";
    const inner = this.alternation();
    if (this.src[this.i] !== ")") throw new Error("unclosed group");
    this.i++;
    this.chars = undefined; // what the group's last atom read says nothing about the group
    // A lookaround consumes nothing: the match goes on where it stood.
    return look ? EMPTY : inner;
  }

  charClass(): Prefix[] {
    this.i++; // [
    let negated = false;
    if (this.src[this.i] === "^") {
      negated = true;
      this.i++;
    }
    const chars = new Set<string>();
    let known = true;
    while (this.i < this.src.length && this.src[this.i] !== "]") {
      const c = this.classChar();
      if (c === undefined) {
        known = false;
        continue;
      }
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && this.i + 1 < this.src.length) {
        this.i++;
        const d = this.classChar();
        if (d === undefined || d.charCodeAt(0) - c.charCodeAt(0) > 2 * MAX_CLASS) {
          known = false;
          continue;
        }
        for (let x = c.charCodeAt(0); x <= d.charCodeAt(0); x++) chars.add(String.fromCharCode(x));
      } else chars.add(c);
    }
    if (this.src[this.i] !== "]") throw new Error("unclosed class");
    this.i++;
    if (negated || !known) return STOP;
    const lowered = new Set<string>();
    for (const c of chars) {
      if (c.charCodeAt(0) >= 128) return STOP;
      lowered.add(c.toLowerCase());
    }
    if (lowered.size === 0 || lowered.size > MAX_CLASS) return STOP;
    this.chars = [...chars];
    return [...lowered].map((s) => ({ s, open: true }));
  }

  /** One character inside a class, or undefined for a class escape (\d, \w, ...) or one not read. */
  classChar(): string | undefined {
    const ch = this.src[this.i] as string;
    this.i++;
    if (ch !== "\\") return ch;
    const e = this.src[this.i] as string;
    this.i++;
    const control = CONTROL[e];
    if (control !== undefined) return control;
    if (/[A-Za-z0-9]/.test(e)) {
      // \d \w \s \b \xHH \uHHHH \cX \0 ...: skip what belongs to it, give up on the class.
      if (e === "x") this.i += 2;
      else if (e === "u") this.i += this.src[this.i] === "{" ? this.src.indexOf("}", this.i) - this.i + 1 : 4;
      else if (e === "c") this.i += 1;
      else if (e === "p" || e === "P") this.i = this.src.indexOf("}", this.i) + 1;
      return undefined;
    }
    return e;
  }

  escape(): Prefix[] {
    const e = this.src[this.i + 1];
    if (e === undefined) throw new Error("trailing backslash");
    this.i += 2;
    if (e === "b" || e === "B") return EMPTY;
    const control = CONTROL[e];
    if (control !== undefined) {
      this.chars = [control];
      return literal(control);
    }
    if (e === "k") {
      const end = this.src.indexOf(">", this.i);
      if (this.src[this.i] !== "<" || end < 0) throw new Error("bad backreference");
      this.i = end + 1;
      return STOP;
    }
    if (e === "x") {
      this.i += 2;
      return STOP;
    }
    if (e === "u") {
      this.i += 4;
      return STOP;
    }
    if (e === "c") {
      this.i += 1;
      return STOP;
    }
    if (e === "p" || e === "P") {
      this.i = this.src.indexOf("}", this.i) + 1;
      return STOP;
    }
    if (/[0-9]/.test(e)) {
      while (/[0-9]/.test(this.src[this.i] ?? "")) this.i++;
      return STOP;
    }
    if (/[A-Za-z]/.test(e)) return STOP; // \d \w \s and friends
    this.chars = [e];
    return literal(e);
  }
}

const BRACES = /\{(\d+)(,(\d*))?\}/y;

/** The opening of the group at `i` (a "("): what kind it is, its name, and where its content starts. */
function openGroup(src: string, i: number): { kind: "plain" | "look" | "capture"; name?: string; next: number } {
  const rest = src.slice(i, i + 4);
  if (rest.startsWith("(?:")) return { kind: "plain", next: i + 3 };
  if (rest.startsWith("(?=") || rest.startsWith("(?!")) return { kind: "look", next: i + 3 };
  if (rest.startsWith("(?<=") || rest.startsWith("(?<!")) return { kind: "look", next: i + 4 };
  if (rest.startsWith("(?<")) {
    const end = src.indexOf(">", i);
    if (end < 0) throw new Error("bad group name");
    return { kind: "capture", name: src.slice(i + 3, end), next: end + 1 };
  }
  if (rest.startsWith("(?")) throw new Error("unknown group");
  return { kind: "capture", next: i + 1 };
}
const CONTROL: Record<string, string> = { n: "\n", r: "\r", t: "\t", f: "\f", v: "\v" };

function literal(ch: string): Prefix[] {
  if (ch.charCodeAt(0) >= 128) return STOP;
  return [{ s: ch.toLowerCase(), open: true }];
}

/**
 * What the line reading knows about a piece of a pattern: whether it can match a line feed
 * (or, in a lookaround, look at one), literals of which every match contains one, and every
 * text it matches when those are few and fixed (all lower-cased, ASCII only).
 */
interface Piece {
  nl: boolean;
  req?: string[] | undefined;
  exact?: string[] | undefined;
}

const ZERO: Piece = { nl: false, exact: [""] };
/** A literal whose characters are all known and fixed, lower-cased. */
const usable = (lits: string[] | undefined): lits is string[] =>
  lits !== undefined && lits.length > 0 && lits.length <= MAX_PREFIXES && lits.every((l) => l.length > 0);

/**
 * Literals (lower-cased, ASCII) of which every match of `source` contains one, when no match
 * can reach past a line: no part of the pattern, lookarounds and back-references included, can
 * match "\n", and `^`/`$` mean line starts and ends (flag m). Such a rule finds on each line
 * alone, with the line cut out of the text, exactly what it finds there in the whole text, and
 * nothing on a line without one of the literals. Undefined when that is not sure.
 */
export function readLines(source: string, flags = ""): string[] | undefined {
  // Unicode modes fold case past ASCII; with s, "." matches line feeds.
  if (/[uvs]/.test(flags)) return undefined;
  try {
    new RegExp(source, flags);
    const r = new LineReader(source, flags.includes("m"));
    const p = r.alternation();
    if (r.i !== source.length || p.nl || !usable(p.req)) return undefined;
    return [...new Set(p.req)];
  } catch {
    return undefined;
  }
}

class LineReader {
  i = 0;
  /** Per capturing group (in the order they open): whether it can match a line feed. */
  readonly groups: boolean[] = [];
  readonly names = new Map<string, number>();
  constructor(
    readonly src: string,
    readonly multiline: boolean,
  ) {}

  alternation(): Piece {
    const branches = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0] as Piece;
    const union = (f: (p: Piece) => string[] | undefined): string[] | undefined => {
      const all: string[] = [];
      for (const b of branches) {
        const l = f(b);
        if (l === undefined) return undefined;
        all.push(...l);
      }
      const set = [...new Set(all)];
      return set.length > MAX_PREFIXES ? undefined : set;
    };
    return { nl: branches.some((b) => b.nl), req: union((b) => b.req), exact: union((b) => b.exact) };
  }

  sequence(): Piece {
    let nl = false;
    let best: string[] | undefined;
    // The texts of the current run of fixed pieces, and of the whole sequence while it is fixed.
    let run: string[] = [""];
    let whole: string[] | undefined = [""];
    const consider = (req: string[] | undefined) => {
      if (!usable(req)) return;
      if (best === undefined || score(req) > score(best)) best = req;
    };
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      const atom = this.atom();
      const q = this.quantifier();
      const p = q === undefined ? atom : quantified(atom, q);
      nl ||= p.nl;
      if (p.exact !== undefined) {
        const next = product(run, p.exact);
        if (next === undefined) {
          consider(run);
          run = p.exact;
        } else run = next;
        whole = whole === undefined ? undefined : product(whole, p.exact);
      } else {
        consider(run);
        run = [""];
        whole = undefined;
        consider(p.req);
      }
    }
    consider(run);
    return { nl, req: best, exact: whole };
  }

  quantifier(): [number, number] | undefined {
    const ch = this.src[this.i];
    let q: [number, number] | undefined;
    if (ch === "*" || ch === "+" || ch === "?") {
      this.i++;
      q = ch === "*" ? [0, Infinity] : ch === "+" ? [1, Infinity] : [0, 1];
    } else if (ch === "{") {
      BRACES.lastIndex = this.i;
      const m = BRACES.exec(this.src);
      if (m === null) return undefined; // a literal "{" (read by atom)
      this.i += m[0].length;
      q = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3])];
    } else return undefined;
    if (this.src[this.i] === "?") this.i++; // lazy: the same texts
    return q;
  }

  atom(): Piece {
    const ch = this.src[this.i] as string;
    if (ch === "(") return this.group();
    if (ch === "[") return this.charClass();
    if (ch === "\\") return this.escape();
    this.i++;
    if (ch === "^" || ch === "$") {
      // Without m they mean the text's start and end, which a line cut out of it would move.
      if (!this.multiline) throw new Error("text anchor");
      return ZERO;
    }
    if (ch === ".") return { nl: false }; // no s flag: never a line feed
    return char(ch.charCodeAt(0));
  }

  group(): Piece {
    const open = openGroup(this.src, this.i);
    this.i = open.next;
    const look = open.kind === "look";
    const capture = open.kind === "capture" ? this.groups.length : undefined;
    if (capture !== undefined && open.name !== undefined) this.names.set(open.name, capture);
    if (capture !== undefined) this.groups.push(true); // until read: a reference inside it is not trusted
    const inner = this.alternation();
    if (this.src[this.i] !== ")") throw new Error("unclosed group");
    this.i++;
    if (capture !== undefined) this.groups[capture] = inner.nl;
    // A lookaround consumes nothing, but what it looks at must stay on the line too.
    return look ? { nl: inner.nl, exact: [""] } : inner;
  }

  charClass(): Piece {
    this.i++; // [
    let negated = false;
    if (this.src[this.i] === "^") {
      negated = true;
      this.i++;
    }
    const chars = new Set<number>();
    let fixed = true; // every member is a known character
    let unknown = false; // a member this reading does not understand
    let lineFeed = false; // a member that matches "\n"
    while (this.i < this.src.length && this.src[this.i] !== "]") {
      const c = this.classMember();
      if (typeof c !== "number") {
        fixed = false;
        if (c === "nl") lineFeed = true;
        else if (c === "unknown") unknown = true;
        continue;
      }
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && this.i + 1 < this.src.length) {
        this.i++;
        const d = this.classMember();
        if (typeof d !== "number") throw new Error("class escape in a range");
        if (c <= 10 && 10 <= d) lineFeed = true;
        if (d - c > 2 * MAX_CLASS) fixed = false;
        else for (let x = c; x <= d; x++) chars.add(x);
      } else {
        if (c === 10) lineFeed = true;
        chars.add(c);
      }
    }
    if (this.src[this.i] !== "]") throw new Error("unclosed class");
    this.i++;
    // [^...] matches "\n" unless a member does; [...] when a member does (or might).
    const nl = negated ? !lineFeed : lineFeed || unknown;
    if (negated || !fixed) return { nl };
    const lowered = new Set<string>();
    for (const c of chars) {
      if (c >= 128) return { nl };
      lowered.add(String.fromCharCode(c).toLowerCase());
    }
    if (lowered.size === 0 || lowered.size > MAX_CLASS) return { nl };
    const exact = [...lowered];
    return { nl, exact, req: exact };
  }

  /** One class member: a character code, or what a class escape means for line feeds. */
  classMember(): number | "nl" | "no-nl" | "unknown" {
    const ch = this.src[this.i] as string;
    this.i++;
    if (ch !== "\\") return ch.charCodeAt(0);
    const e = this.src[this.i] as string;
    this.i++;
    if (e === "s" || e === "D" || e === "W") return "nl";
    if (e === "S" || e === "d" || e === "w") return "no-nl";
    if (e === "b") return 8; // backspace, inside a class
    const code = this.charEscape(e);
    if (code !== undefined) return code;
    return /[A-Za-z0-9]/.test(e) ? "unknown" : e.charCodeAt(0);
  }

  /** The character a character escape stands for (after its letter), or undefined. */
  charEscape(e: string): number | undefined {
    const control = CONTROL[e];
    if (control !== undefined) return control.charCodeAt(0);
    const hex = (n: number): number | undefined => {
      const digits = this.src.slice(this.i, this.i + n);
      if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(digits)) return undefined;
      this.i += n;
      return Number.parseInt(digits, 16);
    };
    if (e === "x") return hex(2);
    if (e === "u") return hex(4);
    if (e === "c" && /[A-Za-z]/.test(this.src[this.i] ?? "")) {
      this.i++;
      return (this.src.charCodeAt(this.i - 1) as number) % 32;
    }
    if (e === "0" && !/[0-9]/.test(this.src[this.i] ?? "")) return 0;
    return undefined;
  }

  escape(): Piece {
    this.i++; // backslash
    const e = this.src[this.i] as string;
    if (e === undefined) throw new Error("trailing backslash");
    this.i++;
    if (e === "b" || e === "B") return ZERO;
    if (e === "s" || e === "D" || e === "W") return { nl: true };
    if (e === "S" || e === "d" || e === "w") return { nl: false };
    if (e === "k" && this.src[this.i] === "<") {
      const end = this.src.indexOf(">", this.i);
      if (end < 0) throw new Error("bad backreference");
      const group = this.names.get(this.src.slice(this.i + 1, end));
      this.i = end + 1;
      return { nl: group === undefined ? true : (this.groups[group] ?? true) };
    }
    if (/[1-9]/.test(e)) {
      let n = e;
      while (/[0-9]/.test(this.src[this.i] ?? "")) n += this.src[this.i++];
      // A reference to a group, or (without one) an octal escape: either way, trusted only
      // when it refers to a group that cannot match a line feed.
      return { nl: this.groups[Number(n) - 1] ?? true };
    }
    const code = this.charEscape(e);
    if (code !== undefined) return char(code);
    if (/[A-Za-z0-9]/.test(e)) return { nl: true }; // not read here: assume the worst
    return char(e.charCodeAt(0));
  }
}

function char(code: number): Piece {
  if (code === 10) return { nl: true };
  if (code >= 128) return { nl: false };
  const s = String.fromCharCode(code).toLowerCase();
  return { nl: false, exact: [s], req: [s] };
}

function quantified(atom: Piece, [min, max]: [number, number]): Piece {
  if (max === 0) return ZERO;
  const req = min >= 1 ? atom.req : undefined;
  if (min === 1 && max === 1) return atom;
  if (min === 0 && max === 1 && atom.exact !== undefined) {
    return { nl: atom.nl, exact: [...new Set([...atom.exact, ""])] };
  }
  return { nl: atom.nl, req };
}

function product(a: readonly string[], b: readonly string[]): string[] | undefined {
  if (a.length * b.length > MAX_PREFIXES) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

/** The shortest literal decides how rare a requirement is (then the fewer literals, the better). */
function score(lits: readonly string[]): number {
  let min = Infinity;
  for (const l of lits) min = Math.min(min, l.length);
  return min * 1000 - lits.length;
}

/**
 * The fewest characters a match of `source` reads: what it consumes, and what its positive
 * lookarounds must see around it (`(?<=[a-f0-9]{32})-us1` reads 36; a negative one, an anchor or
 * a word boundary reads none it needs). A class, an escape or `.` is one character, a quantified
 * atom its least count of it, an alternation its shortest branch, a back reference none. When
 * every character a match reads is text (binary-view.ts), they lie in one run of text at least
 * this long. 0 when the source is not understood.
 */
export function shortestRead(source: string, flags = ""): number {
  const nested = flags.includes("v");
  let i = 0;
  let broken = false;
  const digit = (at: number): boolean => {
    const c = source.charCodeAt(at);
    return c >= 48 && c <= 57;
  };
  const hex = (from: number, count: number): boolean => {
    for (let k = from; k < from + count; k++) if (!/[0-9A-Fa-f]/.test(source[k] ?? "")) return false;
    return true;
  };
  // [consumed, read] of the alternation from i up to its ")" (or the end).
  const alternation = (): [number, number] => {
    let consumed = Number.POSITIVE_INFINITY;
    let read = Number.POSITIVE_INFINITY;
    let c = 0;
    let r = 0;
    while (!broken) {
      if (i >= source.length || source[i] === ")" || source[i] === "|") {
        consumed = Math.min(consumed, c);
        read = Math.min(read, Math.max(c, r));
        if (source[i] !== "|") break;
        c = 0;
        r = 0;
        i++;
        continue;
      }
      const before = i;
      const [ac, ar] = atom();
      if (i === before) broken = true;
      const least = quantifier();
      c += ac * least;
      if (least > 0) r = Math.max(r, ar);
    }
    return [consumed, read];
  };
  const atom = (): [number, number] => {
    const ch = source[i];
    if (ch === "(") {
      let look: "positive" | "negative" | undefined;
      if (source[i + 1] !== "?") i++;
      else {
        const next = source[i + 2];
        const third = source[i + 3];
        if (next === "=" || next === "!") {
          look = next === "=" ? "positive" : "negative";
          i += 3;
        } else if (next === "<" && (third === "=" || third === "!")) {
          look = third === "=" ? "positive" : "negative";
          i += 4;
        } else if (next === "<" || next === ":") {
          i = next === ":" ? i + 3 : source.indexOf(">", i) + 1;
          if (i === 0) broken = true;
        } else {
          // Modifiers: (?i:...), (?-i:...).
          const colon = source.indexOf(":", i);
          if (colon < 0) broken = true;
          i = colon + 1;
        }
      }
      const [c, r] = alternation();
      if (source[i] !== ")") broken = true;
      i++;
      if (look === "negative") return [0, 0];
      if (look === "positive") return [0, r];
      return [c, r];
    }
    if (ch === "[") {
      i++;
      let depth = 1;
      if (source[i] === "^") i++;
      while (i < source.length && depth > 0) {
        const d = source[i];
        if (d === "\\") i += 2;
        else {
          if (d === "]") depth--;
          else if (d === "[" && nested) depth++;
          i++;
        }
      }
      if (depth > 0) broken = true;
      return [1, 1];
    }
    if (ch === "\\") {
      const d = source[i + 1] ?? "";
      if (d === "b" || d === "B") {
        i += 2;
        return [0, 0];
      }
      if (d === "k" && source[i + 2] === "<") {
        i = source.indexOf(">", i) + 1;
        if (i === 0) broken = true;
        return [0, 0];
      }
      if (d >= "1" && d <= "9") {
        i += 2;
        while (digit(i)) i++;
        return [0, 0];
      }
      if ((d === "u" || d === "p" || d === "P") && source[i + 2] === "{") {
        i = source.indexOf("}", i) + 1;
        if (i === 0) broken = true;
        return [1, 1];
      }
      // One character: \uXXXX, \xXX, \cX, \0 and its octal digits (annex B), a letter's class.
      if (d === "u" && hex(i + 2, 4)) i += 6;
      else if (d === "x" && hex(i + 2, 2)) i += 4;
      else if (d === "c" && /[A-Za-z]/.test(source[i + 2] ?? "")) i += 3;
      else {
        i += 2;
        if (d === "0") for (let k = 0; k < 2 && /[0-7]/.test(source[i] ?? ""); k++) i++;
      }
      return [1, 1];
    }
    if (ch === "^" || ch === "$") {
      i++;
      return [0, 0];
    }
    i++;
    return [1, 1];
  };
  const quantifier = (): number => {
    const ch = source[i];
    let least = 1;
    if (ch === "*" || ch === "?") least = 0;
    else if (ch === "{") {
      // {n}, {n,}, {n,m}; anything else is a literal brace (annex B).
      let j = i + 1;
      while (digit(j)) j++;
      if (j === i + 1) return 1;
      const n = Number(source.slice(i + 1, j));
      if (source[j] === ",") {
        j++;
        while (digit(j)) j++;
      }
      if (source[j] !== "}") return 1;
      least = n;
      i = j;
    } else if (ch !== "+") return 1;
    i++;
    if (source[i] === "?") i++;
    return least;
  };
  const [, read] = alternation();
  if (broken || i < source.length || !Number.isFinite(read)) return 0;
  return read;
}
