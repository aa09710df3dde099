import type { Confidence } from "@rampart/core";
import { isPlaceholder, looksLikeIdentifier, shannonEntropy } from "./entropy.js";
import { buildKeywordScanner, type KeywordScanner, type Scanned } from "./match-keywords.js";
import type { SecretRule } from "./rule.js";
import { rules as builtinRules, keywordAutomaton } from "./rules/index.js";
import { validators } from "./validators.js";

export type MatchContext = "code" | "lockfile" | "minified";

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
}

export interface MatchOptions {
  /** Rules to run (default: the built-in rules). */
  rules?: SecretRule[];
  /** What kind of text this is; rules that make no sense there are skipped (default "code"). */
  context?: MatchContext;
}

/** A rule and its regexes, compiled on first use: most rules never see a text with their keywords. */
class Compiled {
  readonly contexts: ReadonlySet<MatchContext>;
  /** Indices of the keywords of which one must also occur (the rule's `requires`). */
  requires: number[] | undefined;
  /** Indices of the rule's keywords, for anchored rules. */
  keywordIds: number[] | undefined;
  #re: RegExp | undefined;
  #allow: RegExp[] | undefined;
  #sticky: RegExp | undefined;
  constructor(readonly rule: SecretRule) {
    this.contexts = new Set(rule.contexts ?? ["code"]);
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

interface RuleIndex {
  /** Distinct keywords; `byKeyword[i]` are the rules of `keywords[i]`. */
  keywords: string[];
  byKeyword: Compiled[][];
  scanner: KeywordScanner;
  /** Rules without keywords run on every text. */
  always: Compiled[];
  /** Prefixes of self-identifying rules (lower-case, 4+ characters), for the generic rules. */
  owned: string[];
  /** Each rule id's position in the rule list: of two equal findings, the earlier rule's is kept. */
  order: Map<string, number>;
}

/** The rules' distinct keywords, lower-cased, in first-use order: the prefilter's keyword list. */
export function keywordList(rules: readonly SecretRule[]): string[] {
  return [...new Set(rules.flatMap((r) => [...r.keywords, ...(r.requires ?? [])].map((k) => k.toLowerCase())))];
}

const indexes = new WeakMap<readonly SecretRule[], RuleIndex>();

/** Compiles a rule set once; later calls with the same array reuse it. */
function indexFor(rules: readonly SecretRule[]): RuleIndex {
  const cached = indexes.get(rules);
  if (cached) return cached;
  const keywords: string[] = [];
  const byKeyword: Compiled[][] = [];
  const slot = new Map<string, number>();
  const always: Compiled[] = [];
  const owned = new Set<string>();
  for (const rule of rules) {
    if (rule.selfIdentifying) for (const k of rule.keywords) if (k.length >= 4) owned.add(k.toLowerCase());
    const compiled = new Compiled(rule);
    if (rule.keywords.length === 0) always.push(compiled);
    const slotOf = (kw: string): number => {
      let i = slot.get(kw);
      if (i === undefined) {
        i = keywords.length;
        slot.set(kw, i);
        keywords.push(kw);
        byKeyword.push([]);
      }
      return i;
    };
    for (const kw of new Set(rule.keywords.map((k) => k.toLowerCase()))) byKeyword[slotOf(kw)]?.push(compiled);
    if (rule.requires !== undefined) compiled.requires = rule.requires.map((k) => slotOf(k.toLowerCase()));
    if (rule.anchored === true) compiled.keywordIds = [...new Set(rule.keywords.map((k) => slotOf(k.toLowerCase())))];
  }
  // The built-in rules come with their automaton precomputed (checked against the keywords).
  const pre =
    rules === builtinRules && keywordAutomaton?.keywords === keywords.join("\n") ? keywordAutomaton : undefined;
  const scanner = buildKeywordScanner(keywords, pre);
  const order = new Map<string, number>();
  rules.forEach((r, i) => {
    if (!order.has(r.id)) order.set(r.id, i);
  });
  const index: RuleIndex = { keywords, byKeyword, always, owned: [...owned], scanner, order };
  indexes.set(rules, index);
  return index;
}

/** Rules whose keywords occur in the text (deduplicated), found in one pass over it. */
function candidates(index: RuleIndex, hits: readonly number[], context: MatchContext): Compiled[] {
  const out = new Set<Compiled>();
  for (const c of index.always) if (c.contexts.has(context)) out.add(c);
  if (hits.length === 0) return [...out];
  const present = new Uint8Array(index.keywords.length);
  for (const k of hits) present[k] = 1;
  for (const k of hits) {
    for (const c of index.byKeyword[k] ?? []) {
      if (!c.contexts.has(context) || out.has(c)) continue;
      if (c.requires === undefined || c.requires.some((r) => present[r] === 1)) out.add(c);
    }
  }
  return [...out];
}

const LOWER: Record<Confidence, Confidence> = { high: "medium", medium: "low", low: "low" };

type Raw = Omit<Match, "line" | "column">;

/**
 * Runs one rule over the text; the regexes are reused, so set their position. An anchored rule
 * is tried only where its keywords occur (found with indexOf in the lower-cased text), which
 * finds exactly what a scan of the whole text finds: every match starts at such a place.
 */
function runRule(c: Compiled, text: string, out: Raw[], owned: readonly string[], at: Positions): void {
  const starts = c.keywordIds !== undefined ? keywordStarts(c.keywordIds, at) : undefined;
  if (starts === undefined) {
    const re = c.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      collect(c, m, out, owned);
    }
    return;
  }
  const re = c.sticky;
  let from = 0;
  for (const start of starts) {
    if (start < from) continue; // inside the previous match, as a scan of the whole text would skip it
    re.lastIndex = start;
    const m = re.exec(text);
    if (m === null) continue;
    from = start + Math.max(1, m[0].length);
    collect(c, m, out, owned);
  }
}

/** Where keyword `k` starts in one text, found on first use (rules share keywords). */
type Positions = (k: number) => readonly number[];

function positionsIn(index: RuleIndex, scanned: Scanned): Positions {
  const cache = new Map<number, number[]>();
  return (k) => {
    let found = cache.get(k);
    if (found === undefined) {
      found = index.scanner.positions(scanned, k, (index.keywords[k] as string).length);
      cache.set(k, found);
    }
    return found;
  };
}

/** Ascending positions where any of the keywords starts. */
function keywordStarts(keywords: readonly number[], at: Positions): readonly number[] {
  if (keywords.length === 1) return at(keywords[0] as number);
  const all: number[] = [];
  for (const k of keywords) for (const i of at(k)) all.push(i);
  return all.sort((a, b) => a - b); // duplicates are harmless: the caller skips what it passed
}

function collect(c: Compiled, m: RegExpExecArray, out: Raw[], owned: readonly string[]): void {
  const group = m.groups?.secret !== undefined ? "secret" : m[1] !== undefined ? 1 : 0;
  const secret = group === "secret" ? m.groups?.secret : m[group];
  const span = group === "secret" ? m.indices?.groups?.secret : m.indices?.[group];
  if (secret === undefined || span === undefined || secret.length === 0) return;
  const raw = judge(c, secret, owned);
  if (raw) out.push({ ruleId: c.rule.id, provider: c.rule.provider, secret, start: span[0], end: span[1], ...raw });
}

/** Gates (entropy, allowlists, placeholders) then validation; undefined when it is no finding. */
function judge(
  c: Compiled,
  secret: string,
  owned: readonly string[],
): Pick<Match, "confidence" | "validated"> | undefined {
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
  if ((validated !== true || !STRONG_VALIDATORS.has(rule.validator as string)) && isPlaceholder(secret)) {
    return undefined;
  }
  if (validated === undefined) return { confidence: rule.confidence };
  if (validated === false && rule.onInvalid === "drop") return undefined;
  return { confidence: validated ? "high" : LOWER[rule.confidence], validated };
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
function dedupe(found: Raw[], genericIds: ReadonlySet<string>, order: ReadonlyMap<string, number>): Raw[] {
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
      if (rank > 0 || (rank === 0 && (order.get(m.ruleId) ?? 0) < (order.get(k.ruleId) ?? 0))) kept[clash] = m;
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

/**
 * Finds secrets in a text. Only rules whose keywords occur in the text run; each runs once over
 * the whole text, so cost grows with the number of keyword hits, not lines times rules.
 */
export function matchText(text: string, options: MatchOptions = {}): Match[] {
  const rules = options.rules ?? builtinRules;
  const index = indexFor(rules);
  const found: Raw[] = [];
  const genericIds = new Set<string>();
  const scanned = index.scanner.scanAll(text);
  const at = positionsIn(index, scanned);
  for (const c of candidates(index, scanned.hits, options.context ?? "code")) {
    if (c.rule.generic) genericIds.add(c.rule.id);
    runRule(c, text, found, index.owned, at);
  }
  if (found.length === 0) return [];
  return locate(text, dedupe(found, genericIds, index.order));
}
