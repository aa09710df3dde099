/**
 * English's (ICU's root) collation order, what `new Intl.Collator("en").compare` gives, without
 * creating a collator for the texts an SBOM is made of. Any ICU collator costs ~67M instructions
 * (~5.5 ms) of V8 building its list of available locales, once per process, before the first
 * comparison: the largest single fixed cost of `rampart sbom`.
 *
 * For printable ASCII (U+0020-U+007E) the root collation is simple, and this module orders such
 * texts by a sort key compared in code-unit order, in lists of any length:
 * - primary level: letters without case, digits in value order, and the 33 spaces, punctuation
 *   marks and symbols in the collation's own order (` _-,;:!?.'"()[]{}@*\/\&#%`^+<=>|~$`), all
 *   before the digits, the digits before the letters; a text before any longer text it begins;
 * - tertiary level, for texts equal at the primary level (then of the same length): the first
 *   position where the case differs decides, lowercase first.
 * ASCII has no secondary differences, contractions or expansions in the root collation, and no
 * two of these characters share a primary weight except a letter's two cases. Any text with
 * another character (a control character, which the collation ignores or weighs as space,
 * anything beyond ASCII) is compared by the collator itself, created on that first comparison:
 * the comparison is ICU's for every pair of texts. test/english-order.test.ts holds the key to
 * ICU's order on every pair and triple of the characters concerned, on random texts and on every
 * text of the shared fixtures' SBOMs.
 */

const PUNCTUATION = ` _-,;:!?.'"()[]{}@*/\\&#%\`^+<=>|~$`;
/** Each space, punctuation mark and symbol: a code unit in collation order, below "0" (U+0030). */
const PUNCTUATION_KEY: Record<string, string> = Object.fromEntries(
  [...PUNCTUATION].map((ch, i) => [ch, String.fromCharCode(1 + i)]),
);
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const NOT_ALPHANUMERIC = /[^a-z0-9]/;
const NOT_ALPHANUMERIC_ALL = /[^a-z0-9]/g;
const NOT_UPPER_RUN = /[^A-Z]+/g;
const UPPER = /[A-Z]/g;

/**
 * The sort key of a printable ASCII text (undefined for any other): the primary weights as code
 * units (the letters lowercase, the digits as they are, the others below "0"), and when the text
 * has capitals, a NUL (below every weight, so a text stays before the longer texts it begins) and
 * one digit per position, "1" where a capital is.
 */
export function englishKey(text: string): string | undefined {
  if (!PRINTABLE_ASCII.test(text)) return undefined;
  const lower = text.toLowerCase();
  const primary = NOT_ALPHANUMERIC.test(lower)
    ? lower.replace(NOT_ALPHANUMERIC_ALL, (ch) => PUNCTUATION_KEY[ch] as string)
    : lower;
  if (lower === text) return primary;
  return `${primary}\0${text.replace(NOT_UPPER_RUN, (run) => "0".repeat(run.length)).replace(UPPER, "1")}`;
}

let collator: Intl.Collator | undefined;
/** ICU itself, for texts the key does not cover. */
function compareByIcu(a: string, b: string): number {
  collator ??= new Intl.Collator("en");
  return collator.compare(a, b);
}

/** Whether this process has made the collator (for the tests: lists of ASCII texts never do). */
export function collatorMade(): boolean {
  return collator !== undefined;
}

// Keys of the texts seen (refs recur in every dependency list), forgotten past a bound so that a
// long-lived process rendering many documents does not keep them all.
const keys = new Map<string, string | undefined>();
function cachedKey(text: string): string | undefined {
  let key = keys.get(text);
  if (key === undefined && !keys.has(text)) {
    if (keys.size >= 100_000) keys.clear();
    key = englishKey(text);
    keys.set(text, key);
  }
  return key;
}

/** Two texts in English's (ICU root) collation order, whatever the machine's locale: `Intl.Collator("en").compare`. */
export function compareEnglish(a: string, b: string): number {
  if (a === b) return 0;
  if (collator !== undefined) return collator.compare(a, b); // made for a text without a key: cheaper from then on
  const ka = cachedKey(a);
  const kb = cachedKey(b);
  if (ka === undefined || kb === undefined) return compareByIcu(a, b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * `items` sorted (stably, in place) by `textOf` in English's collation order: each text's key is
 * worked out once and the keys compared natively, or, for a list with any text the key does not
 * cover (or once this process has a collator), by the collator. Lists of every length go by keys:
 * a collator's creation costs ~69M instructions (V8 building its list of available locales), more
 * than the keys of a large lockfile's texts and their native comparisons (an SBOM of nodejs.org's
 * lockfile, 1,842 components: 1,041M -> 996M instructions in all, callgrind; vite's pnpm lockfile:
 * 825M -> 790M). An earlier pass measured the opposite under Maglev, whose compiles of the key code
 * the command no longer runs (the bin's --no-maglev). Both orders are ICU's, so no byte changes.
 */
export function sortEnglish<T>(items: T[], textOf: (item: T) => string): T[] {
  if (items.length < 2) return items;
  if (collator !== undefined) return items.sort((x, y) => compareByIcu(textOf(x), textOf(y)));
  const decorated: Array<{ key: string; item: T }> = [];
  for (const item of items) {
    const key = cachedKey(textOf(item));
    if (key === undefined) return items.sort((x, y) => compareByIcu(textOf(x), textOf(y)));
    decorated.push({ key, item });
  }
  decorated.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  for (let i = 0; i < items.length; i++) items[i] = (decorated[i] as { item: T }).item;
  return items;
}
