import { isBase64OfText, looksLikeIdentifier } from "./entropy.js";
import type { SecretRule } from "./rule.js";

/**
 * What the text around a match says about it, for the cases where the value alone cannot tell:
 * "drop" (not a credential: an id in a key's shape, a digest, a key that is public by design),
 * "low" (a credential, but one its vendor means to ship in client code: low confidence, a
 * warning unless `secrets.failOn: low`), or undefined.
 */
export type ContextVerdict = "drop" | "low" | undefined;

const UUID_VALUE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** A rule whose format is a UUID (or a 36-character run of hex and dashes) may match one. */
const UUID_FORMAT = /\{8\}-|-\]\{36\}|\{36\}-|\]\{8\}\\?-/;
const HEX_DIGEST = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;
/**
 * Words that say a hex value is a digest, a signature or a revision: a git SHA beside "commit",
 * `computeHMACSignature(…) => '<hex>'`. Whole words in any of three spellings (commit, Commit,
 * COMMIT), so "shadow" or "prevent" never count.
 */
const DIGEST_WORD = new RegExp(
  `(?<![a-z])(?:${[
    "commit",
    "sha",
    "sha1",
    "sha256",
    "sha384",
    "sha512",
    "revision",
    "rev",
    "hash",
    "digest",
    "checksum",
    "integrity",
    "etag",
    "md5",
    "hmac",
    "signature",
  ]
    .map((w) => `${w}|${w.toUpperCase()}|${w.charAt(0).toUpperCase()}${w.slice(1)}`)
    .join("|")})(?![a-z])`,
);
/** "secret:" inside an ARN (`arn:aws:secretsmanager:…:secret:MySecret-a1b2c3`) names a resource. */
const ARN_BEFORE = /(?:\barn:|-arn;)[^\s"'`]*$/;
/**
 * A value that says what it is instead of being it: documentation's `SomeKindOfPassword123!`,
 * `This-is-my-test-99!`, `VERYLONGSECRETeyJ…`. Only for generic assignments: a provider's rule
 * knows the format, and a random value spells none of these words by chance.
 */
const SELF_DESCRIBING =
  /passw(?:or)?d|secret|token|api_?key|my[-_]?test|test[-_]?(?:value|key|pass)|example|sample|dummy|fake/i;
/**
 * Algolia's front-end search: DocSearch, InstantSearch, Autocomplete and the search client take
 * search-only keys, which Algolia documents as safe in front-end code.
 */
const ALGOLIA_CLIENT = /docsearch|instantsearch|algoliasearch|searchclient|liteclient|autocomplete/i;
const ALGOLIA_APP = /app_?id|applicationid/i;
const SEARCH_ONLY_NAME = /search[_-]?only|search[_-]?(?:api[_-]?)?key|searchkey/i;
/**
 * Search configuration: a front-end config names the index it searches (DocSearch, Docusaurus's
 * themeConfig.algolia, InstantSearch), or its name is one a bundler ships to the browser
 * (NEXT_PUBLIC_ALGOLIA_API_KEY, VITE_…, GATSBY_…).
 */
const ALGOLIA_SEARCH_CONFIG = /\bindexName\b|contextualSearch|searchParameters/;
const PUBLIC_ENV_NAME = /\b(?:NEXT_PUBLIC|NUXT_PUBLIC|EXPO_PUBLIC|VITE|REACT_APP|GATSBY|PUBLIC)_[A-Z0-9_]*\W*$/;
/**
 * Where the same 32-hex shape is a key that writes: Algolia's Admin API key (or one with
 * addObject/editSettings rights) is what indexing code and tools take, and it "should remain
 * confidential" (Algolia's API keys guide); gatsby-plugin-algolia's README calls its
 * ALGOLIA_API_KEY the admin key. Write and key-management methods of the API clients, indexing
 * plugins, an admin or write key named nearby.
 */
const ALGOLIA_WRITE =
  /\b(?:save|partial_?update|add|delete|clear|replace_?all)_?(?:objects?|rules?|synonyms?)\b|\b(?:set_?settings|delete_?by|copy_?index|move_?index|delete_?index|(?:add|update|delete|restore)_?api_?key|browse_?objects|multiple_?batch|algolia-?indexer|gatsby-plugin-algolia)\b|(?:admin|write)[_ -]?(?:api[_ -]?)?key/i;
/** A Firebase web app's config object: its apiKey identifies the project and is meant to ship. */
const FIREBASE_WEB_CONFIG = /authDomain|firebaseapp\.com|messagingSenderId|storageBucket|measurementId|databaseURL/;

/** `radius` characters on each side of [start, end). */
function around(text: string, start: number, end: number, radius: number): string {
  return text.slice(Math.max(0, start - radius), Math.min(text.length, end + radius));
}

/** The rest of the line(s) around [start, end), that span left out. */
function lineAround(text: string, start: number, end: number): string {
  const from = text.lastIndexOf("\n", start - 1) + 1;
  const nl = text.indexOf("\n", end);
  return `${text.slice(from, start)} ${text.slice(end, nl < 0 ? text.length : nl)}`;
}

/** Where the name's tail starts: after its last credential word ("token" of "git_token_commit"). */
function lastCredentialWord(name: string): number {
  let at = 0;
  for (const m of name.matchAll(/secret|token|passw(?:or)?d|pwd|key|auth|credential/gi)) at = m.index + m[0].length;
  return at;
}

/** `"recaptchaV3Token": "my_recaptchaV3Token"`: the value is its own name with a filler prefix. */
function echoesName(secret: string, nameAndGlue: string): boolean {
  const lower = secret.toLowerCase();
  const value = lower.replace(/^(?:my|your|some|example|sample|test)[-_.]?/, "");
  return value.length >= 4 && value !== lower && nameAndGlue.toLowerCase().includes(value);
}

/** An unquoted identifier that is called, passed or indexed: a variable, not a value. */
function isCodeIdentifier(secret: string, text: string, start: number, end: number): boolean {
  const before = text[start - 1] ?? "";
  const after = text[end] ?? "";
  if (/["'`]/.test(before)) return false;
  if (!((before === "(" || /^[().;,[]$/.test(after)) && looksLikeIdentifier(secret))) return false;
  // `Key=value;` inside a string literal is a connection string's pair, not a statement:
  // `"…;Password=Summer2024;Encrypt=true"` holds a (word-made) password, not a variable. Code
  // quoted in a test or a document (`next_snowflake(cloud_with_snow)`) stays code.
  return !(before === "=" && after === ";" && insideQuotes(text, start));
}

/**
 * Whether an odd number of some quote character (unescaped) opens the line before `at` (its last
 * 4 KiB: a minified line must not make each candidate cost the whole line).
 */
function insideQuotes(text: string, at: number): boolean {
  const line = text.slice(Math.max(text.lastIndexOf("\n", at - 1) + 1, at - 4096), at);
  for (const q of ['"', "'", "`"]) {
    let n = 0;
    for (let i = line.indexOf(q); i >= 0; i = line.indexOf(q, i + 1)) if (line[i - 1] !== "\\") n++;
    if (n % 2 === 1) return true;
  }
  return false;
}

/**
 * The verdict for one match of `rule`: `secret` at [start, end) of `text`, the whole match
 * (name, glue and value for a named value) starting at `matchStart`.
 */
export function judgeContext(
  rule: SecretRule,
  secret: string,
  text: string,
  start: number,
  end: number,
  matchStart = start,
): ContextVerdict {
  // A UUID caught by a token rule whose documented format is something else: an id, not its key.
  // (Generic and header rules know no format: a UUID assigned to a token is often one.)
  if (rule.selfIdentifying && UUID_VALUE.test(secret) && !UUID_FORMAT.test(rule.pattern)) return "drop";
  // A value known only by a name beside it, written as code: an unquoted identifier that is
  // called, passed or dereferenced (`snowflake_id = next_snowflake(cloud_with_snow)`) is a
  // variable; the provider's name was part of an identifier, not a label.
  if (!rule.selfIdentifying && isCodeIdentifier(secret, text, start, end)) return "drop";
  if (rule.generic && genericLookalike(secret, text, start, end, matchStart)) return "drop";
  if ((rule.generic || rule.provider === "Algolia") && /^[0-9a-f]{32}$/.test(secret) && !/admin/i.test(rule.id)) {
    const name = text.slice(Math.max(0, matchStart - 40), start);
    if (SEARCH_ONLY_NAME.test(name)) return "drop";
    // A key handed to an API client with its app id: reported only where the code writes with it.
    if (rule.id === "algolia-client-key") return ALGOLIA_WRITE.test(around(text, start, end, 1500)) ? "low" : "drop";
    const near = around(text, start, end, 400);
    if (ALGOLIA_APP.test(near) && /algolia|docsearch/i.test(near)) {
      // Next to an app id: an Algolia key. Which one, its use says: writes mean a key that writes.
      if (ALGOLIA_WRITE.test(around(text, start, end, 1500))) return "low";
      if (ALGOLIA_CLIENT.test(near) || ALGOLIA_SEARCH_CONFIG.test(near) || PUBLIC_ENV_NAME.test(name)) return "drop";
      // A bare ALGOLIA_API_KEY beside ALGOLIA_APP_ID (an .env, a CI config) says nothing of its
      // rights, and indexing plugins document exactly this pair for the Admin API key: reported low.
      return "low";
    }
  }
  if (rule.id === "jwt" && jwtIsExample(secret)) return "drop";
  if (rule.id === "gcp-api-key" && FIREBASE_WEB_CONFIG.test(around(text, start, end, 400))) return "low";
  return undefined;
}

/**
 * Claims that only documentation writes: an `EXAMPLE…` value, an account id of one repeated digit
 * or AWS's 123456789012. A token with them was made for a page, not issued. (jwt.io's "John Doe"
 * sample is still reported: scanners' corpora count it as a finding.)
 */
const EXAMPLE_CLAIMS = /"[^"]*"\s*:\s*"?(?:EXAMPLE|[^"]*(?:\b(\d)\1{9,}\b|\b123456789012\b))/;

function jwtIsExample(token: string): boolean {
  const payload = token.split(".")[1];
  if (payload === undefined) return false;
  return EXAMPLE_CLAIMS.test(Buffer.from(payload, "base64url").toString("utf8"));
}

/** For a generic assignment: a value that is an ARN part, a digest, encoded prose or self-described. */
function genericLookalike(secret: string, text: string, start: number, end: number, matchStart: number): boolean {
  if (ARN_BEFORE.test(text.slice(Math.max(0, start - 200), start))) return true;
  // A digest word after the credential word of the name (`git_token_commit`) or elsewhere on the
  // line; one before it names what the secret is for (`SIGNING_SECRET=<hex>`, `hmac_key`) and stays.
  if (HEX_DIGEST.test(secret)) {
    const name = text.slice(matchStart, start);
    const tail = name.slice(lastCredentialWord(name));
    if (DIGEST_WORD.test(`${lineAround(text, matchStart, end)} ${tail}`)) return true;
  }
  if (isBase64OfText(secret) || SELF_DESCRIBING.test(secret)) return true;
  return echoesName(secret, text.slice(matchStart, start));
}
