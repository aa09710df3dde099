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
}

/** Bumped when the reading changes, so that starts stored by an older build are not trusted. */
export const STARTS_VERSION = 1;

/**
 * Where every match of `source` starts, or undefined when some match may start otherwise (or
 * the pattern uses syntax not read here).
 */
export function readStarts(source: string, flags = ""): Starts | undefined {
  // Unicode modes fold non-ASCII letters onto ASCII ones under `i` and change escapes: not read.
  if (/[uv]/.test(flags)) return undefined;
  try {
    new RegExp(source, flags); // only valid patterns are read
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
    const rest = this.src.slice(this.i, this.i + 4);
    let look = false;
    if (rest.startsWith("(?:")) this.i += 3;
    else if (rest.startsWith("(?=") || rest.startsWith("(?!")) {
      this.i += 3;
      look = true;
    } else if (rest.startsWith("(?<=") || rest.startsWith("(?<!")) {
      this.i += 4;
      look = true;
    } else if (rest.startsWith("(?<")) {
      const end = this.src.indexOf(">", this.i);
      if (end < 0) throw new Error("bad group name");
      this.i = end + 1;
    } else if (rest.startsWith("(?")) throw new Error("unknown group");
    else this.i += 1;
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
const CONTROL: Record<string, string> = { n: "\n", r: "\r", t: "\t", f: "\f", v: "\v" };

function literal(ch: string): Prefix[] {
  if (ch.charCodeAt(0) >= 128) return STOP;
  return [{ s: ch.toLowerCase(), open: true }];
}
