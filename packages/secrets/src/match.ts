import { isUtf8 } from "node:buffer";
import type { Confidence } from "@rampart/core";
import { judgeContext } from "./clean-context.js";
import { type DecodedText, decodeEscapes } from "./encoded.js";
import { isFiller, isPlaceholder, looksLikeIdentifier, shannonEntropy } from "./entropy.js";
import {
  forbiddenBefore,
  readLines,
  readOffsetStarts,
  readStarts,
  type Starts,
  shortestRead,
} from "./match-anchors.js";
import {
  buildKeywordScanner,
  compileKeywordAutomaton,
  type KeywordAutomaton,
  type KeywordScanner,
  type Places,
  packAutomaton,
  type Scanned,
  toTextPlaces,
  unpackAutomaton,
} from "./match-keywords.js";
import type { SecretRule } from "./rule.js";
import { ArrayRules, builtin, RuleChain, type RuleSet, releaseBuiltinPrepared } from "./rules/table.js";
import { validators } from "./validators.js";

/**
 * "generated": text a tool wrote (a minified bundle, a one-line JSON document, a line over
 * classify.ts LONG_LINE): the code rules run, but a generic rule's unquoted value that reads as
 * code is not one (see readsAsCode: `token,end=i+1`, `xToken===102&&…`).
 * "minified": the old narrower set (the rules marked for it: URL credentials, self-identifying
 * tokens), kept for callers that ask for it.
 */
export type MatchContext = "code" | "lockfile" | "minified" | "generated";

export interface Match {
  ruleId: string;
  provider: string;
  /** The secret itself. Callers must mask it before showing it anywhere. */
  secret: string;
  /** UTF-16 offsets of the secret in the scanned text, end exclusive. */
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  confidence: Confidence;
  /** Set when the rule has an offline validator: whether the secret passed it. */
  validated?: boolean;
  /**
   * Set when a validator only a real credential passes (a checksum, a key that parses) passed:
   * where the match is (a test folder) does not lower such a finding.
   */
  proven?: boolean;
}

export interface MatchOptions {
  /** Rules to run (default: the built-in rules). */
  rules?: readonly SecretRule[] | RuleSet;
  /** Ids of rules not to run (as if they were not in `rules`). */
  disabled?: ReadonlySet<string>;
  /** What kind of text this is; rules that make no sense there are skipped (default "code"). */
  context?: MatchContext;
  /**
   * The bytes the text was decoded from as UTF-8 (Buffer's toString): the keyword pass then reads
   * the bytes (match-wasm.ts), which is quicker, when there are as many as the text has
   * characters (each character one byte: ASCII, or an invalid byte read as U+FFFD) or they are
   * valid UTF-8 (places are then moved to the text's); otherwise it reads the text.
   */
  bytes?: Uint8Array;
  /**
   * Ascending [start, end) spans of the text that a tool wrote, in an otherwise ordinary text:
   * its lines over LONG_LINE characters (classify.ts). A generic rule's match touching one is
   * judged as in the "generated" context; the rest of the text as `context` says.
   */
  generated?: ReadonlyArray<readonly [number, number]>;
}

/** A rule and its regexes, compiled on first use: most rules never see a text with their keywords. */
class Compiled {
  /** Keywords at which every match starts (see planKeywords), or undefined. */
  anchors: Int32Array | undefined;
  /** Characters a match may start with before the keyword (see Starts.lead). */
  lead: string | undefined;
  /** Characters every match has before the keyword (see Starts.offset). */
  offset: number | undefined;
  /** A match may also start one character before its run of lead characters (see Starts.back). */
  back = false;
  /** Keywords on whose lines every match lies (see KeywordPlan.lines), or undefined. */
  lines: Int32Array | undefined;
  #re: RegExp | undefined;
  #allow: RegExp[] | undefined;
  #sticky: RegExp | undefined;
  #before: Uint8Array | null | undefined;
  constructor(readonly rule: SecretRule) {}
  /** The ASCII characters no match starts after (match-anchors.ts forbiddenBefore), or null. */
  get before(): Uint8Array | null {
    if (this.#before === undefined) this.#before = forbiddenBefore(this.rule.pattern, this.rule.flags) ?? null;
    return this.#before;
  }
  get re(): RegExp {
    this.#re ??= new RegExp(this.rule.pattern, `gd${(this.rule.flags ?? "").replace(/[gdy]/g, "")}`);
    return this.#re;
  }
  /** The same pattern, sticky: tried at one position (anchored rules). */
  get sticky(): RegExp {
    this.#sticky ??= new RegExp(this.rule.pattern, `dy${(this.rule.flags ?? "").replace(/[gdy]/g, "")}`);
    return this.#sticky;
  }
  get allow(): RegExp[] {
    this.#allow ??= (this.rule.allowlist ?? []).map((a) => new RegExp(a));
    return this.#allow;
  }
}

/**
 * Lists of indices, one per item, packed into two typed arrays: item i's list is
 * `list[start[i]] .. list[start[i + 1] - 1]`, and an item without a list (not an empty one)
 * has `start[i] === -1` and `start[i + 1]` where the next list starts. A startup snapshot holds
 * the index of the built-in rules (match.ts prepareBuiltinIndex): as one array per keyword and
 * per rule (~5,700 small arrays) every hook start deserialised each of them; two typed arrays
 * are two objects.
 */
interface Packed {
  start: Int32Array;
  list: Int32Array;
}

function pack(lists: ReadonlyArray<readonly number[] | null | undefined>): Packed {
  let total = 0;
  for (const l of lists) total += l?.length ?? 0;
  const start = new Int32Array(lists.length + 1);
  const list = new Int32Array(total);
  let at = 0;
  lists.forEach((l, i) => {
    if (l === null || l === undefined) {
      start[i] = -1;
      return;
    }
    start[i] = at;
    list.set(l, at);
    at += l.length;
  });
  start[lists.length] = at;
  return { start, list };
}

/** Item i's list (a view, no copy), or undefined when it has none. */
function listOf(packed: Packed, i: number): Int32Array | undefined {
  const from = packed.start[i] as number;
  if (from < 0) return undefined;
  let to = -1;
  for (let j = i + 1; to < 0; j++) to = packed.start[j] as number;
  return packed.list.subarray(from, to);
}

interface RuleIndex {
  set: RuleSet;
  /** Per distinct keyword (the plan's), its length: where its places start, from where it ends. */
  keywordLengths: Int32Array;
  /** Per keyword, the indices of the rules it selects. */
  byKeyword: Packed;
  scanner: KeywordScanner;
  /** Rules without keywords run on every text. */
  always: number[];
  /** Per rule, the contexts it applies in (CONTEXT bits). */
  contexts: Uint8Array;
  /** Per rule, the keyword indices of its `requires` (one must occur too), or none. */
  requires: Packed;
  /** Per rule, where it is tried (planKeywords). */
  anchors: Packed;
  leads: Array<string | undefined>;
  offsets: Array<number | undefined>;
  /** Per rule, 1 when a match may also start one character before its lead. */
  backs: Uint8Array;
  lines: Packed;
  /** Prefixes of self-identifying rules (lower-case, 4+ characters), for the generic rules. */
  owned: string[];
  /** PreparedRules.shortest. */
  shortest: number;
  /** Rules made ready to run, on their first candidacy. */
  compiled: Array<Compiled | undefined>;
  /** Per rule, the stamp of the last text it was taken for (see candidates). */
  taken: Uint32Array;
  /** Per keyword, the stamp of the last text it occurred in; `stamp` counts texts. */
  present: Uint32Array;
  stamp: number;
}

// "generated" selects the code rules (rules declare code, lockfile and minified only).
const CONTEXT: Record<MatchContext, number> = { code: 1, lockfile: 2, minified: 4, generated: 1 };

/**
 * The prefilter's keyword list and, per rule, where its matches can start. Keywords first: the
 * rules' keywords and `requires`, lower-cased, in first-use order (they decide which rules run).
 * Then anchors: for each rule not marked anchored whose pattern says where every match starts
 * (match-anchors.ts), each start literal is tracked by the longest keyword that begins it, or,
 * when none does, by the literal itself, added to the list. Those extra entries only report
 * places; no rule runs because of them.
 */
export interface KeywordPlan {
  keywords: string[];
  /** Per rule: keyword indices where every match starts, or undefined (scan the whole text). */
  anchors: Array<number[] | undefined>;
  /** Per rule: characters a match may start with before its literal (see Starts.lead). */
  leads: Array<string | undefined>;
  /** Per rule: characters every match has before its literal (see Starts.offset). */
  offsets: Array<number | undefined>;
  /** Per rule: whether a match may also start one character before its lead (see Starts.back). */
  backs: boolean[];
  /**
   * Per rule: keyword indices such that every match lies within one line holding one of them
   * (match-anchors.ts readLines), or undefined. Each keyword occurs inside one of the rule's
   * required literals, so a line without any of them holds no match.
   */
  lines: Array<number[] | undefined>;
}

/** Start literals shorter than this are not added to the keyword list (too common to help). */
const MIN_ANCHOR = 2;
/** Longer start literals are tracked by their beginning (fewer automaton states). */
const MAX_ANCHOR = 16;

export function planKeywords(
  rules: readonly SecretRule[],
  starts: ReadonlyArray<Starts | undefined>,
  required: ReadonlyArray<string[] | undefined> = ruleLines(rules),
): KeywordPlan {
  const keywords: string[] = [];
  const slot = new Map<string, number>();
  const slotOf = (kw: string): number => {
    let i = slot.get(kw);
    if (i === undefined) {
      i = keywords.length;
      slot.set(kw, i);
      keywords.push(kw);
    }
    return i;
  };
  for (const rule of rules) for (const k of [...rule.keywords, ...(rule.requires ?? [])]) slotOf(k.toLowerCase());
  const anchors: Array<number[] | undefined> = [];
  const leads: Array<string | undefined> = [];
  const offsets: Array<number | undefined> = [];
  const backs: boolean[] = [];
  rules.forEach((rule, r) => {
    leads.push(undefined);
    offsets.push(undefined);
    backs.push(false);
    anchors.push(undefined);
    if (rule.anchored === true) {
      anchors[r] = [...new Set(rule.keywords.map((k) => slotOf(k.toLowerCase())))];
      return;
    }
    const start = starts[r];
    if (start === undefined || start.literals.some((l) => l.length < MIN_ANCHOR && !slot.has(l))) return;
    const ids = new Set<number>();
    for (const literal of start.literals) {
      // The longest tracked keyword that begins the literal: the fewest places to try.
      let id: number | undefined;
      for (let n = Math.min(literal.length, MAX_ANCHOR); n > 0 && id === undefined; n--) {
        id = slot.get(literal.slice(0, n));
      }
      ids.add(id ?? slotOf(literal.slice(0, MAX_ANCHOR)));
    }
    anchors[r] = [...ids];
    leads[r] = start.lead;
    offsets[r] = start.offset;
    backs[r] = start.back === true;
  });
  // Lines after anchors, so that their literals can reuse anchor keywords.
  const lines = rules.map((_, r) => {
    const literals = required[r];
    if (literals === undefined) return undefined;
    const ids = new Set<number>();
    for (const literal of literals) {
      // The longest tracked keyword inside the literal (any place in it: only its line counts).
      let id: number | undefined;
      for (let n = Math.min(literal.length, MAX_ANCHOR); n >= MIN_ANCHOR && id === undefined; n--) {
        for (let from = 0; from + n <= literal.length && id === undefined; from++)
          id = slot.get(literal.slice(from, from + n));
      }
      if (id === undefined && literal.length < MIN_ANCHOR) return undefined;
      ids.add(id ?? slotOf(literal.slice(0, MAX_ANCHOR)));
    }
    return [...ids];
  });
  return { keywords, anchors, leads, offsets, backs, lines };
}

/** Per rule, the literals readLines finds in its pattern (see KeywordPlan.lines). */
export function ruleLines(rules: readonly SecretRule[]): Array<string[] | undefined> {
  return rules.map((r) => readLines(r.pattern, r.flags));
}

/** Where each rule's matches start, read from its pattern (rules marked anchored say it themselves). */
export function ruleStarts(rules: readonly SecretRule[]): Array<Starts | undefined> {
  return rules.map((r) => {
    if (r.anchored === true) return undefined;
    const starts = readStarts(r.pattern, r.flags);
    if (starts !== undefined && starts.literals.every((l) => l.length >= MIN_ANCHOR)) return starts;
    // Start literals too short to track (`[a-f]{4}zz` starts with one of six letters): the
    // literal after a fixed number of characters may do.
    const later = readOffsetStarts(r.pattern, r.flags);
    return later !== undefined && later.literals.every((l) => l.length >= MIN_ANCHOR) ? later : starts;
  });
}

/**
 * What the engine prepares from a rule set before it scans: the keyword plan, which rules each
 * keyword selects, and the keyword automaton. The build stores it for the built-in rules
 * (scripts/gen-rules.mjs, in rules/table.json), so a hook only reads it; any other rule set
 * (a repository's .gitleaks.toml, tests) is prepared when first used. Plain JSON but for the
 * automaton, which is packed (match-keywords.ts packAutomaton).
 */
export interface PreparedRules {
  keywords: string[];
  /** Per rule: keyword indices where every match starts (null: the whole text). */
  anchors: Array<number[] | null>;
  /** Per rule: characters a match may start with before its literal (null: none). */
  leads: Array<string | null>;
  /** Per rule: characters every match has before its literal (null: none). */
  offsets: Array<number | null>;
  /** Per rule: 1 when a match may also start one character before its lead (see Starts.back), else 0. */
  backs: number[];
  /** Per rule: keywords on whose lines every match lies (null: none known). */
  lines: Array<number[] | null>;
  /** Per keyword: the indices of the rules it selects (its rules' keywords, not `requires`). */
  byKeyword: number[][];
  /** Rules without keywords. */
  always: number[];
  /** Per rule: the contexts it applies in, as CONTEXT bits. */
  contexts: number[];
  /** Per rule: keyword indices of its `requires`, or null. */
  requires: Array<number[] | null>;
  owned: string[];
  automaton: string;
  /**
   * The fewest characters any rule's match reads (match-anchors.ts shortestRead; 0 when one is
   * not understood): binary content's strings shorter than that are not read (binary-view.ts).
   */
  shortest: number;
}

/**
 * Bumped whenever PreparedRules' shape changes (a change in how it is computed makes the table
 * stale anyway: its hash covers the engine modules).
 */
export const PREPARED_VERSION = 4;

export function prepareRules(rules: readonly SecretRule[]): PreparedRules {
  const { keywords, anchors, leads, offsets, backs, lines } = planKeywords(rules, ruleStarts(rules));
  return {
    ...indexRules(rules, keywords),
    keywords,
    anchors: anchors.map((a) => a ?? null),
    leads: leads.map((l) => l ?? null),
    offsets: offsets.map((o) => o ?? null),
    backs: backs.map((b) => (b ? 1 : 0)),
    lines: lines.map((l) => l ?? null),
    automaton: packAutomaton(compileKeywordAutomaton(keywords)),
    shortest: rules.reduce((least, r) => Math.min(least, shortestRead(r.pattern, r.flags)), rules.length > 0 ? 1e9 : 0),
  };
}

/** Which rules each keyword selects, and per rule what candidates() checks. */
function indexRules(
  rules: readonly SecretRule[],
  keywords: readonly string[],
): Pick<PreparedRules, "byKeyword" | "always" | "contexts" | "requires" | "owned"> {
  const slot = new Map(keywords.map((k, i) => [k, i]));
  const byKeyword: number[][] = keywords.map(() => []);
  const always: number[] = [];
  const owned = new Set<string>();
  rules.forEach((rule, r) => {
    if (rule.selfIdentifying) for (const k of rule.keywords) if (k.length >= 4) owned.add(k.toLowerCase());
    if (rule.keywords.length === 0) always.push(r);
    for (const kw of new Set(rule.keywords.map((k) => k.toLowerCase()))) byKeyword[slot.get(kw) as number]?.push(r);
  });
  return {
    byKeyword,
    always,
    contexts: rules.map((r) => (r.contexts ?? ["code"]).reduce((bits, c) => bits | CONTEXT[c], 0)),
    requires: rules.map((r) => r.requires?.map((k) => slot.get(k.toLowerCase()) as number) ?? null),
    owned: [...owned],
  };
}

/** The prefilter's keyword list for these rules (what the build precomputes the automaton for). */
export function keywordList(rules: readonly SecretRule[]): string[] {
  return planKeywords(rules, ruleStarts(rules)).keywords;
}

const indexes = new WeakMap<object, RuleIndex>();

/** The rule set to run: the built-in one (also when given as the array it materialized), or these rules. */
function setOf(rules: MatchOptions["rules"]): RuleSet {
  if (rules === undefined || rules === builtin.materialized) return builtin;
  if (!Array.isArray(rules)) return rules as RuleSet;
  let set = arraySets.get(rules);
  if (set === undefined) {
    set = new ArrayRules(rules as SecretRule[]);
    arraySets.set(rules, set);
  }
  return set;
}
const arraySets = new WeakMap<readonly SecretRule[], RuleSet>();

/**
 * Prepares a rule set once (later calls reuse it): from the build's preparation when the set
 * carries one of this version, else from its rules. No rule is parsed or compiled here.
 */
function indexFor(set: RuleSet): RuleIndex {
  const cached = indexes.get(set);
  if (cached) return cached;
  const stored = set.prepared?.version === PREPARED_VERSION ? (set.prepared.value as PreparedRules) : undefined;
  const prepared = stored ?? prepareRules(set.all());
  const automaton = unpackAutomaton(prepared.automaton);
  if (automaton === undefined) throw new Error("the rule table's keyword automaton is unreadable");
  const index = indexOf(set, prepared, automaton);
  indexes.set(set, index);
  return index;
}

function indexOf(set: RuleSet, prepared: PreparedRules, automaton: KeywordAutomaton): RuleIndex {
  const { keywords, anchors, leads, offsets, backs, lines } = prepared;
  const placed = [...new Set([...anchors, ...lines].flatMap((a) => a ?? []))];
  return {
    set,
    keywordLengths: Int32Array.from(keywords, (k) => k.length),
    byKeyword: pack(prepared.byKeyword),
    always: prepared.always,
    contexts: Uint8Array.from(prepared.contexts),
    requires: pack(prepared.requires),
    anchors: pack(anchors),
    leads: leads.map((l) => l ?? undefined),
    offsets: offsets.map((o) => o ?? undefined),
    backs: Uint8Array.from(backs, (b) => (b === 1 ? 1 : 0)),
    lines: pack(lines),
    owned: prepared.owned,
    shortest: prepared.shortest,
    scanner: buildKeywordScanner(keywords, automaton, placed),
    compiled: new Array(set.count),
    taken: new Uint32Array(set.count),
    present: new Uint32Array(keywords.length),
    stamp: 0,
  };
}

/**
 * The fewest characters a match of these rules reads (PreparedRules.shortest; of a chain, the
 * least of its parts'), from the set's preparation.
 */
export function shortestMatchOf(rules?: MatchOptions["rules"]): number {
  const set = setOf(rules);
  if (set instanceof RuleChain) return Math.min(...set.parts.map((p) => shortestMatchOf(p)));
  return indexFor(set).shortest;
}

/**
 * Prepares the built-in rules' index now (the keyword plan laid out, the automaton unpacked, the
 * scanner made; no byte loop, and nothing a scan writes to), then lets the table's preparation
 * go: the index is all the engine reads of it. For the hooks' startup snapshot, whose blob then
 * holds the index ready instead of table.json's arrays and the packed automaton (a hook's start
 * no longer lays the index out, ~25M instructions, and deserialises fewer objects).
 */
export function prepareBuiltinIndex(): void {
  indexFor(builtin);
  releaseBuiltinPrepared();
}

/**
 * Prepares the built-in rules and the keyword loop over bytes now rather than on the first text
 * (a scan worker does it while its task is being made: the repository found, the files listed).
 */
export function warmUp(): void {
  indexFor(builtin).scanner.scanBytes(new Uint8Array(1));
}

/** Rule `r` of the index, made ready to run on first use. */
function compiledAt(index: RuleIndex, r: number): Compiled {
  let c = index.compiled[r];
  if (c === undefined) {
    c = new Compiled(index.set.rule(r));
    c.anchors = listOf(index.anchors, r);
    c.lead = index.leads[r];
    c.offset = index.offsets[r];
    c.back = index.backs[r] === 1;
    c.lines = listOf(index.lines, r);
    index.compiled[r] = c;
  }
  return c;
}

/** Rules whose keywords occur in the text (deduplicated), found in one pass over it. */
function candidates(
  index: RuleIndex,
  hits: readonly number[],
  context: MatchContext,
  disabled: ReadonlySet<string> | undefined,
): Compiled[] {
  const out: Compiled[] = [];
  // Stamps instead of a set and a fresh array per text (texts are many, and most are small).
  if (index.stamp === 0xffffffff) {
    index.present.fill(0);
    index.taken.fill(0);
    index.stamp = 0;
  }
  const stamp = ++index.stamp;
  const bit = CONTEXT[context];
  const { taken, contexts } = index;
  const take = (r: number): void => {
    taken[r] = stamp;
    const c = compiledAt(index, r);
    if (disabled === undefined || !disabled.has(c.rule.id)) out.push(c);
  };
  for (const r of index.always) if (((contexts[r] as number) & bit) !== 0) take(r);
  if (hits.length === 0) return out;
  const present = index.present;
  for (const k of hits) present[k] = stamp;
  const { byKeyword, requires } = index;
  for (const k of hits) {
    for (let i = byKeyword.start[k] as number, end = byKeyword.start[k + 1] as number; i < end; i++) {
      const r = byKeyword.list[i] as number;
      if (taken[r] === stamp || ((contexts[r] as number) & bit) === 0) continue;
      if (requires.start[r] === -1 || anyPresent(listOf(requires, r) as Int32Array, present, stamp)) take(r);
    }
  }
  return out;
}

/** Whether one of the keywords occurred in the text stamped `stamp`. */
function anyPresent(keywords: Int32Array, present: Uint32Array, stamp: number): boolean {
  for (let i = 0; i < keywords.length; i++) if (present[keywords[i] as number] === stamp) return true;
  return false;
}

const LOWER: Record<Confidence, Confidence> = { high: "medium", medium: "low", low: "low" };

type Raw = Omit<Match, "line" | "column">;

/**
 * Trying a pattern at one place costs about as much as a full scan spends on this many
 * characters: with more keyword places than text length / this, the full scan is cheaper.
 */
const CHARS_PER_TRY = 24;

/**
 * Runs one rule over the text and hands each match to `found`, in order; the regexes are reused,
 * so set their position. A rule whose matches all start at a keyword is tried only there (found
 * by the prefilter's pass), which finds exactly what a scan of the whole text finds: each try
 * at a place is the leftmost match from it, and places inside a previous match are skipped as a
 * scan would skip them.
 */
function runRule(c: Compiled, text: string, at: Positions, found: Found): void {
  if (c.rule.tag !== undefined) {
    runTag(c, c.rule.tag, text, found);
    return;
  }
  // Counted before they are listed: a rule with too many places scans the text instead, and
  // listing (and sorting) them would be wasted (a lead only adds places).
  const starts =
    c.anchors !== undefined && placeCount(c.anchors, at) * CHARS_PER_TRY <= text.length
      ? keywordStarts(c.anchors, at, c.lead, c.offset, c.back, text, c.before)
      : undefined;
  if (starts === undefined || starts.length * CHARS_PER_TRY > text.length) {
    if (c.lines !== undefined && runLines(c, c.lines, text, at, found)) return;
    const re = c.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      found(c, m);
    }
    return;
  }
  const re = c.sticky;
  const before = c.before;
  let from = 0;
  // Indexed loops over places: iterating a typed array allocates where the loop is not optimised.
  for (let p = 0; p < starts.length; p++) {
    const start = starts[p] as number;
    if (start < from) continue; // inside the previous match, as a scan of the whole text would skip it
    // After a character the pattern's opening lookbehind refuses: no match starts here (a place
    // keywordStarts lists is checked already; one keyword's own places are handed over as found).
    if (before !== null && start > 0) {
      const ch = text.charCodeAt(start - 1);
      if (ch < 128 && before[ch] === 1) continue;
    }
    re.lastIndex = start;
    const m = re.exec(text);
    if (m === null) continue;
    from = start + Math.max(1, m[0].length);
    found(c, m);
  }
}

/**
 * Runs a rule whose every match is one start tag holding `literal` (SecretRule.tag): tried at the
 * last `<` before each place the literal occurs, when no `>` lies between them, each `<` once.
 * That finds what a scan of the whole text finds: a match starts at a `<` and holds no other `<`
 * or `>`, so it holds no other match's start, and the `<` it starts at is the last one before its
 * literal. `<` and `>` are passed once each, in order, so the work is linear in the text.
 */
function runTag(c: Compiled, literal: string, text: string, found: Found): void {
  const re = c.sticky;
  let lt = -1; // the last `<` before the place
  let gt = -1; // the last `>` before the place
  let nextLt = text.indexOf("<");
  let nextGt = text.indexOf(">");
  let tried = -1;
  if (nextLt < 0) return;
  for (let p = text.indexOf(literal, nextLt); p >= 0; p = text.indexOf(literal, p + 1)) {
    while (nextLt >= 0 && nextLt < p) {
      lt = nextLt;
      nextLt = text.indexOf("<", nextLt + 1);
    }
    while (nextGt >= 0 && nextGt < p) {
      gt = nextGt;
      nextGt = text.indexOf(">", nextGt + 1);
    }
    if (lt < 0 || gt > lt || lt === tried) continue;
    tried = lt;
    re.lastIndex = lt;
    const m = re.exec(text);
    if (m !== null) found(c, m);
  }
}

/**
 * Runs a rule whose matches each lie within one line holding one of `keywords` (KeywordPlan.lines)
 * on those lines only, each cut out of the text: what the pattern finds there is what a scan of
 * the whole text finds on that line (readLines: nothing in it can see past the line), and other
 * lines hold no match. False, having run nothing, when those lines are most of the text.
 */
function runLines(c: Compiled, keywords: Int32Array, text: string, at: Positions, found: Found): boolean {
  let places: Places;
  if (keywords.length === 1) places = at(keywords[0] as number);
  else {
    const all: number[] = [];
    for (let i = 0; i < keywords.length; i++) {
      const places = at(keywords[i] as number);
      for (let p = 0; p < places.length; p++) all.push(places[p] as number);
    }
    places = new Int32Array(all).sort();
  }
  // The lines, merged, found before anything runs: when they add up to most of the text, one
  // scan of it costs less than cutting them out.
  const spans: number[] = [];
  let covered = 0;
  let end = -1;
  for (let p = 0; p < places.length; p++) {
    const place = places[p] as number;
    if (place < end) continue; // on the line already taken
    const start = text.lastIndexOf("\n", place) + 1;
    end = text.indexOf("\n", place);
    if (end < 0) end = text.length;
    spans.push(start, end);
    covered += end - start;
    if (covered * 2 > text.length) return false;
  }
  const re = c.re;
  for (let s = 0; s < spans.length; s += 2) {
    const start = spans[s] as number;
    const line = text.slice(start, spans[s + 1]);
    re.lastIndex = 0;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) {
      if (m[0].length === 0) re.lastIndex++;
      found(c, start === 0 ? Object.assign(m, { input: text }) : inText(m, start, text));
    }
  }
  return true;
}

/** A match found in a line cut out of `text` at `offset`, moved to where it is in the text. */
function inText(m: RegExpExecArray, offset: number, text: string): RegExpExecArray {
  m.index += offset;
  m.input = text;
  const spans = m.indices;
  if (spans !== undefined) {
    const moved = new Set<[number, number]>();
    const move = (span: [number, number] | undefined) => {
      if (span === undefined || moved.has(span)) return;
      moved.add(span);
      span[0] += offset;
      span[1] += offset;
    };
    for (const span of spans) move(span);
    if (spans.groups !== undefined) for (const span of Object.values(spans.groups)) move(span);
  }
  return m;
}

type Found = (c: Compiled, m: RegExpExecArray) => void;

/**
 * Where keyword `k` starts in one text, found on first use (rules share keywords); `count(k)`,
 * how many places that is, without listing them.
 */
type Positions = ((k: number) => Places) & { count(k: number): number };

function positionsIn(index: RuleIndex, scanned: Scanned): Positions {
  const cache = new Map<number, Places>();
  const at = (k: number): Places => {
    let found = cache.get(k);
    if (found === undefined) {
      found = index.scanner.positions(scanned, k, index.keywordLengths[k] as number);
      cache.set(k, found);
    }
    return found;
  };
  return Object.assign(at, {
    count: (k: number): number => cache.get(k)?.length ?? index.scanner.count(scanned, k),
  });
}

/** How many places the keywords have in all (placed once per keyword). */
function placeCount(keywords: Int32Array, at: Positions): number {
  let n = 0;
  for (let i = 0; i < keywords.length; i++) n += at.count(keywords[i] as number);
  return n;
}

/**
 * Ascending places where a match can start: where any of the keywords starts, and with a lead,
 * each place before it up to where the run of lead characters in front of it begins, and with
 * `back` the place before that (a separator the match starts with); with an offset, that many
 * characters before it (places too near the text's start hold no match). A place after a
 * character the pattern's opening lookbehind refuses (`before`, Compiled.before) is left out as
 * it is listed: no match starts there (database-server-password-hash's `s:` is in every `https:`),
 * and fewer places are copied and sorted.
 */
function keywordStarts(
  keywords: Int32Array,
  at: Positions,
  lead: string | undefined,
  offset: number | undefined,
  back: boolean,
  text: string,
  before: Uint8Array | null,
): Places {
  if (keywords.length === 1 && lead === undefined && offset === undefined && !back) return at(keywords[0] as number);
  const all: number[] = [];
  // Whether a match may start at `s`: the same test runRule makes of each place.
  const open = (s: number): boolean => {
    if (before === null || s === 0) return true;
    const ch = text.charCodeAt(s - 1);
    return ch >= 128 || before[ch] !== 1;
  };
  for (let n = 0; n < keywords.length; n++) {
    const places = at(keywords[n] as number);
    for (let p = 0; p < places.length; p++) {
      const i = places[p] as number;
      if (offset !== undefined) {
        if (i >= offset && open(i - offset)) all.push(i - offset);
        continue;
      }
      let j = i;
      if (lead !== undefined)
        for (; j > 0 && lead.includes(text[j - 1] as string); j--) if (open(j - 1)) all.push(j - 1);
      if (back && j > 0 && open(j - 1)) all.push(j - 1);
      if (open(i)) all.push(i);
    }
  }
  // Duplicates are harmless: the caller skips what it passed.
  return keywords.length === 1 && lead === undefined && !back ? all : new Int32Array(all).sort();
}

function collect(
  c: Compiled,
  m: RegExpExecArray,
  out: Raw[],
  owned: readonly string[],
  generated: Spans | undefined,
): void {
  const group = m.groups?.secret !== undefined ? "secret" : m[1] !== undefined ? 1 : 0;
  let secret = group === "secret" ? m.groups?.secret : m[group];
  let span = group === "secret" ? m.indices?.groups?.secret : m.indices?.[group];
  if (secret === undefined || span === undefined || secret.length === 0) return;
  if (c.rule.generic === true) {
    // A query string's value ends at its next parameter (`access_token=…&expires_in=3600`): the
    // value alone is judged, not the run of parameters (the allowlist drops that as a protocol's
    // documentation, `token=…&type=…`, which it is when the value is too short to be one).
    const next = QUERY_NEXT.exec(secret);
    if (next !== null && next.index >= 10) {
      secret = secret.slice(0, next.index);
      span = [span[0], span[0] + next.index];
    }
  }
  if (
    generated !== undefined &&
    c.rule.generic === true &&
    touches(generated, m.index, span[1]) &&
    readsAsCode(m.input, m.index, span[0], secret)
  )
    return;
  const raw = judge(c, secret, owned);
  if (!raw) return;
  // What the text around the value says: an id or digest in a key's shape, a public client key.
  const verdict = judgeContext(c.rule, secret, m.input, span[0], span[1], m.index);
  if (verdict === "drop") return;
  if (verdict === "low" && !raw.proven) raw.confidence = "low";
  // Found a little way after the name rather than bound to it (rules/build.ts NEARBY): a step
  // lower, and only a value with letters and digits (what follows a name in prose or types is
  // mostly identifiers: SnowflakeRoleConfiguration, catalogName).
  if (m.groups?.nearby !== undefined) {
    if (!/\d/.test(secret) || !/[A-Za-z]/.test(secret) || looksLikeIdentifier(secret)) return;
    if (!raw.proven) raw.confidence = LOWER[raw.confidence];
  }
  out.push({ ruleId: c.rule.id, provider: c.rule.provider, secret, start: span[0], end: span[1], ...raw });
}

/** The next parameter of a query string (`&name=`). */
const QUERY_NEXT = /&[A-Za-z_][\w.-]*=/;

type Spans = ReadonlyArray<readonly [number, number]>;
/** The whole text is generated (the "generated" context). */
const WHOLE: Spans = [[0, Number.POSITIVE_INFINITY]];

/** Whether [from, to) touches one of the ascending spans (binary search: a bundle has many long lines). */
function touches(spans: Spans, from: number, to: number): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((spans[mid] as readonly [number, number])[1] <= from) lo = mid + 1;
    else hi = mid;
  }
  const span = spans[lo];
  return span !== undefined && span[0] < to;
}

/**
 * In generated text (minified code), whether a generic rule's name = value is code: no quote
 * (escaped or not) between the name and the value, and the value is an expression a minifier
 * writes: a comparison or `&&` (`keywordToken===102&&…`: the glue took the first `=`), or, after
 * a comma between name and value (`token,end=i+1`: a list of declarations) or with an `=` inside
 * it that is not base64's trailing padding (`token=e=t.accessToken`), operands that are all
 * short names, numbers, words or member expressions joined by operators. A quoted value, or an
 * unquoted one whose parts read as a value (`password=Hq2…=Xy…`, a random value after a comma
 * in a CSV row, `export DB_PASSWORD=… # a padded comment`), still counts.
 */
function readsAsCode(text: string, from: number, to: number, secret: string): boolean {
  let comma = false;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 || ch === 39 || ch === 96) return false;
    if (ch === 44) comma = true;
  }
  if (/^=|[=!]==?(?!=*$)|&&/.test(secret)) return true;
  const body = secret.replace(/=+$/, "");
  if (!comma && !body.includes("=")) return false;
  return body.split("=").every(isExpression);
}

/** A minifier's expression: operands joined by operators, each a short name, a number, a word or a member expression. */
function isExpression(text: string): boolean {
  for (const operand of text.split(/[-+*/%^&|!~?]+/)) {
    if (operand === "" || /^\d+(?:\.\d+)?$/.test(operand)) continue;
    if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(operand)) return false;
    if (operand.length > 3 && !looksLikeIdentifier(operand)) return false;
  }
  return true;
}

/** Gates (entropy, allowlists, placeholders) then validation; undefined when it is no finding. */
function judge(
  c: Compiled,
  secret: string,
  owned: readonly string[],
): Pick<Match, "confidence" | "validated" | "proven"> | undefined {
  const { rule } = c;
  if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) return undefined;
  for (const a of c.allow) if (a.test(secret)) return undefined;
  // A generic rule knows nothing about the value's format: code that reads like code is not a secret.
  if (rule.generic && looksLikeIdentifier(secret)) return undefined;
  // A provider's prefix on a value its own rule rejected: a malformed or made-up token.
  if (rule.yieldsToPrefixes && startsWithAny(secret.toLowerCase(), owned)) return undefined;
  const validate = rule.validator !== undefined ? validators[rule.validator] : undefined;
  const validated = validate ? validate(secret) : undefined;
  // A secret that passes a checksum or parses as a key is real whatever it looks like; a weaker
  // structural check (a JWT header, a macaroon's location) still lets a placeholder body through.
  const proven = validated === true && STRONG_VALIDATORS.has(rule.validator as string);
  if (!proven && (isPlaceholder(secret) || (!rule.selfIdentifying && isFiller(secret)))) return undefined;
  if (validated === undefined) return { confidence: rule.confidence };
  if (validated === false && rule.onInvalid === "drop") return undefined;
  return proven
    ? { confidence: "high", validated, proven }
    : { confidence: validated ? "high" : LOWER[rule.confidence], validated };
}

/** Validators that only a real credential passes by chance with negligible probability. */
const STRONG_VALIDATORS = new Set([
  "github-checksum",
  "npm-checksum",
  "age-bech32",
  "pem-private-key",
  "openssh-private-key",
  "putty-private-key",
  "base58check-wif",
]);

function startsWithAny(value: string, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (value.startsWith(p)) return true;
  return false;
}

const RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

/**
 * Drops duplicates: the same span found by two rules, and generic findings that overlap a
 * provider-specific one (the specific rule says more about what to rotate).
 */
function dedupe(found: Raw[], genericIds: ReadonlySet<string>, order: (ruleId: string) => number): Raw[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Raw[] = [];
  for (const m of found) {
    const clash = kept.findIndex((k) => k.start < m.end && m.start < k.end);
    if (clash < 0) {
      kept.push(m);
      continue;
    }
    const k = kept[clash] as Raw;
    // Inside a multi-line secret (a key block): part of what is already reported.
    if (k.start <= m.start && m.end <= k.end && k.secret.includes("\n")) continue;
    const mGeneric = genericIds.has(m.ruleId);
    const kGeneric = genericIds.has(k.ruleId);
    if (mGeneric !== kGeneric) {
      if (kGeneric) kept[clash] = m;
      continue;
    }
    if (k.start === m.start && k.end === m.end) {
      const rank = RANK[m.confidence] - RANK[k.confidence];
      if (rank > 0 || (rank === 0 && order(m.ruleId) < order(k.ruleId))) kept[clash] = m;
      continue;
    }
    kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Adds 1-based line/column, walking the text once for all matches (sorted by start). */
function locate(text: string, found: Raw[]): Match[] {
  let line = 1;
  let lineStart = 0;
  let pos = 0;
  return found.map((m) => {
    for (let nl = text.indexOf("\n", pos); nl !== -1 && nl < m.start; nl = text.indexOf("\n", pos)) {
      line++;
      lineStart = nl + 1;
      pos = nl + 1;
    }
    pos = Math.max(pos, lineStart);
    return { ...m, line, column: m.start - lineStart + 1 };
  });
}

const firstIndexes = new WeakMap<RuleSet, Map<string, number>>();

/**
 * Each rule id's position in the set's rule list (the first rule with that id), worked out the
 * first time two findings tie (only then are all the set's rules read).
 */
function orderIn(set: RuleSet): (ruleId: string) => number {
  return (ruleId) => {
    let first = firstIndexes.get(set);
    if (first === undefined) {
      first = new Map();
      for (const [i, r] of set.all().entries()) if (!first.has(r.id)) first.set(r.id, i);
      firstIndexes.set(set, first);
    }
    return first.get(ruleId) ?? Number.MAX_SAFE_INTEGER;
  };
}

/**
 * Runs every rule whose keywords occur in the text (for its context), handing over each match.
 * A chain of sets (the built-in rules and a repository's .gitleaks.toml rules) runs each set with
 * its own preparation, so adding rules never prepares the built-in ones again.
 */
function runRules(set: RuleSet, text: string, options: MatchOptions, found: Found, seen?: { generic: boolean }): void {
  if (set instanceof RuleChain) {
    for (const part of set.parts) runRules(part, text, options, found, seen);
    return;
  }
  const index = indexFor(set);
  const scanned = scanOf(index.scanner, text, options.bytes);
  const at = positionsIn(index, scanned);
  for (const c of candidates(index, scanned.hits, options.context ?? "code", options.disabled)) {
    if (seen !== undefined && c.rule.generic === true) seen.generic = true;
    runRule(c, text, at, found);
  }
}

/**
 * The keyword pass: over the text's bytes when the caller has them (MatchOptions.bytes) and they
 * are one byte per character or valid UTF-8 (places then moved to the text's), else the text.
 */
function scanOf(scanner: KeywordScanner, text: string, bytes: Uint8Array | undefined): Scanned {
  if (bytes === undefined) return scanner.scanAll(text);
  if (bytes.length === text.length) return scanner.scanBytes(bytes);
  if (!isUtf8(bytes)) return scanner.scanAll(text);
  const scanned = scanner.scanBytes(bytes);
  toTextPlaces(scanned, bytes);
  return scanned;
}

/**
 * Finds secrets in a text. Only rules whose keywords occur in the text run; each runs once over
 * the whole text, or only where its matches can start, so cost grows with the number of keyword
 * hits, not lines times rules.
 */
export function matchText(text: string, options: MatchOptions = {}): Match[] {
  // Escapes are looked for only where a generic rule's keywords occur (`password%3D…` has its
  // name as written): most texts, a bundle without one included, pay nothing for them.
  const seen = { generic: false };
  const found = matchPlain(text, options, false, seen);
  if (!seen.generic) return found;
  const decoded = decodeEscapes(text);
  return decoded === undefined ? found : withDecoded(text, options, found, decoded);
}

/**
 * What the generic rules find in the decoded form of the lines that hold a percent or HTML
 * escape (encoded.ts: `password%3D…`, `&quot;password&quot;: &quot;…&quot;`), placed at the
 * escaped text; kept where nothing found as written overlaps it. A decoded character of a
 * generated line is judged as generated text. Only the generic rules: a provider's token is
 * found as written (its own characters need no escape), and a decoded documentation example of
 * one (an Azure SAS signature's `%2F` in AWS's API docs) is not a new finding.
 */
function withDecoded(text: string, options: MatchOptions, found: Match[], decoded: DecodedText): Match[] {
  const { from } = decoded;
  let generated: Spans | undefined;
  if (options.generated !== undefined && options.context !== "generated") {
    const spans: Array<[number, number]> = [];
    for (let i = 0; i < decoded.text.length; i++) {
      if (!touches(options.generated, from[i] as number, (from[i] as number) + 1)) continue;
      const last = spans.at(-1);
      if (last !== undefined && last[1] === i) last[1] = i + 1;
      else spans.push([i, i + 1]);
    }
    if (spans.length > 0) generated = spans;
  }
  const { bytes: _bytes, generated: _spans, ...rest } = options;
  const extra: Match[] = [];
  const overlaps = (list: readonly Match[], start: number, end: number) =>
    list.some((f) => f.start < end && start < f.end);
  let kept = found;
  for (const m of matchPlain(decoded.text, generated === undefined ? rest : { ...rest, generated }, true)) {
    const start = from[m.start] as number;
    const end = Math.max(from[m.end] as number, start + 1);
    // The same rule's match as written, cut short by an escape (`…Lm\u20acRt7…`): the decoded
    // match, which runs on through it, replaces it.
    const short = kept.filter((f) => f.start < end && start < f.end);
    if (short.length > 0 && short.every((f) => f.ruleId === m.ruleId && start <= f.start && f.end < end))
      kept = kept.filter((f) => !short.includes(f));
    if (overlaps(kept, start, end) || overlaps(extra, start, end)) continue;
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    let line = 1;
    for (let nl = text.indexOf("\n"); nl >= 0 && nl < start; nl = text.indexOf("\n", nl + 1)) line++;
    extra.push({ ...m, start, end, line, column: start - lineStart + 1 });
  }
  if (extra.length === 0) return kept;
  return [...kept, ...extra].sort((a, b) => a.start - b.start);
}

/** matchText on the text as written; `genericOnly`: the generic rules' matches only. */
function matchPlain(text: string, options: MatchOptions, genericOnly = false, seen?: { generic: boolean }): Match[] {
  const set = setOf(options.rules);
  const found: Raw[] = [];
  const genericIds = new Set<string>();
  const generated = options.context === "generated" ? WHOLE : options.generated;
  runRules(
    set,
    text,
    options,
    (c, m) => {
      if (genericOnly && c.rule.generic !== true) return;
      if (c.rule.generic) genericIds.add(c.rule.id);
      collect(c, m, found, ownedOf(set), generated);
    },
    seen,
  );
  if (found.length === 0) return [];
  return locate(text, dedupe(found, genericIds, orderIn(set)));
}

/** Prefixes of the set's self-identifying rules (a chain's: every part's). */
function ownedOf(set: RuleSet): readonly string[] {
  if (!(set instanceof RuleChain)) return indexFor(set).owned;
  let owned = chainOwned.get(set);
  if (owned === undefined) {
    owned = [...new Set(set.parts.flatMap((p) => ownedOf(p)))];
    chainOwned.set(set, owned);
  }
  return owned;
}
const chainOwned = new WeakMap<RuleChain, string[]>();

/**
 * Every match of every rule that runs on the text, before any gate (entropy, allowlists,
 * placeholders): rule id and span of the whole match. What the engine's shortcuts must not
 * change; the differential test compares it with a plain loop over the rules.
 */
export function patternMatches(text: string, options: MatchOptions = {}): Array<[string, number, number]> {
  const out: Array<[string, number, number]> = [];
  runRules(setOf(options.rules), text, options, (c, m) => out.push([c.rule.id, m.index, m.index + m[0].length]));
  return out;
}
