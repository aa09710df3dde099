import { isPublishedExample } from "./published.js";

/**
 * Measures of how random a candidate secret looks. Real credentials are machine-generated;
 * documentation placeholders and dummies are not, and these cheap statistics tell them apart.
 */

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Length of the longest run of one repeated character. */
export function longestRun(value: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    run = i > 0 && value[i] === value[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Share of adjacent pairs that step by +1 or -1 ("abcdef", "123456", "zyx"). */
export function sequentialRatio(value: string): number {
  if (value.length < 2) return 0;
  let steps = 0;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    if (d === 1 || d === -1) steps++;
  }
  return steps / (value.length - 1);
}

/**
 * A variable's name as references write it: UPPER_SNAKE, lower_snake (digits allowed), or words in
 * camel or Pascal case, letters only, a first word of two letters or more and every later capital
 * followed by two lower-case letters or more (`dbPassword`, `ProgramFiles`, `NuGetPassword`). A
 * password manager's value after `$` or between two `%` is almost never one of these: its
 * capitals, digits and symbols fall anywhere.
 */
export const REF_NAME = "(?:[A-Z_][A-Z0-9_]*|[a-z_][a-z0-9_]*|(?:[a-z]{2,}|[A-Z][a-z]+)(?:[A-Z][a-z]{2,})*)";

/** Words of a placeholder (`your token`, `YOUR_API_KEY`, `db.password`): names of three characters or more. */
const REF_WORDS = `(?=[A-Za-z_][\\w .-]{2})${REF_NAME}(?:[ .-]${REF_NAME})*`;

// Values that documentation, templates and tests put where a credential goes.
const PLACEHOLDER_PATTERNS: RegExp[] = [
  /AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYEXAMPLEKEY/,
  // AWS's documentation marks every example credential so: "…EXAMPLE", "…EXAMPLEKEY", "EXAMPLE…".
  /^EXAMPLE|EXAMPLE(?:KEY)?=*$/,
  /x{4,}|X{4,}|\*{4,}|#{4,}|\.{3}|…/,
  // References and templates: `${` (an interpolation, whole or cut where the value stops:
  // `${rnd(ALNUM, 14)}`), `{{ x }}`, `<placeholder>` (whole, or words anywhere: `ghp_<your token>`),
  // `%X%` (whole, or beside a path separator: `%APPDATA%\key`), `$X` and `$(cmd)` (whole). A name
  // there is shaped as one (REF_NAME, REF_WORDS): a password with a leading `$`, or a `%` or `<`
  // pair around a few letters and digits in mixed case (`x8%lAoxtq%4`, `$QZJeDz9h3`, a WordPress
  // salt's `<SdR>`), is a value (these patterns took any \w run: ~2% of symbol-enabled
  // password-manager passwords, ~1% of WordPress salts).
  new RegExp(
    [
      "\\$\\{[\\s{A-Za-z_]",
      "\\{\\{[^{}]*\\}\\}",
      "^<[A-Za-z_][^<>]*>$",
      `<${REF_WORDS}>`,
      `^%${REF_WORDS}%$|[\\\\/]%${REF_WORDS}%|%${REF_WORDS}%[\\\\/]`,
      `^\\$(?:env:)?${REF_NAME}$`,
      "^\\$\\([^()]*\\)",
    ].join("|"),
  ),
  /your[_-]?(?:own[_-]?)?(?:api|access|secret|private|auth|app|client|account|bot|personal)?[_-]?(?:key|token|secret|pass|id)/i,
  // Documentation fillers: "a1b2c3d4-…", "abcd1234abcd1234…".
  /a1b2c3d4|abcd1234abcd|1234abcd1234/i,
  /changeme|change[_-]me|placeholder|redacted|dummy|(?:insert|replace|put)[_-]?(?:your|here|with)|[_-]here$|^here[_-]|token[_-]?here|key[_-]?here|secret[_-]?here|not[_-]?a[_-]?real|fake[_-]?(?:key|token|secret)/i,
  /^(?:(?:my|your|some|the|test|dummy|fake|example)[_-]?)?(?:password|passwd|pwd|secret|token|apikey|api_key)$/i,
  /^(?:test|testing|null|undefined|none|true|false|admin|root|default|abc|user|username|value|values|string|text|example|sample|foo|bar|baz)$/i,
];

/** The remainder must still look random once a word like "example" is removed. */
function exampleIsPlaceholder(value: string): boolean {
  const m = /example|sample/i.exec(value);
  if (!m) return false;
  const rest = value.slice(0, m.index) + value.slice(m.index + m[0].length);
  return rest.length < 24 || shannonEntropy(rest) < 4;
}

/**
 * True when a captured secret is a known example value or an obvious dummy: a placeholder
 * pattern, one character repeated over much of the value, an ascending alphabet, or a value a
 * vendor published as an example (see published.ts).
 */
export function isPlaceholder(secret: string): boolean {
  for (const re of PLACEHOLDER_PATTERNS) if (re.test(secret)) return true;
  if (exampleIsPlaceholder(secret)) return true;
  if (isPublishedExample(secret)) return true;
  const len = secret.length;
  if (len >= 8 && longestRun(secret) >= Math.max(6, Math.ceil(len * 0.4))) return true;
  if (len >= 8 && sequentialRatio(secret) >= 0.8) return true;
  // One character over half the value: a zeroed UUID behind a prefix ("sdk-00000000-0000-…").
  if (len >= 16 && dominantShare(secret) > 0.5) return true;
  // Few distinct characters: "aaaa1111bbbb2222". Capped so long random values never qualify.
  if (len >= 16 && new Set(secret).size <= Math.min(6, Math.max(3, Math.floor(len / 10)))) return true;
  return false;
}

/**
 * Typed filler where a value has no format of its own (a generic assignment, a value known by
 * its name): a short unit repeated ("a1b2a1b2a1b2"), a run of the alphabet or of digits over a
 * third of the value ("key_12345678abcdefgh"), a keyboard row. Not applied to self-identifying
 * tokens, whose prefix already says which provider issued them: a `glsa_…` with a run in it is
 * a finding to look at.
 */
export function isFiller(value: string): boolean {
  if (repeatsUnit(value) || KEYBOARD_ROW.test(value)) return true;
  const run = longestSequentialRun(value);
  return run >= 8 && run * 3 >= value.length;
}

/**
 * A short unit repeated over the whole value ("a1b2a1b2a1b2", "abcabcabcabc"): the period is at
 * most a quarter of the length, so at least four copies; a machine-made key never repeats so.
 */
export function repeatsUnit(value: string): boolean {
  const len = value.length;
  if (len < 12) return false;
  for (let p = 1; p <= Math.floor(len / 4); p++) {
    let same = 0;
    for (let i = p; i < len; i++) if (value.charCodeAt(i) === value.charCodeAt(i - p)) same++;
    if (same >= (len - p) * 0.9) return true;
  }
  return false;
}

/**
 * Length of the longest run of characters that each step by +1 in code order ("12345678",
 * "abcdefgh", "ABCDEFGH"), or by -1. In a random token of a 62-letter alphabet a run of eight has
 * a chance of about 1 in 10^10 per position; in documentation it is how fillers are typed.
 */
export function longestSequentialRun(value: string): number {
  let best = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    best = Math.max(best, up, down);
  }
  return value.length === 0 ? 0 : best;
}

// Six or more keys of one keyboard row, in order: "qwerty", "asdfgh", "zxcvbn".
const KEYBOARD_ROW = /qwerty|wertyu|ertyui|rtyuio|tyuiop|asdfgh|sdfghj|dfghjk|fghjkl|zxcvbn|xcvbnm/i;

/**
 * Base64 that decodes to prose: six or more words of letters between spaces, nothing that reads
 * as a `user:password` pair. Documentation and tests encode sentences ("the quick brown fox");
 * an encoded key decodes to bytes, not words.
 */
export function isBase64OfText(value: string): boolean {
  if (value.length < 24 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 === 1) return false;
  const text = Buffer.from(value, "base64").toString("latin1");
  if (!/^[\x20-\x7e\t\r\n]+$/.test(text) || text.includes(":")) return false;
  const words = text.split(/\s+/).filter((w) => /^[A-Za-z][a-z]*[.,!?']?$/.test(w));
  return words.length >= 6 && words.join("").length >= text.replace(/\s/g, "").length * 0.85;
}

/** Share of the most frequent character. */
function dominantShare(value: string): number {
  const counts = new Map<string, number>();
  let best = 0;
  for (const ch of value) {
    const n = (counts.get(ch) ?? 0) + 1;
    counts.set(ch, n);
    if (n > best) best = n;
  }
  return best / value.length;
}

const WORDISH = /^[a-z]*[aeiouy][a-z]*$/;

/**
 * True for values that read as code rather than key material: a dotted member path
 * (`types$1.eof`, `options?.token`), an identifier negated or incremented (`!isDone`, `depth++`) or an identifier made of a few word-like parts (`base64String`,
 * `Unexpected_token_A_constructor`). Random tokens split into many short, vowel-less parts.
 */
export function looksLikeIdentifier(expression: string): boolean {
  // An identifier inside an expression is still one: `!isTaggedTemplate`, `curlyDepth++`, and
  // the "?Name" marker strings a parser keeps.
  const value = expression.replace(/^[!?]{1,2}/, "").replace(/(?:\+\+|--)$/, "");
  if (/^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+$/.test(value)) return true;
  if (!/^[A-Za-z_$][\w$-]*$/.test(value)) return false;
  const parts = value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? [];
  const letters = parts.filter((p) => !/^\d/.test(p));
  if (letters.length === 0 || letters.length > 12) return false;
  const wordy = letters.filter((p) => p.length >= 3 && WORDISH.test(p.toLowerCase()));
  const wordyChars = wordy.reduce((n, p) => n + p.length, 0);
  const letterChars = letters.reduce((n, p) => n + p.length, 0);
  const slack = Math.max(1, Math.floor(letters.length / 3));
  return wordy.length >= letters.length - slack && wordyChars >= letterChars * 0.8;
}
