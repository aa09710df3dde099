import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describeWithShared, sharedPath } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import {
  type MatchContext,
  type MatchOptions,
  matchText,
  patternMatches,
  planKeywords,
  ruleStarts,
} from "../src/match.js";
import { forbiddenBefore, readLines, readOffsetStarts, readStarts, startLiterals } from "../src/match-anchors.js";
import type { SecretRule } from "../src/rule.js";
import { expandExample } from "../src/rules/examples.js";
import { rules } from "../src/rules/index.js";
import { sourceRules } from "../src/rules/sources.js";
import { ArrayRules, RuleChain, type RuleSet } from "../src/rules/table.js";
import { nearCases, structuralCases, tokenCases } from "./support/cases.js";
import { ALNUM, rnd } from "./support/secrets.js";
import { tableRuleSet } from "./support/table.js";

// Differential test of the matching engine: whatever shortcuts it takes (the keyword
// automaton, rules tried only where their keywords occur, anchors read from the patterns, the
// choice between trying places and scanning the whole text), it must find exactly what a plain
// loop finds: for each rule, in order, when one of its keywords occurs in the text (ASCII case
// ignored) and one of its `requires` too, every match of its pattern over the whole text.
// Seeded: RAMPART_MATCH_SEED=<n> replays a failure.

const SEED = Number(process.env.RAMPART_MATCH_SEED ?? 20261206);
const CONTEXTS: MatchContext[] = ["code", "minified", "lockfile"];
const repo = path.resolve(import.meta.dirname, "../../..");

const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
// The prefilter reads ASCII: a keyword with another character never occurs.
const occurs = (lower: string, k: string) => [...k].every((c) => c.charCodeAt(0) < 128) && lower.includes(k);

/** Every character one byte in Latin-1. */
function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

/** The reference: one rule at a time, the whole text, no shortcut. */
function plainLoop(text: string, all: readonly SecretRule[], context: MatchContext): Array<[string, number, number]> {
  const lower = asciiLower(text);
  const out: Array<[string, number, number]> = [];
  for (const rule of all) {
    // Generated text runs the code rules (match.ts MatchContext).
    if (!(rule.contexts ?? ["code"]).includes(context === "generated" ? "code" : context)) continue;
    // A rule without keywords runs on every text (its `requires` is not consulted).
    if (rule.keywords.length > 0) {
      if (!rule.keywords.some((k) => occurs(lower, k))) continue;
      if (rule.requires !== undefined && !rule.requires.some((k) => occurs(lower, k))) continue;
    }
    const re = new RegExp(rule.pattern, `g${(rule.flags ?? "").replace(/[gdy]/g, "")}`);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      out.push([rule.id, m.index, m.index + m[0].length]);
    }
  }
  return out;
}

const bySpan = (a: [string, number, number], b: [string, number, number]) =>
  a[1] - b[1] || a[2] - b[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * `engine`: the rules as the engine gets them, when not the array itself (the build's table);
 * `disabled`: ids the engine is told to skip, which the plain loop never sees.
 */
function expectSame(
  texts: readonly string[],
  all: SecretRule[] = rules,
  engine: MatchOptions["rules"] = all,
  disabled?: ReadonlySet<string>,
): number {
  let found = 0;
  const kept = disabled === undefined ? all : all.filter((r) => !disabled.has(r.id));
  for (const text of texts) {
    for (const context of CONTEXTS) {
      const options: MatchOptions = { rules: engine, context, ...(disabled === undefined ? {} : { disabled }) };
      const engineFound = patternMatches(text, options).sort(bySpan);
      const plain = plainLoop(text, kept, context).sort(bySpan);
      expect(engineFound, `${context}: ${JSON.stringify(text.slice(0, 120))}`).toEqual(plain);
      // The keyword pass over the text's bytes (one per character: Latin-1 here), as the file
      // scanner hands them over for text decoded one byte per character.
      if (isLatin1(text)) {
        const bytes = Buffer.from(text, "latin1");
        const overBytes = patternMatches(text, { ...options, bytes }).sort(bySpan);
        expect(overBytes, `bytes, ${context}: ${JSON.stringify(text.slice(0, 120))}`).toEqual(plain);
      }
      // Over its UTF-8 bytes, places moved back to the text's (multi-byte characters, pairs).
      const utf8 = Buffer.from(text, "utf8");
      if (utf8.length !== text.length && utf8.toString("utf8") === text) {
        const overUtf8 = patternMatches(text, { ...options, bytes: utf8 }).sort(bySpan);
        expect(overUtf8, `UTF-8 bytes, ${context}: ${JSON.stringify(text.slice(0, 120))}`).toEqual(plain);
      }
      found += engineFound.length;
    }
  }
  return found;
}

/** mulberry32: small, fast, the same sequence everywhere. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] as T, chance: (p: number) => next() < p };
}

const secretExamples = sourceRules.flatMap((r) => (r.examples?.secret ?? []).map((t, i) => expandExample(t, i + 1)));
const cleanExamples = sourceRules.flatMap((r) => (r.examples?.clean ?? []).map((t, i) => expandExample(t, i + 1)));
const cases = [...tokenCases, ...nearCases, ...structuralCases].map(([, make]) => make());

// Glue between fragments: separators, line ends of every kind, characters whose case mapping
// is not ASCII (Kelvin sign, dotted I, long s), other scripts, quotes and assignment signs.
const GLUE = [
  " ",
  "",
  "\n",
  "\r\n",
  "\t",
  "  ",
  "\u2028",
  "=",
  ": ",
  '"',
  "'",
  "`",
  "İ",
  "\u212a",
  "\u017f",
  "é",
  "日本",
  "😀",
  "\\n",
  ",",
  ";",
  "/",
  "@",
  "-",
  "_",
  ".",
];

/** Texts that mix examples, keywords in random case and noise, so that rules meet and overlap. */
function mixedTexts(count: number, seed: number): string[] {
  const rng = prng(seed);
  const keywords = [...new Set(rules.flatMap((r) => [...r.keywords, ...(r.requires ?? [])]))];
  const randomCase = (s: string) => [...s].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c)).join("");
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const parts: string[] = [];
    const length = 2 + rng.int(14);
    for (let i = 0; i < length; i++) {
      const kind = rng.int(6);
      let piece: string;
      if (kind === 0) piece = rng.pick(secretExamples);
      else if (kind === 1) piece = rng.pick(cleanExamples);
      else if (kind === 2) piece = randomCase(rng.pick(keywords));
      else if (kind === 3) piece = rng.pick(cases);
      else if (kind === 4) {
        // A secret example cut anywhere: patterns that almost match.
        const s = rng.pick(secretExamples);
        piece = s.slice(rng.int(s.length), rng.int(s.length + 1) + 1);
      } else piece = "x".repeat(rng.int(4)) + String(rng.int(1e9));
      parts.push(piece, rng.pick(GLUE));
    }
    out.push(parts.join(""));
  }
  return out;
}

/** The built-in rules as a hook loads them (the build's table), made once for the tests that use it. */
let table: RuleSet | undefined;
const builtTable = (): RuleSet => {
  table ??= tableRuleSet(rules);
  return table;
};

describe("the matching engine finds what a plain loop over the rules finds", () => {
  // The plain loop costs one pass over the rules per text: examples go eight to a text (one per
  // line), which also lets neighbouring examples' rules meet.
  // As a hook runs them: from the build's table (prepared at build time, each rule parsed when
  // its keywords first occur); the tests below run the rule array, prepared at run time.
  it("on every rule's examples, secret and clean, from the build's table", { timeout: 120_000 }, () => {
    const all = [...secretExamples, ...cleanExamples];
    const texts: string[] = [];
    for (let i = 0; i < all.length; i += 8) texts.push(all.slice(i, i + 8).join("\n"));
    expect(expectSame(texts, rules, builtTable())).toBeGreaterThan(500);
  });

  it("with rules disabled by id, as if they were not in the set", { timeout: 120_000 }, () => {
    // Every fifth rule, generic ones among them, so provider and generic findings lose rivals.
    const disabled = new Set(rules.filter((_, i) => i % 5 === 2).map((r) => r.id));
    expect(rules.some((r) => r.generic && disabled.has(r.id))).toBe(true);
    const texts = mixedTexts(100, SEED + 2);
    expect(expectSame(texts, rules, builtTable(), disabled)).toBeGreaterThan(200);
    expect(expectSame(texts.slice(0, 30), rules, rules, disabled)).toBeGreaterThan(50);
  });

  it("with a repository's extra rules chained after the built-in table's", { timeout: 120_000 }, () => {
    // As a .gitleaks.toml adds them: new ids, and ids the built-in rules have too.
    const extra = [
      ...rules.filter((_, i) => i % 23 === 5).map((r) => ({ ...r, id: `${r.id}-extra`, anchored: false })),
      ...rules.filter((_, i) => i % 97 === 11).map((r) => ({ ...r, provider: "custom (gitleaks)" })),
    ];
    const chain = new RuleChain([builtTable(), new ArrayRules(extra)]);
    const both = [...rules, ...extra];
    const texts = mixedTexts(60, SEED + 3);
    expect(expectSame(texts, both, chain)).toBeGreaterThan(120);
    const disabled = new Set([...rules.filter((_, i) => i % 7 === 3), ...extra.slice(0, 5)].map((r) => r.id));
    expect(expectSame(texts.slice(0, 40), both, chain, disabled)).toBeGreaterThan(50);
    // The findings, gates and ties included, are the concatenated array's.
    const key = (m: { ruleId: string; start: number; end: number; confidence: string }) =>
      `${m.start}:${m.end}:${m.ruleId}:${m.confidence}`;
    for (const text of texts.slice(0, 60)) {
      expect(matchText(text, { rules: chain }).map(key)).toEqual(matchText(text, { rules: both }).map(key));
    }
  });

  it("on the support cases and this package's sources", { timeout: 120_000 }, () => {
    const src = path.join(repo, "packages/secrets/src");
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const texts = files.map((f) => readFileSync(path.join(src, f), "utf8"));
    expect(expectSame([...cases, ...texts])).toBeGreaterThan(100);
  });

  it("on seeded mixes of examples, keywords in any case, cut secrets and non-ASCII glue", { timeout: 120_000 }, () => {
    expect(expectSame(mixedTexts(400, SEED))).toBeGreaterThan(1000);
  });

  it("with rules whose anchors come from their patterns, not from the rule data", { timeout: 120_000 }, () => {
    // The built-in rules marked anchored lose the mark: the engine must find their anchors itself
    // (or scan), with the same result.
    const unmarked = rules.map((r) => ({ ...r, anchored: false }));
    expect(expectSame(mixedTexts(150, SEED + 1), unmarked)).toBeGreaterThan(300);
  });
});

// Rules whose matches could reach past a line, or see past one, in every way a pattern can:
// the engine must scan the whole text for them. Each text is mostly lines without the literal,
// so that a rule read as line-bound would run on its lines only (and miss what spans lines).
const LINE_RULES: Array<[string, string?]> = [
  ["ab\\s+cd"],
  ["ab[^;]*;"],
  ["ab\\W+cd"],
  ["ab\\D+cd"],
  ["ab[\\x00-\\x1f]+cd"],
  ["ab[\\s\\S]{1,20}cd"],
  ["ab[^\\S]+cd"],
  ["ab.+cd", "s"],
  ["ab(?:x|\\n)cd"],
  ["ab\\ncd"],
  ["ab\\u000acd"],
  ["ab\\x0acd"],
  ["(?<=\\n)ab"],
  ["(?<!\\n)ab"],
  ["ab(?=\\s)"],
  ["ab(?!\\n)"],
  ["(?<q>[\\n,])ab\\k<q>"],
  ["([\\n,])ab\\1"],
  ["^ab"],
  ["ab$"],
  ["^ab$", "m"],
  ["^[ \\t]*ab[ \\t]*=[ \\t]*(?<secret>[^\\s;]{2,})", "m"],
  ["(?<![A-Za-z])ab[0-9]{2,}(?![A-Za-z])"],
  ["[0-9]{2,5}:ab[^\\s\"']{2,}"],
  ["x(?:ab|cd)[^\\n]*y"],
];

function lineTexts(count: number, seed: number): string[] {
  const rng = prng(seed);
  // Fragments of the rules' literals around line ends, so that near misses across lines abound.
  const bits = [
    "ab",
    "AB",
    "cd",
    "ab",
    "cd",
    "\n",
    "\n",
    "\r\n",
    " ",
    "\t",
    ";",
    ",",
    "=",
    "x",
    "y",
    "12",
    "345",
    ":",
    "'",
    '"',
    "\u2028",
  ];
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const lines: string[] = [];
    for (let l = 0; l < 40; l++) {
      if (rng.chance(0.8)) lines.push(`filler ${rng.int(1e6)} plain words`);
      else lines.push(Array.from({ length: 2 + rng.int(10) }, () => rng.pick(bits)).join(""));
    }
    out.push(lines.join(rng.chance(0.5) ? "\n" : "\r\n"));
  }
  return out;
}

describe("rules that match on one line", () => {
  it("are run on their lines only when nothing in them can reach or see past a line", () => {
    // A start no literal gives: the rules are not tried at keyword places instead.
    const custom: SecretRule[] = LINE_RULES.map(([pattern, flags], i) => ({
      id: `line-${i}`,
      provider: "test",
      description: "line test",
      framework: ["SRC-2"],
      pattern: `(?:x|y|[0-9])*${pattern}`,
      ...(flags === undefined ? {} : { flags }),
      keywords: ["ab"],
      confidence: "high",
    }));
    expect(expectSame(lineTexts(200, SEED + 2), custom)).toBeGreaterThan(1000);
  });

  it("read the literals every match holds, and nothing when a line feed may take part", () => {
    expect(readLines("(?<![A-Za-z0-9_:-])(?<secret>[0-9]{5,16}:A[A-Za-z0-9_-]{34})(?![A-Za-z0-9_:-])")).toEqual([":a"]);
    expect(readLines("^[ \\t]*(?:password|Token)[ \\t]*=", "m")).toEqual(["password", "token"]);
    expect(readLines("[A-Za-z0-9+/]{76}APIM[A-Za-z0-9+/]{5}[AQgw]==")).toEqual(["apim"]);
    expect(readLines("[Hh][Tt][Tt][Pp]s?://[^\\s@]+@")).toEqual(["https://", "http://"]);
    expect(readLines("(?<q>[\"'])ab\\k<q>")).toEqual(['"ab', "'ab"]);
    for (const [pattern, flags] of LINE_RULES.slice(0, 20)) expect(readLines(pattern, flags), pattern).toBeUndefined();
    // No literal every match must hold.
    for (const pattern of ["ab|\\d+", "(?:ab)?(?:cd)?", "[a-z]{20}", "(?:ab)*"]) {
      expect(readLines(pattern), pattern).toBeUndefined();
    }
    expect(readLines("token", "iu")).toBeUndefined();
  });

  it("are most of the rules that have no start literal", () => {
    const plan = planKeywords(rules, ruleStarts(rules));
    // No start literal at the match's start: tried on the lines with a literal, or a fixed number
    // of characters before one (readOffsetStarts) instead of over the whole text.
    const noStart = [...rules.keys()].filter((r) => {
      const rule = rules[r] as SecretRule;
      return rule.anchored !== true && readStarts(rule.pattern, rule.flags) === undefined;
    });
    const placed = noStart.filter((r) => plan.anchors[r] !== undefined || plan.lines[r] !== undefined);
    expect(placed.length).toBeGreaterThan(noStart.length / 2);
    expect(noStart.filter((r) => plan.offsets[r] !== undefined).length).toBeGreaterThan(5);
  });
});

/** A pattern without its lookarounds (nested groups, classes and escapes inside them included). */
function withoutLookarounds(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; ) {
    const look = /^\(\?<?[!=]/.exec(pattern.slice(i));
    if (look === null) {
      const step = pattern[i] === "\\" ? 2 : 1;
      out += pattern.slice(i, i + step);
      i += step;
      continue;
    }
    let depth = 0;
    let inClass = false;
    let j = i;
    for (; j < pattern.length; j++) {
      const c = pattern[j];
      if (c === "\\") j++;
      else if (inClass) inClass = c !== "]";
      else if (c === "[") inClass = true;
      else if (c === "(") depth++;
      else if (c === ")" && --depth === 0) break;
    }
    i = j + 1;
  }
  return out;
}

describe("rules whose every match is one start tag (SecretRule.tag)", () => {
  const tagRules = rules.filter((r) => r.tag !== undefined);

  it("say so truly: the pattern opens with < and holds no other < or >, and holds the literal", () => {
    expect(tagRules.map((r) => r.id)).toContain("xml-name-value-secret");
    for (const rule of tagRules) {
      expect(rule.pattern.startsWith("<"), rule.id).toBe(true);
      expect(rule.flags ?? "", rule.id).not.toMatch(/i/);
      expect(rule.pattern, rule.id).toContain(rule.tag as string);
      // Group names, lookarounds (they read, never take, characters), backreferences by name and
      // classes that refuse both are no < or > of the match.
      const rest = withoutLookarounds(rule.pattern.slice(1))
        .replace(/\(\?<\w+>/g, "(")
        .replace(/\\k<\w+>/g, "")
        .replace(/\[\^(?:\\.|[^\]\\])*\]/g, (c) => (c.includes("<") && c.includes(">") ? "" : c));
      expect(rest, rule.id).not.toMatch(/[<>]/);
    }
  });

  it("are tried at the tag before each literal: the engine finds what a plain loop finds", () => {
    // Tags, brackets and the literal in every order: several tags on a line, a > or < between a
    // tag and its value, blanks before =, a tag with its value on the next line, the literal before any <.
    // Values made at run time (never a credential-shaped literal in the repository).
    const pw = () => rnd(ALNUM, 12);
    const bits = [
      `<add key="PaymentApiKey" value="${pw()}" />`,
      `<property name="db.password" value = "${pw()}" />`,
      `<property name="db.password"\n  value="${pw()}"/>`,
      `<add key="ApiToken"  value  =  "${pw()}"/>`,
      '<add key="token" ',
      `value="${pw()}"`,
      "value =",
      "value",
      "<",
      ">",
      "<x ",
      ' name="secret" ',
      "\n",
      " ",
      "password",
      "a<b>c",
    ];
    const rng = prng(SEED + 5);
    const texts = Array.from({ length: 400 }, () =>
      Array.from({ length: 2 + rng.int(12) }, () => rng.pick(bits)).join(rng.chance(0.3) ? " " : ""),
    );
    expect(expectSame(texts, tagRules)).toBeGreaterThan(300);
  });
});

describe("start literals read from patterns", () => {
  it("skip lookarounds and read optional characters, small classes and alternations", () => {
    expect(startLiterals("(?<=(?<![A-Za-z0-9_])(?<secret>[a-f0-9]{32}))-us[0-9]{1,2}(?![A-Za-z0-9_])")).toEqual([
      "-us",
    ]);
    expect(startLiterals("(?<![A-Za-z0-9.-])[Hh][Tt][Tt][Pp]s?://(?<user>[^:]+)")).toEqual(["https://", "http://"]);
    expect(startLiterals("(?<![A-Za-z0-9_])(?<secret>c[sk]_[a-f0-9]{40})")?.sort()).toEqual(["ck_", "cs_"]);
    expect(startLiterals("^(?:Password|pwd)\\b=", "im")).toEqual(["password=", "pwd="]);
    expect(startLiterals("ab{2,3}c")).toEqual(["ab"]);
    expect(startLiterals("a(?:x|y)?z")?.sort()).toEqual(["axz", "ayz", "az"]);
  });

  it("give nothing where a match may start otherwise", () => {
    for (const source of [
      "[ \\t]*password",
      "a|\\d+",
      "(?:ab)*c",
      ".x",
      "\\x41b",
      "[^a]b",
      "(?:a|)\\d",
      "\\1a",
      "[\\s\\S]a",
    ]) {
      expect(startLiterals(source), source).toBeUndefined();
    }
    expect(startLiterals("token", "iu")).toBeUndefined(); // Unicode case folding reaches past ASCII
  });

  it("may begin with a run of blanks that belongs to the match", () => {
    expect(readStarts("^[ \\t]*(?:password|token)=", "m")).toEqual({ literals: ["password=", "token="], lead: " \t" });
    // Not a run: repeated groups, letters (case), line ends, or a run inside an alternative.
    expect(readStarts("(?:ab)*c")).toBeUndefined();
    expect(readStarts("[ab]*c")).toBeUndefined();
    expect(readStarts("[ \\n]*c")).toBeUndefined();
    expect(readStarts("[ ]*c|d")).toBeUndefined();
    expect(startLiterals("[ \\t]*password")).toBeUndefined();
  });

  it("may come a fixed number of characters after the match's start", () => {
    const azure = "(?<![A-Za-z0-9+/])(?<secret>[A-Za-z0-9+/]{76}ACDb[A-Za-z0-9+/]{5}[AQgw]==)(?![A-Za-z0-9+/=])";
    expect(readOffsetStarts(azure)).toEqual({ literals: ["acdb"], offset: 76 });
    expect(readOffsetStarts("\\d{4}x?ab")).toEqual({ literals: ["xab", "ab"], offset: 4 });
    expect(readOffsetStarts("\\w{3}(?:ab|Cd)")).toEqual({ literals: ["ab", "cd"], offset: 3 });
    expect(readOffsetStarts(".{2}(?<=x.)\\b\\.com")).toEqual({ literals: [".com"], offset: 2 });
    expect(readOffsetStarts("[\\]x]{2}ab")).toEqual({ literals: ["ab"], offset: 2 });
    // Not a fixed number, no literal after it, or characters that may be two code units.
    for (const source of [
      "[a-z]{3,4}ab",
      "\\d?\\d{2}x",
      "(?:\\d{2}){2}ab",
      "\\d{3}(?:ab|c)?x",
      "[a-z]{3}ab|cd",
      "(a)\\1{2}ab",
      "\\d{3}",
      "\\d{3}[a-z]+",
      "ab",
    ]) {
      expect(readOffsetStarts(source), source).toBeUndefined();
    }
    expect(readOffsetStarts("\\d{3}ab", "u")).toBeUndefined();
  });

  it("a fixed number of characters before: the engine finds what a plain loop finds", () => {
    const patterns: Array<[string, string?]> = [
      ["(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{6}AbCd[A-Za-z0-9]{2}(?![A-Za-z0-9])"],
      ["\\d{3}-?xy[0-9]"],
      ["(?<s>[a-f]{4})zz(?:q|r)"],
      [".{2}\\.co", "s"],
      ["[\\w.]{3}(?:ab|cd)e", "i"],
      ["^\\d{2}ab", "m"],
    ];
    const custom: SecretRule[] = patterns.map(([pattern, flags], i) => ({
      id: `offset-${i}`,
      provider: "test",
      description: "offset test",
      framework: ["SRC-2"],
      pattern,
      ...(flags === undefined ? {} : { flags }),
      keywords: ["ab", "xy", "zz", ".co", "cd"],
      confidence: "high",
    }));
    const plan = planKeywords(custom, ruleStarts(custom));
    expect(plan.offsets.every((o) => o !== undefined)).toBe(true);
    const rng = prng(SEED + 3);
    const bits = ["AbCd", "abcd", "ab", "AB", "cd", "xy", "zz", "q", "r", "e", ".co", "-", "\n", "+", "/", "=", " "];
    const texts = Array.from({ length: 300 }, () => {
      let t = "";
      for (let n = rng.int(60); n > 0; n--)
        t += rng.chance(0.5) ? rng.pick(bits) : String.fromCharCode(48 + rng.int(75));
      return t;
    });
    expect(expectSame(texts, custom)).toBeGreaterThan(200);
  });

  it("may be one character after a separator the match opens with: (?:^|X)", () => {
    expect(readStarts("(?:^|[\\n;&])[ \\t]*(?:ENV|ARG)[ \\t]+x", "i")).toEqual({
      literals: ["env ", "env\t", "arg ", "arg\t"],
      lead: " \t",
      back: true,
    });
    expect(readStarts("(?:^|[\\s:])_(?:auth|password)\\s*=")).toEqual({ literals: ["_auth", "_password"], back: true });
    expect(readStarts("(?:;|^)ab", "m")).toEqual({ literals: ["ab"], back: true });
    expect(readStarts("(?:^|\\s)ab")).toEqual({ literals: ["ab"], back: true });
    expect(readStarts("(?:^|[^a-z])ab")).toEqual({ literals: ["ab"], back: true });
    // Not one character read here (nor by the literal reading), repeated, twice, or no literal after it.
    for (const source of [
      "(?:^|\\1)cd",
      "(?:^|\\x41)cd",
      "(?:^|[a])*cd",
      "(?:^|[;])(?:^|[;])cd",
      "(?:^|;)\\d+",
      "(?:^|;)[ab]*cd",
    ]) {
      expect(readStarts(source), source).toBeUndefined();
    }
    const rule = rules.find((r) => r.id === "credential-env-directive") as SecretRule;
    expect(readStarts(rule.pattern, rule.flags)?.back).toBe(true);
  });

  it("after a separator: the engine finds what a plain loop finds, line ends and long lines included", () => {
    const patterns: Array<[string, string?]> = [
      [
        "(?:^|[\\n;&])[ \\t]*(?:ENV|ARG|[Ss][Ee][Tt][Xx])[ \\t]+[\\w.-]{0,10}TOKEN[ \\t]+(?<secret>[^\\s;&]{4,20})",
        "i",
      ],
      ["(?:^|[\\s:])_(?:auth|password)\\s*=\\s*(?<secret>[A-Za-z0-9]{4,})"],
      ["(?:[;&]|^)[ \\t]*ab=(?<secret>\\w{3,})", "m"],
      ["(?:^|.)ab[0-9]"],
      ["(?:^|\\n)[ \\t]*env [a-z]+", "i"],
    ];
    const custom: SecretRule[] = patterns.map(([pattern, flags], i) => ({
      id: `separator-${i}`,
      provider: "test",
      description: "separator test",
      framework: ["SRC-2"],
      pattern,
      ...(flags === undefined ? {} : { flags }),
      keywords: ["env ", "arg ", "setx", "_auth", "_password", "ab"],
      confidence: "high",
    }));
    const plan = planKeywords(custom, ruleStarts(custom));
    expect(plan.backs.every((b) => b)).toBe(true);
    const rng = prng(SEED + 4);
    const bits = [
      "ENV ",
      "env\t",
      "ARG ",
      "SetX ",
      "A_TOKEN ",
      "TOKEN\t",
      "s3cr3tv4lue",
      "_auth=",
      "_password = ",
      "ab=",
      "ab7",
      ";",
      "&",
      ":",
      " ",
      "\t",
      "  ",
      "\n",
      "\r",
      "\r\n",
      "\u2028",
      "\u2029",
      '{"x":"',
      '"}',
    ];
    const texts = Array.from({ length: 300 }, (_, n) => {
      let t = "";
      for (let k = rng.int(50); k > 0; k--)
        t += rng.chance(0.7) ? rng.pick(bits) : String.fromCharCode(48 + rng.int(75));
      // Some on one long line (a bundle's), some padded far from the text's start.
      return n % 5 === 0 ? `${"x=1;".repeat(600)}${t.replace(/[\n\r\u2028\u2029]/g, ";")}` : t;
    });
    expect(expectSame(texts, custom)).toBeGreaterThan(100);
  });

  it("credential-env-directive, now tried after its keywords, finds its keys wherever a whole-text scan did", () => {
    const value = "Zq8wLr2mNc5vXk1pTy7s";
    const line = (sep: string) => `ENV API_SECRET ${value}${sep}setx DEPLOY_TOKEN "${value}"`;
    // Texts the rule finds keys in: lines, a long minified line (over LONG_LINE characters) with
    // the directives after ; and &, blanks at the text's very start, CRLF.
    const found = [
      `FROM node:22${"\n"}${line("\n")}${"\n"}RUN npm ci`,
      `${"var a=1;".repeat(400)};ENV API_SECRET ${value}&& setx DEPLOY_TOKEN "${value}"`,
      `  \t${line("\n")}`,
      `FROM node:22\r\n${line("\r\n")}\r\nRUN npm ci`,
    ];
    // And whatever it finds (or not) with CR-only line ends, U+2028 and U+2029, in one-line JSON.
    const others = [
      `FROM node:22\r${line("\r")}\rRUN npm ci`,
      `FROM node:22\u2028${line("\u2028")}\u2029RUN npm ci`,
      JSON.stringify({ dockerfile: `FROM node:22\n${line("\n")}\n` }),
    ];
    const unanchored = rules.map((r) =>
      r.id === "credential-env-directive" ? { ...r, pattern: `(?:)${r.pattern}`, anchored: false } : r,
    );
    expect(
      readStarts(`(?:)${(rules.find((r) => r.id === "credential-env-directive") as SecretRule).pattern}`, "i"),
    ).toBe(undefined);
    for (const text of found) {
      const keys = matchText(text).filter((m) => m.ruleId === "credential-env-directive");
      expect(keys.length, JSON.stringify(text.slice(-120))).toBe(2);
      expect(keys.every((m) => m.secret === value)).toBe(true);
    }
    const texts = [...found, ...others];
    for (const text of texts) {
      const key = (m: { ruleId: string; start: number; end: number; confidence: string }) =>
        `${m.start}:${m.end}:${m.ruleId}:${m.confidence}`;
      expect(matchText(text).map(key)).toEqual(matchText(text, { rules: unanchored }).map(key));
    }
    expect(expectSame(texts)).toBeGreaterThan(5);
  });

  it("read the characters a match never starts after: an opening lookbehind of one class", () => {
    const chars = (table: Uint8Array | undefined) =>
      table === undefined
        ? undefined
        : [...table.keys()]
            .filter((c) => table[c] === 1)
            .map((c) => String.fromCharCode(c))
            .join("");
    expect(chars(forbiddenBefore("(?<![A-Za-z0-9_])(?<secret>pat[A-Za-z0-9]{14})"))).toBe(
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz",
    );
    expect(chars(forbiddenBefore("(?<![a-c\\]-])x", "i"))).toBe("-ABC]abc");
    expect(chars(forbiddenBefore("(?<![^\\x00-\\x7e])x"))).toBe("\x7f");
    // Not at the very start, more than one class, a positive lookbehind, or an alternative at the top.
    for (const source of ["x(?<![a])y", "(?<![a]b)x", "(?<=[a])x", "(?<![a])x|y", "(?:(?<![a])x)", "(?<!a)x"]) {
      expect(forbiddenBefore(source), source).toBeUndefined();
    }
    expect(forbiddenBefore("(?<![a])x|y".replace("|y", "(?:|y)"))).toBeDefined();
    const shaped = rules.filter((r) => forbiddenBefore(r.pattern, r.flags) !== undefined);
    expect(shaped.length).toBeGreaterThan(300);
  });

  it("after a character the opening lookbehind refuses, places are left out as listed: the same matches", () => {
    // Places of several keywords, a lead, a separator and an offset are listed and sorted before
    // they are tried; those after a refused character are dropped then. Texts dense with refused
    // places (`https:` for `s:`) and with matches after a blank, a quote, a non-ASCII character,
    // a line start and the text's start, so that both the places and the whole-text scan run.
    const custom: SecretRule[] = [
      ["multi", ["ab", "cd"], "(?<![\\w])(?:ab|cd)[0-9]{4}", true],
      ["lead", ["key"], "(?<![\\w])[ \\t]*key[0-9]{4}", false],
      ["back", ["env"], "(?<![\\w])(?:^|[;&])[ \\t]*env[0-9]{4}", false],
      ["offset", ["zz"], "(?<![\\w.])[a-z]{3}zz[0-9]{4}", false],
    ].map(([id, keywords, pattern, anchored]) => ({
      id: `lookbehind-${id}`,
      provider: "test",
      description: "test",
      keywords: keywords as string[],
      pattern: pattern as string,
      anchored: anchored as boolean,
      confidence: "high",
      framework: ["SRC-2"],
    }));
    for (const r of custom) expect(forbiddenBefore(r.pattern, r.flags), r.id).toBeDefined();
    const hex = (n: number, rng: ReturnType<typeof prng>) =>
      Array.from({ length: n }, () => "0123456789ABCDEF"[rng.int(16)]).join("");
    const rng = prng(SEED + 7);
    const bits = (i: number) => [
      "https://example.com/a ",
      "xs:",
      "Ss:",
      "os:key1234",
      "wab1234",
      " ab1234",
      "é cd5678",
      "xcd5678",
      ";env1234",
      "w;  env1234",
      "& env9999",
      "abczz1234",
      ".abczz1234",
      " abczz1234",
      "\n\tkey4321",
      `S:${hex(60, rng)}`,
      `xS:${hex(60, rng)}`,
      ` S:${hex(60, rng)};T:${hex(160, rng)}`,
      `"0x0100${hex(88, rng)}"`,
      `_0x0200${hex(136, rng)}`,
      `${i}`,
    ];
    const texts: string[] = [];
    for (let n = 0; n < 60; n++) {
      const parts: string[] = [];
      // Dense in refused places, or sparse: either way through the engine's choice of places or scan.
      const filler = n % 2 === 0 ? 40 : 2;
      for (let i = 0; i < 30; i++) {
        for (let f = 0; f < rng.int(filler); f++) parts.push("https://x.org/y ");
        parts.push(rng.pick(bits(i)));
      }
      texts.push(parts.join(rng.chance(0.5) ? "" : "\n"));
    }
    const hashRule = rules.filter((r) => r.id === "database-server-password-hash");
    expect(hashRule.length).toBe(1);
    expect(expectSame(texts, [...custom, ...hashRule])).toBeGreaterThan(300);
    expect(expectSame(texts, rules)).toBeGreaterThan(100);
  });

  it("are found for many of the rules not marked anchored", () => {
    const unmarked = rules.filter((r) => r.anchored !== true);
    const read = unmarked.filter((r) => startLiterals(r.pattern, r.flags) !== undefined);
    expect(read.length).toBeGreaterThan(unmarked.length / 2);
  });
});

describeWithShared("corpora/secrets-dev.jsonl", "the matching engine on the dev corpus", () => {
  // The plain loop over 1,900 rules per sample: ~10 s on a quiet machine, 30 s under load.
  it("finds what a plain loop finds, sample by sample", { timeout: 120_000 }, () => {
    const samples = readFileSync(sharedPath("corpora/secrets-dev.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line).text as string);
    expect(expectSame(samples)).toBeGreaterThan(0);
  });
});
