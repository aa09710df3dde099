import type { Finding } from "./findings.js";

/**
 * The one place credentials are masked before anything leaves rampart: findings in every format,
 * SBOMs, attestations, errors, hints, warnings and stack traces. The secret guard's previews use
 * the same mask, so a user sees one shape everywhere: a short prefix, an ellipsis, the length.
 */

/**
 * `ghp_…[40]`: a short prefix, an ellipsis and the length. The prefix shrinks for short secrets so
 * that a password never shows more than a quarter of itself.
 */
export function maskSecret(secret: string): string {
  const length = secret.length;
  const keep = length >= 16 ? 4 : length >= 8 ? 2 : 0;
  // A private key block starts with "-----BEGIN": its prefix says nothing and wastes the budget.
  const prefix = secret.startsWith("-----") ? "" : secret.slice(0, keep);
  return `${prefix}…[${length}]`;
}

const MASKED = /…\[\d+\]/;
/** Placeholders a template or CI file puts where the credential goes: not secrets, and useful to see. */
const PLACEHOLDER = /^(?:\$\{{0,2}\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}{0,2}|\$|\*+|<[^>]*>)$/;

function mask(value: string): string {
  return value === "" || MASKED.test(value) || PLACEHOLDER.test(value) ? value : maskSecret(value);
}

/**
 * A user name that is a name (`git`, `x-access-token`, `alice`): letters and separators, short.
 * Anything else in the user slot (a token used as the user name, `ghp_…@github.com`) is a credential.
 */
function isPlainUser(user: string): boolean {
  return /^[A-Za-z][A-Za-z._-]{0,19}$/.test(user);
}

/** Whether a URL's userinfo (between `//` and `@`) holds a credential: a password, or a user that is not a name. */
export function hasCredentialUserinfo(userinfo: string): boolean {
  return userinfo !== "" && (userinfo.includes(":") || !isPlainUser(userinfo));
}

function maskUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(":");
  if (colon < 0) return isPlainUser(userinfo) ? userinfo : mask(userinfo);
  const user = userinfo.slice(0, colon);
  return `${isPlainUser(user) ? user : mask(user)}:${mask(userinfo.slice(colon + 1))}`;
}

/** Query parameter names whose value is a credential (`?access_token=`, `&X-Amz-Signature=`, `?sig=`). */
const CREDENTIAL_PARAM = /token|auth|key|secret|pass|pwd|sig|cred|session|^code$/i;

// `scheme://userinfo@` (or `//userinfo@`): greedy up to the last "@" before the host, as URL parsers
// read it. `scheme:/userinfo@` too: a URL taken for a path comes back with its "//" normalised to "/".
// The regex starts at the literal "/" (fast on megabytes of SBOM); the scheme is checked behind it.
//
// The lookbehind keeps out slashes that isAuthority refuses whatever follows them (a path's "a/b@c",
// a purl's "pkg:npm/name@1.0.0": thousands in an SBOM), so the pattern reads no further there; a
// match it still finds is the one the pattern without it finds at that position, and the text
// between is never an authority, so the output is the same.
const USERINFO = /(?<![A-Za-z0-9+./_~%-])(\/\/?)([^\s/?#"'<>`]*)@/g;
const SCHEME_BEFORE = /(?:^|[^A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:$/;

/** Whether a USERINFO match really is a URL's authority (not `/@scope/name` in a path). */
function isAuthority(slashes: string, offset: number, text: string): boolean {
  // "scheme:/": the character before the slash is the scheme's colon (one look, before any slice:
  // a purl's "pkg:npm/name@1.0.0" comes here once per package in an SBOM).
  if (slashes === "/")
    return text.charCodeAt(offset - 1) === 58 && SCHEME_BEFORE.test(text.slice(Math.max(0, offset - 40), offset));
  // "scheme://" or a scheme-relative "//host" (.npmrc keys), not "a//b" inside a path.
  const before = offset === 0 ? "" : (text[offset - 1] as string);
  return before === "" || before === ":" || !/[A-Za-z0-9+./_~%-]/.test(before);
}

function maskUrlUserinfo(whole: string, slashes: string, info: string, offset: number, text: string): string {
  return isAuthority(slashes, offset, text) ? `${slashes}${maskUserinfo(info)}@` : whole;
}
const QUERY_PARAM = /([?&])([A-Za-z0-9_.~%-]+)=([^&#\s"'<>`]*)/g;
// `_authToken=…`, `npmAuthToken: …`, `"password": "…"`, `NPM_TOKEN=…`: a credential name bound to a value.
// Matched from the credential word on (a longer name before it, NPM_TOKEN, stays as it is). The
// quotes around the name and the value may be written as the text's escaping writes them: `\"`
// (JSON inside a JSON string, any depth: `\\\"`), `&quot;` and `&#34;` (HTML), `\u0022` and
// `\x22` (JavaScript, JSON), or backticks (`%22` is a percent-encoded run's: decoded, redacted and
// re-encoded like a URL's, below); the value then runs to the same quote
// (maskAssignments reads it). Unquoted, the value is one run of value characters, also on the next
// line after `name:` (a YAML plain scalar), and `name: |` / `name: >` take the indented block.
export const CREDENTIAL_NAME =
  "(?:_authToken|_auth|_password|authToken|authIdent|token|auth|password|passwd|pass|pwd|secret|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|credentials?)";
const QUOTE = `(?:\\\\*["'\`]|&quot;|&apos;|&#0*3[49];|&#x0*2[27];|\\\\+u00(?:22|27)|\\\\+x(?:22|27))`;
const ASSIGNMENT = new RegExp(
  `(${CREDENTIAL_NAME})(${QUOTE}?[ \\t]*(?::=|=>|[:=])[ \\t]*)(\\r?\\n[ \\t]+)?(${QUOTE})?`,
  "gi",
);
// A credential passed on a command line: `--password X`, `--db-password "X"`, `-token X` (the value
// after white space: `--password=X` is an ASSIGNMENT), and the MySQL clients' attached `-pX`
// (`mysql -u root -pX`, where `-p` alone asks for it). Not `--password-stdin`/`--token-file P`:
// the name must end at the white space. The client's name and its -p stand at most 256 characters
// apart: unbounded, a long line naming mysql often cost a scan to the line's end at each name.
const FLAG = new RegExp(`(?<![\\w-])(--?(?:[a-z0-9]+[-_])*${CREDENTIAL_NAME})([ \\t]+)(?=[^\\s-])`, "gi");
const MYSQL_ATTACHED =
  /\b((?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mariadb(?:-dump|-admin)?)\b[^\r\n|;&]{0,256}?[ \t]-p)(?=[^\s-])/gi;
const MAY_MYSQL = /mysql|mariadb/i;
// `<password>…</password>`: a credential in an XML element (Maven's settings.xml, a .NET config).
const ELEMENT = new RegExp(`(<[\\w.:-]*?${CREDENTIAL_NAME}(?:\\s[^<>]*)?>)([^<\\r\\n]+)(?=</)`, "gi");
/** An unquoted value: value characters, a backslash only where it does not escape a quote. */
const BARE = /(?:[^\s"'`,;&<>()[\]{}\\]|\\(?!["'\\]))+(?:\[\d+\])?/y;
const AUTH_HEADER =
  /\b((?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?)((?:basic|bearer|token|digest|negotiate|bot|apikey)[ \t]+)?([^\s"'`,;]+)/gi;
const BEARER = /\b(bearer[ \t]+)([A-Za-z0-9._~+/=-]{8,})/gi;
// Credentials that name themselves, wherever they stand (a bare token in an echoed YAML line, a
// percent-encoded purl qualifier: "%3Aghp_…" has no word boundary before the token).
const SELF_IDENTIFYING = new RegExp(
  [
    `gh[pousr]_[A-Za-z0-9]{30,255}`,
    `github_pat_[A-Za-z0-9_]{30,255}`,
    `glpat-[A-Za-z0-9_-]{20,}`,
    `npm_[A-Za-z0-9]{30,}`,
    `xox[abposr]-[A-Za-z0-9-]{10,}`,
    `(?:AKIA|ASIA)[A-Z0-9]{16}\\b`,
    `[rs]k_(?:live|test)_[A-Za-z0-9]{16,}`,
    `AIza[A-Za-z0-9_-]{35}`,
    `eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*`,
    "-----BEGIN[A-Z ]{0,30} PRIVATE KEY-----[\\s\\S]*?(?:-----END[A-Z ]{0,30} PRIVATE KEY-----|$)",
  ].join("|"),
  "g",
);
const MAY_ASSIGN = /tok|pass|pwd|secret|key|auth|cred/i;
// What AUTH_HEADER and BEARER cannot match without (the same /i folding as the patterns): a
// megabyte of text with "author" or "keyv" in it is not scanned by both for nothing.
const MAY_AUTH_HEADER = /authorization/i;
const MAY_BEARER = /bearer/i;
// The literal starts of SELF_IDENTIFYING: most text has none, and this small regex is cheap to build
// and to run (a hook's one "no problems found" line must not pay for compiling the large one).
const MAY_NAME_ITSELF = /gh[pousr]_|github_pat_|glpat-|npm_|xox|AKIA|ASIA|k_live_|k_test_|AIza|eyJ|PRIVATE KEY/;

/**
 * Masks every credential in a piece of text: userinfo in URLs, credential query parameters,
 * `name=value` / `name: value` bindings of credential names, Authorization headers and tokens that
 * name themselves. Idempotent (a masked value is left as it is) and cheap on text without any.
 */
export function redact(text: string): string {
  if (text === "") return text;
  const short = text.length <= MEMO_MAX_LENGTH;
  if (short) {
    const known = memo.get(text);
    if (known !== undefined) return known;
  }
  const large = text.length >= CLEAN_MIN;
  if (large && (text === clean[0] || text === clean[1])) return text;
  const redacted = redactPlain(text);
  const out = nextEncodedHit(redacted, 0) >= 0 ? redactEncodedRuns(redacted) : redacted;
  if (large && out === text) clean = [text, clean[0]];
  if (short) {
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(text, out);
  }
  return out;
}

// Short texts redact() has answered, with the answer. redact is a pure function of its text (its
// patterns' lastIndex is reset before each use), so a text met again gets the same answer without
// the passes: a lockfile check of npm v1's 861 sha1-only entries masks each finding's hint, file,
// property names and package names, the same few texts hundreds of times, each pass run by the
// interpreter before V8 compiles it. Bounded: at MEMO_ENTRIES it starts again empty. It keeps the
// texts it was given (what the process already holds) and their masked forms, nothing written out.
const MEMO_MAX_LENGTH = 256;
const MEMO_ENTRIES = 4096;
const memo = new Map<string, string>();

// The last large texts redact() found nothing in. redact is a pure function, so a text equal to one
// of them needs no second pass: the CLI's output streams redact what a command already redacted
// (an SBOM, a JSON report), and megabytes cost tens of milliseconds a pass. Only unchanged texts are
// remembered, so this never depends on redact being idempotent. Comparing an equal string is a
// pointer check (the same string) or one memcmp; a text of another length is rejected at once.
const CLEAN_MIN = 64 * 1024;
let clean: [string | undefined, string | undefined] = [undefined, undefined];

// A percent-encoded URL (a purl's vcs_url/download_url qualifier, a URL in a query string) hides its
// "//", ":", "@" and "=" from the patterns above: such runs are decoded, redacted and re-encoded.
// Found with indexOf: a one-off regex over megabytes runs in V8's regexp interpreter, several times slower.
function nextEncodedHit(text: string, from: number): number {
  for (let i = text.indexOf("%", from); i >= 0; i = text.indexOf("%", i + 1)) {
    const a = text.charCodeAt(i + 1);
    const b = text.charCodeAt(i + 2);
    // "40", "3D", "3A", either case (b | 32 lower-cases a letter; only D/d give 100, A/a 97)
    if ((a === 52 && b === 48) || (a === 51 && ((b | 32) === 100 || (b | 32) === 97))) return i;
  }
  return -1;
}

function isRunChar(c: number): boolean {
  // A-Z a-z 0-9 . _ ~ + - %
  return (
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    c === 46 ||
    c === 95 ||
    c === 126 ||
    c === 43 ||
    c === 45 ||
    c === 37
  );
}

/** From each %40/%3D/%3A, the run of URL characters around it: decoded, redacted, re-encoded. */
function redactEncodedRuns(text: string, gated = true): string {
  let out = "";
  // Text before `copied` is in `out`; runs end at `done`. Only runs that redaction changes are
  // copied out: an SBOM's thousands of "%40scope" runs come back as they are, and the text is
  // returned without being rebuilt from its pieces.
  let copied = 0;
  let done = 0;
  // The same run comes back many times (every purl of a scope has its "%40scope"): each once.
  const seen = new Map<string, string>();
  for (let hit = nextEncodedHit(text, 0); hit >= 0; hit = nextEncodedHit(text, done)) {
    let start = hit;
    while (start > done && isRunChar(text.charCodeAt(start - 1))) start--;
    let end = hit + 3;
    while (end < text.length && isRunChar(text.charCodeAt(end))) end++;
    const run = text.slice(start, end);
    let masked = seen.get(run);
    if (masked === undefined) {
      masked = redactEncoded(run, gated);
      seen.set(run, masked);
    }
    if (masked !== run) {
      out += text.slice(copied, start) + masked;
      copied = end;
    }
    done = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function redactEncoded(run: string, gated: boolean): string {
  const decoded = decodePercent(run);
  const masked = redactPlain(decoded, gated);
  return masked === decoded ? run : encodeURIComponent(masked);
}

/**
 * redact without the gates that only skip passes which would change nothing (USERINFO's "//" or
 * ":/", mayAssign's closer look on a large text): what the redact test holds them to.
 */
export function redactUngated(text: string): string {
  const redacted = redactPlain(text, false);
  return nextEncodedHit(redacted, 0) >= 0 ? redactEncodedRuns(redacted, false) : redacted;
}

function redactPlain(text: string, gated = true): string {
  let out = text;
  // USERINFO changes a match only where isAuthority holds: after "//", or after a scheme's ":/".
  if (out.includes("@") && (!gated || out.includes("//") || out.includes(":/")))
    out = out.replace(USERINFO, maskUrlUserinfo);
  if (out.includes("=")) out = out.replace(QUERY_PARAM, maskParam);
  if (gated ? mayAssign(out) : MAY_ASSIGN.test(out)) {
    if (MAY_AUTH_HEADER.test(out))
      out = out.replace(AUTH_HEADER, (_, head: string, kind = "", value: string) => `${head}${kind}${mask(value)}`);
    if (MAY_BEARER.test(out)) out = out.replace(BEARER, (_, head: string, value: string) => `${head}${mask(value)}`);
    out = maskAssignments(out);
    if (out.includes("-")) out = maskAfter(out, FLAG);
    if (out.includes("<")) out = out.replace(ELEMENT, (_, open: string, value: string) => `${open}${mask(value)}`);
  }
  if (MAY_MYSQL.test(out)) out = maskAfter(out, MYSQL_ATTACHED);
  if (MAY_FURY.test(out)) out = out.replace(PATH_TOKEN, maskPathToken).replace(FURY_USERINFO, maskFuryUserinfo);
  return MAY_NAME_ITSELF.test(out) ? out.replace(SELF_IDENTIFYING, maskToken) : out;
}

/**
 * Whether the passes MAY_ASSIGN gates (AUTH_HEADER, BEARER, ASSIGNMENT, FLAG, ELEMENT) may change
 * `text`: MAY_ASSIGN's answer, made finer on a large text. Every match of AUTH_HEADER, ASSIGNMENT,
 * FLAG and ELEMENT is a credential name (or "authorization") followed by what NAMED_HEAD
 * requires, and every such name holds one of MAY_ASSIGN's words at most NAME_WORD_OFFSET
 * characters after its start (the redact test checks each name): so where no word has such a head
 * around it, and no "bearer" stands anywhere (BEARER runs whenever MAY_ASSIGN holds), those passes
 * change nothing and are skipped. A report of hundreds of findings names packages like `sort-keys`
 * and `getpass`, and each pass costs a scan of the whole text.
 */
function mayAssign(text: string): boolean {
  if (text.length < GATED_MIN) return MAY_ASSIGN.test(text);
  CREDENTIAL_WORD.lastIndex = 0;
  let word = CREDENTIAL_WORD.exec(text);
  if (word === null) return false;
  // Past a few dozen words the passes' own scans cost less than looking at each: they run.
  for (let budget = 64; word !== null; word = CREDENTIAL_WORD.exec(text)) {
    if (--budget < 0) return true;
    for (let at = Math.max(0, word.index - NAME_WORD_OFFSET); at <= word.index; at++) {
      NAMED_HEAD.lastIndex = at;
      if (NAMED_HEAD.test(text)) return true;
    }
    CREDENTIAL_WORD.lastIndex = word.index + 1; // words may overlap ("secretoken")
  }
  return MAY_BEARER.test(text);
}

/** From this length on, mayAssign looks closer than MAY_ASSIGN (below it, a scan costs less than the closer look). */
const GATED_MIN = 4096;
/** MAY_ASSIGN's words, each found (redact's test: every CREDENTIAL_NAME holds one within NAME_WORD_OFFSET). */
const CREDENTIAL_WORD = new RegExp(MAY_ASSIGN.source, "gi");
export const NAME_WORD_OFFSET = 8;
/** A credential name then what AUTH_HEADER, ASSIGNMENT (a quote, blanks, ":" or "="), FLAG (a blank) or ELEMENT (">" or white space) needs after it. */
const NAMED_HEAD = new RegExp(`(?:${CREDENTIAL_NAME}|authorization)(?:${QUOTE}?[ \\t]*[:=]|[\\s>])`, "iy");

// Registries that take the token as the URL's first path segment: Gemfury documents
// `registry=https://npm.fury.io/TOKEN/ACCOUNT/` (also npm-proxy., repo., pypi.…fury.io), so the
// token is in every `resolved` URL and every registry URL said on stderr. The URL may be written
// JSON-escaped (`https:\/\/npm.fury.io\/TOKEN\/...`), percent-encoded (`https%3A%2F%2F...%2FTOKEN%2F`),
// with doubled slashes (`npm.fury.io//TOKEN/`), and the token may be the only segment
// (`https://npm.fury.io/TOKEN/`): the first segment is masked in each, unless it is shaped as an
// account name (lower case, short: `https://npm.fury.io/acme/`, the public form).
// The one definition, as RegExp sources: the secrets scan's gemfury-path-token rule is built from it.
const FURY_SLASH = "(?:/|\\\\/|%2[Ff])";
export const FURY_PATH_TOKEN = {
  /**
   * A Gemfury host (npm., npm-proxy., pypi., repo. ... fury.io) after `//` (or `\/\/`, or
   * `%2F%2F` after a percent-encoded scheme), up to the path: in any case, after userinfo, with a
   * trailing dot or a port, as URL parsers (npm's, pip's) take it, then its slashes.
   */
  host: `(?:[Hh][Tt][Tt][Pp][Ss]?%3[Aa])?${FURY_SLASH}{2}(?:[^/@\\s?#"'<>\`\\\\]*@)?(?:[A-Za-z0-9-]+\\.)*[Ff][Uu][Rr][Yy]\\.[Ii][Oo]\\.?(?::[0-9]{0,5})?${FURY_SLASH}+`,
  /**
   * The first path segment: all of it, to a slash (written in any of those ways) or the URL's end;
   * not what a mask left (U+2026 then `[20]`; a rule's description's `https://TOKEN@push.fury.io/` then U+2026).
   */
  segment: "(?!…)[^/\\s?#\"'<>`\\\\%]+(?![^/\\s?#\"'<>`\\\\%])",
  /** A segment shaped so is an account name, not a token. */
  accountName: "^[a-z][a-z0-9_-]{0,19}$",
  /** Nor is a word in capitals: documentation's placeholder (`TOKEN`, `YOUR_TOKEN`, `USERNAME`); Gemfury's tokens mix cases. */
  placeholder: "^[A-Z]+(?:_[A-Z0-9]+)*$",
} as const;
const PATH_TOKEN = new RegExp(`(${FURY_PATH_TOKEN.host})(${FURY_PATH_TOKEN.segment})`, "g");
const ACCOUNT_NAME = new RegExp(FURY_PATH_TOKEN.accountName);
const FURY_PLACEHOLDER = new RegExp(FURY_PATH_TOKEN.placeholder);
const MAY_FURY = /fury\.io/i;
/**
 * A Gemfury push URL's userinfo (`https://TOKEN@push.fury.io/...`), however its slashes are written:
 * USERINFO masks the plain form, not the JSON-escaped one (`https:\/\/TOKEN@...`), where its `//` is
 * not a URL's.
 */
const FURY_USERINFO = new RegExp(
  `(${FURY_SLASH}{2})([^/@\\s?#"'<>\`\\\\]+)(?=@(?:[A-Za-z0-9-]+\\.)*[Ff][Uu][Rr][Yy]\\.[Ii][Oo](?![A-Za-z0-9-]))`,
  "g",
);

function maskPathToken(whole: string, head: string, segment: string): string {
  return ACCOUNT_NAME.test(segment) || FURY_PLACEHOLDER.test(segment) ? whole : `${head}${mask(segment)}`;
}

function maskFuryUserinfo(whole: string, slashes: string, info: string): string {
  return isPlainUser(info) ? whole : `${slashes}${mask(info)}`;
}

/** Masks the value right after each match of `head` (a /g regex): to its closing quote, else a bare run. */
function maskAfter(text: string, head: RegExp): string {
  let out = "";
  let copied = 0;
  head.lastIndex = 0;
  for (let m = head.exec(text); m !== null; m = head.exec(text)) {
    const from = m.index + m[0].length;
    const open = /^["'`]/.exec(text.slice(from, from + 1))?.[0];
    const start = open === undefined ? from : from + 1;
    const stop = open === undefined ? bare(text, from) : closingQuote(text, start, open);
    if (stop > start) {
      const value = text.slice(start, stop);
      const masked = mask(value);
      if (masked !== value) {
        out += text.slice(copied, start) + masked;
        copied = stop;
      }
    }
    head.lastIndex = Math.max(stop, from);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A token starts a word, or follows a %XX escape (checked here: a leading lookbehind is slow on large text). */
function maskToken(token: string, offset: number, text: string): string {
  const before = offset > 0 ? (text[offset - 1] as string) : "";
  if (
    before !== "" &&
    /[A-Za-z0-9_]/.test(before) &&
    !/%[0-9A-Fa-f]{2}$/.test(text.slice(Math.max(0, offset - 3), offset))
  )
    return token;
  return maskSecret(token);
}

function maskParam(whole: string, sep: string, name: string, value: string): string {
  return CREDENTIAL_PARAM.test(name) ? `${sep}${name}=${mask(value)}` : whole;
}

/**
 * Masks the value of every credential-name assignment (ASSIGNMENT): up to the quote that closes
 * it when one opens it (the same quote, escaped as deeply), else a run of value characters.
 */
function maskAssignments(text: string): string {
  let out = "";
  let copied = 0;
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m !== null; m = ASSIGNMENT.exec(text)) {
    const [head, name, , newline, open] = m;
    const from = m.index + head.length;
    const end =
      open !== undefined
        ? closingQuote(text, from, open)
        : newline !== undefined
          ? plainOnNextLine(text, from)
          : bare(text, from);
    // A block scalar (`password: |`) holds the value on the lines below.
    const block = open === undefined && newline === undefined ? blockScalar(text, m.index, from) : undefined;
    const [start, stop] = block ?? [from, end];
    if (stop <= start) {
      ASSIGNMENT.lastIndex = m.index + (name as string).length; // nothing bound here: the next name may be
      continue;
    }
    const value = text.slice(start, stop);
    const masked = block !== undefined ? maskBlock(value) : mask(value);
    if (masked !== value) {
      out += text.slice(copied, start) + masked;
      copied = stop;
    }
    ASSIGNMENT.lastIndex = Math.max(stop, m.index + 1);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Where a value opened by `open` ends: at the same quote (a run of exactly as many backslashes
 * before it; with none, an escaped quote `\"` does not end it), at a line end, or at the end.
 */
function closingQuote(text: string, from: number, open: string): number {
  const lineEnd = nextLineEnd(text, from);
  const slashes = /^\\*/.exec(open)?.[0].length ?? 0;
  const quote = open.slice(slashes);
  if (quote.length > 1) {
    // &quot; \u0022 %22 ...: the same text closes it (with the same backslashes before it).
    const at = text.slice(from, lineEnd).toLowerCase().indexOf(open.toLowerCase());
    return at < 0 ? lineEnd : from + at;
  }
  for (let i = text.indexOf(quote, from); i >= 0 && i < lineEnd; i = text.indexOf(quote, i + 1)) {
    let run = 0;
    while (run < i - from && text.charCodeAt(i - 1 - run) === 92) run++;
    if (run === slashes || (slashes === 0 && run % 2 === 0)) return i - slashes;
  }
  return lineEnd;
}

function nextLineEnd(text: string, from: number): number {
  const nl = text.slice(from).search(/[\r\n]/);
  return nl < 0 ? text.length : from + nl;
}

/** Where an unquoted value ends; none (`from`) where a YAML comment starts (`auth: # none`). */
function bare(text: string, from: number): number {
  if (text.charCodeAt(from) === 35) return from;
  BARE.lastIndex = from;
  return BARE.test(text) ? BARE.lastIndex : from;
}

/** `name:` then an indented plain value on the next line. */
function plainOnNextLine(text: string, from: number): number {
  const end = bare(text, from);
  const value = text.slice(from, end);
  // A mapping's first key (`user: x`) or a sequence's first item (`- x`): not a scalar value.
  return /:$/.test(value) || text[end] === ":" || value === "-" ? from : end;
}

/**
 * `name: |` or `name: >-` (a YAML block scalar): the span of the lines below indented deeper than
 * the name's line, or undefined when the value is not such an indicator.
 */
function blockScalar(text: string, nameAt: number, from: number): [number, number] | undefined {
  BLOCK_INDICATOR.lastIndex = from;
  if (!BLOCK_INDICATOR.test(text)) return undefined;
  const end = BLOCK_INDICATOR.lastIndex;
  const lineStart = text.lastIndexOf("\n", nameAt - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, nameAt))?.[0].length ?? 0;
  let stop = text.indexOf("\n", end);
  if (stop < 0) return undefined;
  const start = stop + 1;
  stop = start;
  for (let at = start; at < text.length; ) {
    let nl = text.indexOf("\n", at);
    if (nl < 0) nl = text.length;
    const line = text.slice(at, nl);
    if (line.trim() !== "" && (/^[ \t]*/.exec(line)?.[0].length ?? 0) <= indent) break;
    if (line.trim() !== "") stop = nl;
    at = nl + 1;
  }
  return [start, stop];
}

/** `|`, `>`, `|-`, `>+2`... then nothing but a comment on the line. */
const BLOCK_INDICATOR = /[|>][-+0-9]{0,2}[ \t]*(?:#[^\n]*)?(?=\r?\n)/y;

/** Each line of a block scalar masked, its indentation kept. */
function maskBlock(block: string): string {
  return block.replace(
    /^([ \t]*)(\S.*?)([ \t\r]*)$/gm,
    (_, lead: string, value: string, tail: string) => `${lead}${mask(value)}${tail}`,
  );
}

/** `redact` for one URL (a lockfile's `resolved`, a remote): the same masks, named for the call site. */
export function redactUrl(url: string): string {
  return redact(url);
}

/**
 * A URL fit for an artefact others read (SBOM fields, purl qualifiers): credential userinfo and
 * credential query parameters removed, so the URL still names the same resource and still parses.
 * A plain user name (`git+ssh://git@host/...`) stays. Whatever else looks like a credential is masked.
 */
export function stripUrlCredentials(url: string): string {
  return PLAIN_REGISTRY_TARBALL.test(url) && !MAY_NAME_ITSELF.test(url) ? url : stripUrlCredentialsUngated(url);
}

/**
 * A tarball URL of npm's public registries with a plain path (lower-case letters, digits, `.`, `-`,
 * a scope's `@` after a `/`): nearly every `resolved` of an npm lockfile (2,602 of nodejs.org's
 * 2,611), thousands per SBOM. Such a URL has no userinfo, query, fragment, percent-escape, white
 * space, quote, `<`, `=`, `_`, upper-case letter or `:` after the scheme's, and its host is not a
 * fury.io one: none of stripUrlCredentials' removals nor of redact()'s masks (userinfo, parameters,
 * `name: value` / `name=value` / `--name value` / `<name>` bindings, Authorization and bearer
 * values, MySQL's `-p`, Gemfury path tokens, encoded runs) has anything to match, except a token
 * that names itself, which MAY_NAME_ITSELF (redact's own gate for those) sends the long way. A new
 * mask that can match such a path must be added to that gate or break this shortcut; the sbom
 * package's identity-urls test holds it to stripUrlCredentialsUngated on every shared lockfile URL
 * and 20,000 generated ones.
 */
const PLAIN_REGISTRY_TARBALL =
  /^https:\/\/registry\.(?:npmjs\.org|yarnpkg\.com|npmjs\.com)\/(?:@[a-z0-9.-]+\/)?[a-z0-9.-]+\/-\/[a-z0-9.-]+\.tgz$/;

/** stripUrlCredentials without its shortcut for plain registry tarball URLs: the reference it is tested against. */
export function stripUrlCredentialsUngated(url: string): string {
  let out = url;
  if (out.includes("@")) {
    out = out.replace(USERINFO, (whole, slashes: string, info: string, offset: number, text: string) =>
      isAuthority(slashes, offset, text) && hasCredentialUserinfo(info) ? slashes : whole,
    );
  }
  if (out.includes("=")) {
    out = out.replace(/([?&])([A-Za-z0-9_.~%-]+)=([^&#\s"'<>`]*)/g, (whole, sep: string, name: string) =>
      CREDENTIAL_PARAM.test(name) ? sep : whole,
    );
    // Tidy what removing parameters leaves: "?&a=1" -> "?a=1", "&&" -> "&", a trailing "?" or "&".
    out = out.replace(/([?&])&+/g, "$1").replace(/[?&]+(?=#|$)/, "");
  }
  return redact(out);
}

/**
 * `redact` over every string in a JSON-like value (finding properties, stats), keys included;
 * returns a copy, the input is not changed.
 */
export function redactDeep<T>(value: T, depth = 0): T {
  return redactIn(value, depth, new Map()) as T;
}

/** redactDeep's walk; `seen` answers a string met before (keys and values repeat: each redacted once). */
function redactIn(value: unknown, depth: number, seen: Map<string, string>): unknown {
  if (typeof value === "string") {
    let masked = seen.get(value);
    if (masked === undefined) {
      masked = redact(value);
      seen.set(value, masked);
    }
    return masked;
  }
  if (value === null || typeof value !== "object" || depth > 32) return value;
  // Plain loops: a report's stats can hold thousands of objects (signatures verify's verdicts),
  // walked once per run, mostly before V8 compiles this; map's callback and entries' pairs cost more.
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = redactIn(value[i], depth + 1, seen);
    return out;
  }
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) out[redactIn(k, depth, seen) as string] = redactIn(record[k], depth + 1, seen);
  return out;
}

/**
 * What redactFinding returned, by finding: its masked fields as they left (the properties a frozen
 * copy). A finding that still holds exactly these was masked here and is returned as it is: a
 * check that redacts its findings as it makes them (lockfile's) and the reporter at the output
 * boundary make one pass between them, not two. Any field set since is masked again.
 */
const masked = new WeakMap<Finding, Pick<Finding, "message" | "hint" | "file" | "properties">>();

/** A finding with its message, hint, file and properties redacted (a copy, or the finding itself when this made it). */
export function redactFinding(finding: Finding): Finding {
  const seen = masked.get(finding);
  if (
    seen !== undefined &&
    seen.message === finding.message &&
    seen.hint === finding.hint &&
    seen.file === finding.file &&
    seen.properties === finding.properties
  )
    return finding;
  const out: Finding = { ...finding, message: redact(finding.message) };
  if (finding.hint !== undefined) out.hint = redact(finding.hint);
  if (finding.file !== undefined) out.file = redact(finding.file);
  if (finding.properties !== undefined) out.properties = freezeCopy(redactDeep(finding.properties), 0);
  masked.set(out, { message: out.message, hint: out.hint, file: out.file, properties: out.properties });
  return out;
}

/** Freezes redactDeep's copy (the objects it copied: to its depth limit), so a remembered one stays masked. */
function freezeCopy<T>(value: T, depth: number): T {
  if (value === null || typeof value !== "object" || depth > 32) return value;
  for (const v of Object.values(value)) freezeCopy(v, depth + 1);
  return Object.freeze(value);
}

const WHOLE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*$/;

/**
 * For artefacts others parse and sign (an attestation's predicate and subjects): every string
 * that is a URL loses its credentials (`stripUrlCredentials`, so it still parses), every other
 * string is redacted. Returns a copy.
 */
export function stripCredentialsDeep<T>(value: T, depth = 0): T {
  if (typeof value === "string") return (WHOLE_URL.test(value) ? stripUrlCredentials(value) : redact(value)) as T;
  if (value === null || typeof value !== "object" || depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => stripCredentialsDeep(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redact(k)] = stripCredentialsDeep(v, depth + 1);
  return out as T;
}

// The one decoder of percent-escapes and HTML character references: redaction decodes a
// percent-encoded run to mask what it hides (above), the secret scan decodes the text around an
// escape to judge the assignment it hides (@rampart/secrets encoded.ts).

/**
 * A percent-encoded run decoded as a reader decodes it: WHATWG URL's percent-decode (each `%XX` a
 * byte, a `%` without two hex digits left as it is), then UTF-8, as URLSearchParams, a form parser,
 * npm and pnpm read a URL's parts. Where the bytes are no UTF-8 a reader puts U+FFFD; here the
 * escapes of those bytes stay as written (`%3D%FF` is `=%FF`), so that what they sit in (a
 * value, a name) stays one run of text for the rules, while the structure around them (`=`, `:`,
 * `@`) is read. decodeURIComponent refused the whole run over one such byte: `password%3D%FF…`
 * kept its `=` hidden from every reader here.
 */
export function decodePercent(run: string): string {
  if (!run.includes("%")) return run;
  try {
    return decodeURIComponent(run);
  } catch {
    // Not UTF-8, or a stray %: byte by byte.
  }
  return decodeRun(run, (escaped) => escaped);
}

/** decodePercent, but bytes that are no UTF-8 read as a WHATWG reader reads them (U+FFFD each maximal subpart). */
export function decodePercentAsWhatwg(run: string): string {
  return decodeRun(run, () => "\uFFFD");
}

/**
 * The run's bytes (`%XX` escapes, other characters as their UTF-8) decoded by WHATWG's UTF-8
 * decoder; each maximal subpart of an ill-formed sequence is `invalid(its text as written)`.
 */
function decodeRun(run: string, invalid: (written: string) => string): string {
  // Each byte and the text it was written as.
  const bytes: number[] = [];
  const written: string[] = [];
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c === 37 && isHex(run.charCodeAt(i + 1)) && isHex(run.charCodeAt(i + 2))) {
      bytes.push(Number.parseInt(run.slice(i + 1, i + 3), 16));
      written.push(run.slice(i, i + 3));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
      written.push(run[i] as string);
    } else {
      const char = String.fromCodePoint(run.codePointAt(i) as number);
      for (const b of Buffer.from(char, "utf8")) {
        bytes.push(b);
        written.push("");
      }
      written[written.length - 1] = char;
      i += char.length - 1;
    }
  }
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const [length, low, high] =
      b >= 0xc2 && b <= 0xdf
        ? [2, 0x80, 0xbf]
        : b === 0xe0
          ? [3, 0xa0, 0xbf]
          : b === 0xed
            ? [3, 0x80, 0x9f]
            : b >= 0xe1 && b <= 0xef
              ? [3, 0x80, 0xbf]
              : b === 0xf0
                ? [4, 0x90, 0xbf]
                : b >= 0xf1 && b <= 0xf3
                  ? [4, 0x80, 0xbf]
                  : b === 0xf4
                    ? [4, 0x80, 0x8f]
                    : [1, 0, 0];
    let n = 1;
    while (n < length) {
      const next = bytes[i + n];
      const lo = n === 1 ? low : 0x80;
      const hi = n === 1 ? high : 0xbf;
      if (next === undefined || next < lo || next > hi) break;
      n++;
    }
    if (length > 1 && n === length) out += Buffer.from(bytes.slice(i, i + n)).toString("utf8");
    else out += invalid(written.slice(i, i + n).join(""));
    i += n;
  }
  return out;
}

/**
 * The path an http(s) URL fetches, decoded (undefined for another scheme, or a URL that does not
 * parse): as WHATWG URL (npm's and pnpm's fetch) resolves it, dot segments (`..`, `%2e%2e`) and
 * backslashes included, then percent-decoded by decodePercent (a `%FF` stays `%FF`: a name no
 * package has). A lockfile's tarball URL names a package by its path; read any other way (a `..`
 * left in, a path refused over one bad byte and its check skipped), the package it fetches is not
 * the one judged. Without anything WHATWG would rewrite (the common case) the
 * path is taken as written, without building a URL.
 */
export function httpUrlPath(url: string): string | undefined {
  const m = /^https?:\/\/[^/?#\\]+(\/[^?#]*)?/i.exec(url);
  if (m === null) return undefined;
  const raw = m[1] ?? "/";
  if (!/[\\%\t\n\r]|\/\.|[^\x21-\x7e]/.test(url)) return raw;
  let pathname: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
    pathname = parsed.pathname;
  } catch {
    return undefined;
  }
  return decodePercent(pathname);
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/** Decoded text and, for each of its characters, where it came from (one more entry: the end). */
export interface DecodedText {
  text: string;
  from: Int32Array;
}

/** Any escape decodeEscapesOnce decodes: percent runs, character references, `\uXXXX` runs. */
const ANY_ESCAPE =
  /(?:%[0-9A-Fa-f]{2})+|&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]{2,8}));|(?:\\u[0-9A-Fa-f]{4})+/g;

/** The named references a config or markup text puts around a credential (others stay as written). */
const ENTITIES: Record<string, string> = {
  quot: '"',
  apos: "'",
  amp: "&",
  lt: "<",
  gt: ">",
  equals: "=",
  colon: ":",
  comma: ",",
  semi: ";",
  nbsp: " ",
};

/**
 * One round of decoding `raw` (which stands at `offset` in its text): percent runs (decodePercent:
 * the escapes of bytes that are no UTF-8 stay as written), the character references a reader decodes (numeric ones, the named ones above),
 * and the `\uXXXX` escapes of characters beyond ASCII (JSON as Python's json.dumps writes it, JS,
 * Java, YAML's double quotes: unicodeEscapes); each decoded character comes `from` its escape's
 * start. Undefined when nothing was decoded.
 */
export function decodeEscapesOnce(raw: string, offset: number): DecodedText | undefined {
  const from = new Int32Array(raw.length + 1);
  const out: string[] = [];
  let length = 0;
  let copied = 0;
  const copy = (to: number) => {
    if (to <= copied) return;
    out.push(raw.slice(copied, to));
    for (let i = copied; i < to; i++) from[length++] = offset + i;
  };
  ANY_ESCAPE.lastIndex = 0;
  for (let m = ANY_ESCAPE.exec(raw); m !== null; m = ANY_ESCAPE.exec(raw)) {
    const decoded = m[0].startsWith("%")
      ? decodePercent(m[0])
      : m[0].startsWith("\\")
        ? unicodeEscapes(m[0])
        : reference(m);
    if (decoded === undefined || decoded === m[0]) continue; // nothing a reader decodes there
    copy(m.index);
    out.push(decoded);
    for (let i = 0; i < decoded.length; i++) from[length++] = offset + m.index;
    copied = m.index + m[0].length;
  }
  if (out.length === 0) return undefined;
  copy(raw.length);
  from[length] = offset + raw.length;
  return { text: out.join(""), from: from.subarray(0, length + 1) };
}

/**
 * A run of `\uXXXX` escapes with those of characters beyond ASCII decoded (a surrogate pair as
 * one character); an escape of an ASCII character (`\u0022`, a quote the rules read as written)
 * or a lone surrogate stays as written.
 */
function unicodeEscapes(run: string): string {
  let out = "";
  for (let i = 0; i < run.length; i += 6) {
    const code = Number.parseInt(run.slice(i + 2, i + 6), 16);
    const next = i + 12 <= run.length ? Number.parseInt(run.slice(i + 8, i + 12), 16) : -1;
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += String.fromCharCode(code, next);
      i += 6;
    } else if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff)) out += run.slice(i, i + 6);
    else out += String.fromCharCode(code);
  }
  return out;
}

function reference(ref: RegExpExecArray): string | undefined {
  const [, dec, hex, name] = ref;
  if (name !== undefined) return ENTITIES[name.toLowerCase()];
  const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex as string, 16);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return String.fromCodePoint(code);
}
