import type { Confidence } from "@rampart/core";
import { REF_NAME } from "../entropy.js";
import type { RuleExamples, SecretRule } from "../rule.js";
import { fillerOf, templateOfPattern } from "./examples.js";

/**
 * Helpers that turn a provider's documented token format into a rule. Two shapes cover most
 * providers: a token with its own prefix ("ghp_", "xoxb-") found anywhere, and a token with no
 * prefix that only means something next to the provider's name (`pusher_secret = "…"`).
 */

type Context = "code" | "lockfile" | "minified";

interface Common {
  id: string;
  provider: string;
  description: string;
  keywords?: string[];
  /** Literals of which one must occur besides a keyword (see SecretRule.requires). */
  requires?: string[];
  confidence?: Confidence;
  entropy?: number;
  validator?: string;
  onInvalid?: "lower" | "drop";
  allowlist?: string[];
  contexts?: Context[];
  generic?: boolean;
  yieldsToPrefixes?: boolean;
  /**
   * Example texts (templates, see examples.ts). Token and named-value rules derive theirs from
   * the documented format when none are given; what is given here is added to those.
   */
  examples?: Partial<RuleExamples>;
}

/** Case-insensitive spelling of a literal without the `i` flag (which would widen the secret). */
export function ci(literal: string): string {
  let out = "";
  for (const ch of literal) {
    const lo = ch.toLowerCase();
    const up = ch.toUpperCase();
    if (lo !== up) out += `[${up}${lo}]`;
    else out += /[\w]/.test(ch) ? ch : ch === "-" ? "-" : `\\${ch}`;
  }
  return out;
}

/** Characters that may not touch a token on either side, so a match is a whole token. */
const WORD = "A-Za-z0-9_";

export interface TokenDef extends Common {
  /** RegExp source of the whole token, prefix included. */
  token: string;
  /** Characters the token is made of at its edges (default letters, digits, underscore). */
  edge?: string;
  /** false: the format has inner structure (a checksum): its examples are given, not derived. */
  derive?: boolean;
}

/** A self-identifying token: its prefix alone says who issued it. */
export function token(def: TokenDef): SecretRule {
  const edge = def.edge ?? WORD;
  // A token may name its own `secret` group when the credential is only part of it.
  const body = def.token.includes("(?<secret>") ? `(?:${def.token})` : `(?<secret>${def.token})`;
  // "=" in an edge is base64 padding, which only ends a token: `KEY=glc_…` must still match.
  const before = edge.replace("=", "");
  const rule = finish(def, `(?<![${before}])${body}(?![${edge}])`, ["code", "minified"]);
  rule.selfIdentifying = true;
  if (def.derive !== false) {
    const t = templateOfPattern(def.token);
    rule.examples = withExamples(def, [t, `export SERVICE_CREDENTIAL="${t}"`]);
  }
  // Every match starts with the token's literal prefix: when a keyword begins it, the engine
  // only tries the pattern where that keyword occurs.
  const prefix = literalPrefix(def.token).toLowerCase();
  if (prefix !== "" && !topLevelAlternation(def.token) && rule.keywords.some((k) => prefix.startsWith(k))) {
    rule.anchored = true;
  }
  return rule;
}

/** Whether a RegExp source has a `|` outside any group or class ("a|b", not "(?:a|b)"). */
export function topLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") i++;
    else if (inClass) inClass = ch !== "]";
    else if (ch === "[") inClass = true;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "|" && depth === 0) return true;
  }
  return false;
}

/**
 * The literal text every match of a RegExp source starts with ("sk_live_" of "sk_live_[a-z]+"),
 * assuming no top-level alternation.
 */
export function literalPrefix(source: string): string {
  let out = "";
  for (let i = 0; i < source.length; i++) {
    let ch = source[i] as string;
    if (ch === "\\") {
      const next = source[i + 1] ?? "";
      if (!/[.\-/:~]/.test(next)) break; // \d, \w, \k...: not a literal
      ch = next;
      i++;
    } else if (!/[A-Za-z0-9_\-:~]/.test(ch)) break;
    // A quantifier makes the character before it optional or repeated: it is not part of the prefix.
    if (/[?*+{]/.test(source[i + 1] ?? "")) break;
    out += ch;
  }
  return out;
}

export interface NearDef extends Common {
  /** Names that label the value in code or config ("pusher", "pusher_app"). Lower-case. */
  names: string[];
  /** RegExp source of the value. */
  secret: string;
  /** Characters that may not follow the value (default: its own alphabet, roughly). */
  edge?: string;
  /** RegExp source; a name whose rest of identifier matches it is skipped ("server|guild"). */
  exclude?: string;
  /** false: the value has inner structure: its examples are given, not derived. */
  derive?: boolean;
}

// How code and config bind a name to a value: `name = "v"`, `name: v`, `"name": "v"`,
// `name := v`, `<name>v</name>`, `setProperty("NAME", "v")`, `name => 'v'`, `--name v`.
/** `(?=(?<n>x))\\k<n>`: matches x greedily and never gives part of it back (an atomic group). */
export function atomic(name: string, source: string): string {
  return `(?=(?<${name}>${source}))\\k<${name}>`;
}

/**
 * A value that is a whole reference, not a secret, as a negative lookahead to put where the value
 * starts: `${X...` (an interpolation, `${{ x }}`), `{{ x }}`, `$(cmd)`, `%(name)s`, `%{X}`,
 * `%env(X)%`, `<%= x %>` (each a template whatever follows it), and, when `end` (a lookahead: what
 * may follow a value in the rule's syntax) follows it, `$X` / `$env:X`, `%X%`, `<placeholder>`,
 * `{X}` with X a name (entropy.ts REF_NAME; a placeholder's words may be spaced or dashed:
 * `<your password>`). Any other value that starts with `$`, `%`, `<` or `{` is a value: password
 * managers draw those characters (refusing any value that starts with one lost ~95% of such
 * passwords in the config rules).
 */
export function notRef(end = "(?![^\\s\"'`\\\\])"): string {
  const template = [
    "\\$\\{[\\s{A-Za-z_]",
    "\\$?\\{\\{[^\\n]{0,200}?\\}\\}",
    "\\$\\([^()\\n]{0,200}\\)",
    "%\\([\\w.-]{1,100}\\)[a-z]",
    "%\\{[\\w.:-]{1,100}\\}",
    "%env\\([\\w.:-]{1,100}\\)%",
    "<%[^\\n]{0,200}?%>",
  ];
  const whole = [`\\$(?:env:)?${REF_NAME}`, `%${REF_NAME}%`, "<[A-Za-z_][\\w .:@/-]{0,100}>", `\\{${REF_NAME}\\}`];
  return `(?!${template.join("|")}|(?:${whole.join("|")})${end})`;
}

/**
 * A name that starts a word: its first letter may follow an upper-case letter, digit or
 * punctuation ("myTwitterKey", "X_TWITTER"), but not a lower-case letter, so "lob" does not
 * match inside "global".
 */
export function wordStart(name: string): string {
  const first = name[0] ?? "";
  const lo = first.toLowerCase();
  const up = first.toUpperCase();
  if (lo === up) return ci(name);
  return `(?:${lo}(?<![a-z]${lo})|${up})${ci(name.slice(1))}`;
}

// The rest of the identifier, then (typed languages) a type: `var apiToken string = "…"`.
// Atomic parts keep the backtracking per name occurrence small and bounded.
export const NAME_TAIL = `${atomic("tail", "[\\w.\\-]{0,30}")}(?:[ \\t]+[A-Za-z]{1,12})?`;
// Quotes may be escaped (\"): a config line inside a JSON or code string.
export const GLUE = `${atomic("pre", "[\\s'\"`\\])\\\\]{0,4}")}(?:[:?.+]?=|:{1,3}=|=>|:|,|>|\\(|\\|\\|)${atomic("post", "[\\s'\"`=(\\\\]{0,6}")}`;

// Or the value a little further on: within 40 characters after the name (a line break included),
// starting after a separator, as in prose, headers, nested YAML/JSON or a log line ("Mailchimp
// key for prod: …", "deepgram:\n  api_key: …"). The lookbehind keeps a value from starting inside
// a longer run (a hash, a base64 blob, a URL path). Such a finding is one confidence step lower
// (the empty group "nearby" marks it for the matcher), so a rule that binds the value wins a tie.
export const NEARBY = `[\\s\\S]{0,40}?(?<=[\\s'"\`:=(,\\[{>])(?<nearby>)`;

/**
 * Whether a value may also be found NEARBY: a shape of its own (hex, base64, token characters, a
 * UUID), not a password-like class of symbols that prose and code fill at random, and not a rule
 * already at low confidence (values whose format no vendor documents).
 */
function nearbyShaped(def: NearDef): boolean {
  if (def.confidence === "low") return false;
  const classes = def.secret.match(/\[(?:\\.|[^\]\\])*\]/g) ?? [];
  return !classes.some((c) => /[!@#$%^&*()<>;:~,|?'"`{}]|\\\[|\\\]/.test(c));
}

/** A value that only a nearby provider name identifies. */
export function near(def: NearDef): SecretRule {
  const names = def.names.map(wordStart).join("|");
  const edge = def.edge ?? WORD;
  const exclude = def.exclude ? `(?![\\w.-]{0,30}?(?:${ciRe(def.exclude)}))` : "";
  const bind = nearbyShaped(def) ? `(?:${NAME_TAIL}${GLUE}|${NEARBY})` : `${NAME_TAIL}${GLUE}`;
  const pattern = `(?:${names})${exclude}${bind}(?<secret>${def.secret})(?![${edge}])`;
  const rule = finish({ ...def, keywords: def.keywords ?? def.names }, pattern, ["code"]);
  if (def.derive !== false) {
    const v = templateOfPattern(def.secret);
    const name = def.names[0] as string;
    rule.examples = withExamples(def, [`${name} = "${v}"`, `${name.toUpperCase()}: ${v}`]);
  }
  // Every match starts with one of the names: when they are the keywords, try only there.
  if (def.keywords === undefined) rule.anchored = true;
  return rule;
}

/** Derived secret examples plus the rule's own; clean examples: the placeholder twin of each. */
function withExamples(def: Common, derived: string[]): RuleExamples {
  const secret = [...derived, ...(def.examples?.secret ?? [])];
  const clean = [...derived.map(fillerOf), ...(def.examples?.clean ?? [])];
  return { secret, clean };
}

function finish(def: Common, pattern: string, contexts: Context[]): SecretRule {
  const rule: SecretRule = {
    id: def.id,
    provider: def.provider,
    description: def.description,
    keywords: (def.keywords ?? []).map((k) => k.toLowerCase()),
    pattern,
    framework: ["SRC-2"],
    confidence: def.confidence ?? "medium",
    contexts: def.contexts ?? contexts,
  };
  if (def.requires !== undefined) rule.requires = def.requires.map((k) => k.toLowerCase());
  if (def.generic) rule.generic = true;
  if (def.yieldsToPrefixes) rule.yieldsToPrefixes = true;
  if (def.entropy !== undefined) rule.entropy = def.entropy;
  if (def.validator !== undefined) rule.validator = def.validator;
  if (def.onInvalid !== undefined) rule.onInvalid = def.onInvalid;
  if (def.allowlist !== undefined) rule.allowlist = def.allowlist;
  if (def.examples !== undefined)
    rule.examples = { secret: def.examples.secret ?? [], clean: def.examples.clean ?? [] };
  return rule;
}

/** A rule written out in full, for formats neither helper fits. */
export function raw(def: Common & { pattern: string; flags?: string; tag?: string }): SecretRule {
  const rule = finish(def, def.pattern, ["code"]);
  if (def.flags !== undefined) rule.flags = def.flags;
  if (def.tag !== undefined) rule.tag = def.tag;
  return rule;
}

/** Character-class shorthands used across rule files. */
export const cls = {
  alnum: "[A-Za-z0-9]",
  lowerAlnum: "[a-z0-9]",
  hex: "[a-f0-9]",
  hexAny: "[A-Fa-f0-9]",
  b64url: "[A-Za-z0-9_-]",
  b64: "[A-Za-z0-9+/]",
} as const;

/** Makes every ASCII letter of a RegExp source case-insensitive, leaving escapes and classes alone. */
export function ciRe(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch === "\\") {
      out += ch + (source[i + 1] ?? "");
      i++;
    } else if (inClass) {
      out += ch;
      if (ch === "]") inClass = false;
    } else if (ch === "[") {
      inClass = true;
      out += ch;
    } else if (/[a-z]/i.test(ch) && !/\(\?<$/.test(out.slice(-3)) && !/\(\?<[a-z]*$/i.test(out.slice(-20))) {
      out += `[${ch.toUpperCase()}${ch.toLowerCase()}]`;
    } else out += ch;
  }
  return out;
}

export type Extra = Partial<Omit<Common, "id" | "provider">> & { edge?: string; exclude?: string; derive?: boolean };

/** Short form of `near` for tables of providers: the value's format next to the provider's name. */
export function kv(id: string, provider: string, names: string[], secret: string, extra: Extra = {}): SecretRule {
  return near({
    id,
    provider,
    description: extra.description ?? `${provider} credential next to its name`,
    names,
    secret,
    ...extra,
  });
}

/** Short form of `token` for tables of providers: a self-identifying token. */
export function pre(id: string, provider: string, keywords: string[], body: string, extra: Extra = {}): SecretRule {
  return token({
    id,
    provider,
    description: extra.description ?? `${provider} token (${keywords.join(", ")} prefix)`,
    keywords,
    token: body,
    confidence: "high",
    ...extra,
  });
}

/** Common value shapes. */
export const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/** One row of a provider table: `kv`'s arguments. */
export type KvRow = [id: string, provider: string, names: string[], secret: string, extra?: Extra];

/** `kv` over a table of providers whose value only their name identifies. */
export function kvs(rows: readonly KvRow[]): SecretRule[] {
  return rows.map(([id, provider, names, secret, extra]) => kv(id, provider, names, secret, extra));
}

/** Value shapes shared by provider tables. */
export const HEX = (n: number | string): string => `[a-f0-9]{${n}}`;
export const ALNUM = (n: number | string): string => `[A-Za-z0-9]{${n}}`;
/** Edge for values with dashes (UUIDs, base64url). */
export const DASH_EDGE = { edge: "A-Za-z0-9_-" } as const;
/**
 * A value whose exact format the vendor does not document (an opaque API key of some 20 to 64
 * token characters): next to the provider's name only, random-looking, and low confidence.
 */
export const OPAQUE = "[A-Za-z0-9_-]{20,64}";
export const OPAQUE_EXTRA = { edge: "A-Za-z0-9_-", entropy: 3.7, confidence: "low" } as const;
/** A signed JWT (header.payload.signature, base64url) and the edges of values with dashes, base64. */
export const JWT = "eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{20,}";
export const JWT_EDGE = { edge: "A-Za-z0-9_.-" } as const;
export const UUID_EDGE = { edge: "A-Za-z0-9-" } as const;
export const B64_EDGE = { edge: "A-Za-z0-9+/=" } as const;
/**
 * Options for a UUID-valued secret next to a provider's name: not where the name says the UUID
 * is an id, a user, an account, a project or a tenant (those are public halves).
 */
export const UUID_KV = { edge: "A-Za-z0-9-", exclude: "[_.-]id(?![A-Za-z])|user|account|project|org_id|tenant" };
