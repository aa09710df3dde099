import type { SecretRule } from "../rule.js";
import { atomic, ciRe, raw } from "./build.js";

// Names that label a credential. A bare "key" is left out on purpose: primaryKey, sortKey,
// keyName... are far more common than keys that are secrets.
const SECRET_NAME =
  "(?:api[_.-]?(?:key|secret|token)|apikey|access[_.-]?(?:key|token|secret)|auth[_.-]?(?:key|token)|" +
  "client[_.-]?secret|secret|private[_.-]?key|passw(?:or)?d|(?<![A-Za-z])pass(?:phrase)?(?![A-Za-z])|(?<=[a-z])[P][a][s][s](?![a-z])|pwd|token|credentials?|creds|auth(?![A-Za-z]))";
// Labels that look like secrets but name public or per-request values ("publicToken",
// "next_page_token"). Checked after the name so the regex can start on the name's letters.
// Request-scoped tokens are neither: an idempotency token ("ClientRequestToken", "ChangeToken",
// "LifecycleActionToken", AWS's "clientToken"), a DNS verification token, a pagination marker.
// A client *secret* is still one: "client" is only excluded before "token" (NOT_CLIENT_TOKEN).
const NOT_AFTER =
  "(?<!(?:public|pub|csrf|xsrf|next|page|continuation|cancellation|(?<![Rr])sync|lexer|parser|jsonweb|request|change|idempotency|action|verification)[_.-]?[A-Za-z]{3,11})";
const NOT_CLIENT_TOKEN = "(?<!client[_.-]?token)";
// Name endings that say the value is an identifier, a location or metadata, not the secret.
const NOT_ENDING =
  "(?<!id|ids|name|names|secrets|tokens|passwords|keys|url|uri|file|path|dir|type|size|length|len|hash|sha|sha1|sha256|digest|checksum|revision|etag|fingerprint|endpoint|header|field|version|env|ref|count|format|prefix|suffix|mode|policy|arn|expir[a-z]{0,6}|at|in|ttl)";
const TAIL = atomic("tail", "[\\w.-]{0,24}");
// Typed declarations put a type between name and value: `var apiToken string = "…"`.
const TYPE = "(?:[ \\t]+[A-Za-z]{1,10})?";
// Quotes may be escaped: a config line inside a JSON or code string (\"), inside a JSON string
// inside another (\\\"), or written as \u0022.
const QUOTED = `(?:\\\\{1,3}u0022|\\\\{0,3}["'\`])`;
const GLUE = `(?:${QUOTED}|[\\])]){0,2}\\\\?[ \\t]*(?:[:?.+]?=|:{1,3}=|=>|:|,|>|\\()[ \\t]*(?:\\r?\\n[ \\t]*)?(?:${QUOTED}|\\\\?\\(?)`;
// Beyond ASCII, a value may hold letters of any script (é, ß, я, 中, カ), marks, symbols (€) and
// emoji (UTF-16 surrogate pairs, the zero-width joiner and variation selectors of their
// sequences): people put them in passwords. Not spaces, quotes («», “”, ＂) or the punctuation
// that ends a clause in prose (、。，！：): those end a value, as ASCII's do. Code units, not the
// `u` flag: the engine reads where matches start from patterns without it (match-anchors.ts).
const NON_ASCII =
  "\\u00a1-\\u00aa\\u00ac-\\u00ba\\u00bc-\\u167f\\u1681-\\u1fff\\u200d\\u2070-\\u2dff\\u2e80-\\u2fff\\u3041-\\ud7ff\\ud800-\\udfff\\uf900-\\ufdff\\ufe00-\\ufe0f\\ufe70-\\ufefe\\uff10-\\uff19\\uff21-\\uff3a\\uff41-\\uff5a\\uff66-\\uffdc";
// Letters among them (Latin with diacritics, Greek, Cyrillic, ... Han, kana, Hangul; marks with
// them), for the gates that ask whether a value has letters at all; and the scripts written
// without spaces between words (Han, kana, Thai and its neighbours), whose prose is one run.
const NON_ASCII_LETTER =
  "\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u167f\\u1681-\\u1fff\\u2c00-\\u2dff\\u3041-\\u318f\\u31a0-\\u31ff\\u3400-\\u4dbf\\u4e00-\\ua4cf\\ua640-\\ud7ff\\uf900-\\ufaff\\uff21-\\uff3a\\uff41-\\uff5a\\uff66-\\uffdc";
// Lower- and upper-case letters of the alphabets with case most written (Latin-1, Greek, Cyrillic).
const LOWER = "a-z\\u00df-\\u00f6\\u00f8-\\u00ff\\u03ac-\\u03ce\\u0430-\\u045f";
const UPPER = "A-Z\\u00c0-\\u00d6\\u00d8-\\u00de\\u0386-\\u03ab\\u0400-\\u042f";
const UNSPACED =
  "\\u0e00-\\u0eff\\u1000-\\u109f\\u1780-\\u17ff\\u3041-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff66-\\uff9f";
const VALUE_CHAR = `[A-Za-z0-9_\\-+/=.~!@#$%^&*?${NON_ASCII}]`;
const VALUE = `${VALUE_CHAR}{10,200}`;
const END = "(?=[\"'`\\s;,)\\]}<\\\\]|$)";

// Values a generic assignment carries that are not secrets: references, paths, words.
const GENERIC_ALLOW = [
  // No digits: a word, a name, a sentence. Kept: mixed-case letters with a symbol inside
  // ("xREwtb!kurqQ#Za"), as people choose passwords; a leading symbol is a marker ("?ParenEnd").
  // (Letters alone: a random token of 20 has no digit 3% of the time.)
  // Letters of any script count ("Pässwort!Geheim", "Пароль!Секрет").
  `^(?!(?=[^${LOWER}]*[${LOWER}])(?=[^${UPPER}]*[${UPPER}])[A-Za-z${NON_ASCII_LETTER}]+[!@#%^&*?~+][A-Za-z!@#%^&*?~+${NON_ASCII_LETTER}]*$)[^0-9]*$`,
  // No letters (of any script: "пароль2024" has some): a number, a date, punctuation, symbols.
  // Long digit runs stay (numeric tokens exist).
  `^(?![0-9]{16,}$)[^A-Za-z${NON_ASCII_LETTER}]*$`,
  // Words of a script written without spaces and no Latin letter: a message, written as one run
  // ("8文字以上で入力してください"), or with a number inside it ("密码长度为8到16个字符", "第1步").
  // A word then digits ("密码123456", "パスワード123") is a password.
  `^(?=[^A-Za-z]*$)[^]*?(?:[${UNSPACED}][0-9]+[${UNSPACED}]|[${UNSPACED}]{6})`,
  "^[\\w.-]*\\.(?:pem|key|p12|pfx|jks|json|ya?ml|txt|crt|cer|env|properties|conf|xml|js|ts|py|rb|go|java|html?|png|jpe?g|gif|svg|css)$",
  "process\\.env|os\\.environ|getenv|\\(|^(?:this|self|config|settings|options|opts|params|props|env|ctx|req|request|args)\\.",
  "^(?:true|false|null|none|nil|undefined)$",
  // A query string running on into further parameters: documentation of a protocol, not a value.
  "&[A-Za-z_]+=",
  // File system paths (relative, absolute, home) and package locations.
  "^(?:\\.{1,2}/|/|~/)|node_modules|\\.pnpm/",
  "^v?\\d+\\.\\d+\\.\\d+",
  "[-_.@]v?\\d+\\.\\d+(?:\\.\\d+)?(?:-[A-Za-z0-9.]+)?$",
  "^\\d{4}-\\d\\d-\\d\\d",
  "^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$",
  // Dotted or dashed lower-case words: a token type ("keyword.tag"), with a group reference ("-$1").
  "^(?:[a-z]+[-_.])+[a-z]+(?:\\d{0,4}|-?\\$\\d)$",
  // An e-mail address ("1234567-compute@developer.gserviceaccount.com") or a Markdown anchor.
  "^[\\w.+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+$",
  "^#[a-z0-9-]+$",
  // Only hex digits, but in both cases: hex keys are printed in one case, so this was typed by hand.
  "^(?=[0-9a-fA-F]*[a-f])(?=[0-9a-fA-F]*[A-F])[0-9a-fA-F]{16,}$",
];

/** A name that labels a credential, then the value bound to it. */
const ASSIGNMENT = `${ciRe(SECRET_NAME)}${ciRe(NOT_AFTER)}${ciRe(NOT_CLIENT_TOKEN)}${TAIL}${ciRe(NOT_ENDING)}${TYPE}${GLUE}(?<secret>${VALUE})${END}`;

// A name that says the value is a password (not a key or token, whose values are long and random).
const PASSWORD_NAME = "(?:passw(?:or)?d|(?<![A-Za-z])pass(?:phrase)?(?![A-Za-z])|(?<=[a-z])[P][a][s][s](?![a-z])|pwd)";
// People's passwords are short and not random: 6 to 16 characters with a digit or a symbol, which
// the assignment rule's entropy gate (fit for machine-made values) lets through only when long.
const PASSWORD_VALUE = `(?=${VALUE_CHAR}{0,15}[0-9!@#$%^&*?~+])${VALUE_CHAR}{6,16}`;
/**
 * A password-named string literal (`password = "…"`, `"pwd": "…"`). The generic rules' identifier
 * test still applies: without it, encodings and module names ("latin1", "urllib2") next to a
 * password parameter were findings in real code (10 on 117 MB of installed packages and docs).
 */
// A name that closes a call's arguments (`encode(password), 'PBKDF2'`) binds no value after it.
const PASSWORD_ASSIGNMENT = `${ciRe(PASSWORD_NAME)}${TAIL}${ciRe(NOT_ENDING)}${TYPE}(?![ \\t]*\\))${GLUE}(?<=["'\`])(?<secret>${PASSWORD_VALUE})(?=["'\`])`;

/** Credentials that no provider identifies: assignments, headers, URLs, tokens by structure. */
export const genericRules: SecretRule[] = [
  raw({
    id: "generic-secret-assignment",
    examples: {
      secret: [
        'password = "{20 of [A-Za-z0-9!@#%]}"',
        "client_secret: {32 of [A-Za-z0-9]}",
        "ansible_become_pass: {16 of [A-Za-z0-9]}",
        "RSYNC_PASSWORD={16 of [A-Za-z0-9]}",
        'db_password = "{6 of [A-Za-z]}!{5 of [A-Za-z]}#{3 of [A-Za-z]}"',
        'api_secret = "{12 of [A-Za-z0-9]}€{12 of [A-Za-z0-9]}"',
        "API_TOKEN={10 of [A-Za-z0-9]}ж{10 of [A-Za-z0-9]}",
      ],
      clean: [
        "password = process.env.DB_PASSWORD",
        'const tokenType = "bearer";',
        'bypass = "someLongerIdentifier"',
        "sync_token: nextPageOfResults",
        'passphrase = "correct-horse-battery"',
        '"password_hint": "密码长度为8到16个字符"',
      ],
    },
    provider: "generic",
    description: "A high-entropy value assigned to a name like password, secret, token or api_key",
    keywords: [
      "secret",
      "token",
      "passw",
      "pwd",
      "passphrase",
      // "pass" alone is in every "passed" and Python's `pass`: these forms end a name.
      "_pass",
      "-pass",
      ".pass",
      "pass=",
      "pass =",
      "pass:",
      'pass"',
      "pass'",
      "api_key",
      "apikey",
      "api-key",
      "api.key",
      "credential",
      "creds",
      "private_key",
      "private-key",
      "private.key",
      "privatekey",
      "access_key",
      "access-key",
      "access.key",
      "accesskey",
      "auth_key",
      // "auth" alone would match every "author" and "oauth"; these forms end a name.
      "_auth",
      "-auth",
      ".auth",
      "auth=",
      "auth =",
      "auth:",
      'auth"',
      "auth'",
    ],
    pattern: ASSIGNMENT,
    entropy: 3.2,
    allowlist: GENERIC_ALLOW,
    confidence: "low",
    generic: true,
    yieldsToPrefixes: true,
  }),
  raw({
    id: "generic-password-assignment",
    examples: {
      secret: [
        'password = "{6 of [A-Za-z]}{2 of [0-9]}"',
        '{{"db_pass": "{5 of [A-Za-z]}!{3 of [0-9]}"}}',
        "password: '{3 of [A-Z]}{3 of [a-z]}{2 of [0-9]}'",
        'password = "Straße!{2 of [0-9]}"',
        '"password": "密码{6 of [0-9]}"',
      ],
      clean: [
        'password = "letmein"',
        'password = "{$}{{PW}}"',
        'passwordLength = "12345678"',
        "password = pwd + salt1;",
        "password = hunter42",
        'password = "Passwörter"',
        "const key = await importKey('raw', encoder.encode(password), 'PBKDF2', false)",
      ],
    },
    provider: "generic",
    description: "A short quoted value with a digit or symbol assigned to a name like password, passwd, pwd or pass",
    keywords: ["passw", "pwd", "_pass", "-pass", ".pass", "pass=", "pass =", "pass:", 'pass"', "pass'"],
    pattern: PASSWORD_ASSIGNMENT,
    entropy: 2.5,
    allowlist: GENERIC_ALLOW,
    confidence: "low",
    generic: true,
    yieldsToPrefixes: true,
  }),
];
