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
  return userinfo.includes(":") || !isPlainUser(userinfo);
}

function maskUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(":");
  if (colon < 0) return isPlainUser(userinfo) ? userinfo : mask(userinfo);
  const user = userinfo.slice(0, colon);
  return `${isPlainUser(user) ? user : mask(user)}:${mask(userinfo.slice(colon + 1))}`;
}

/** Query parameter names whose value is a credential (`?access_token=`, `&X-Amz-Signature=`, `?sig=`). */
const CREDENTIAL_PARAM = /token|auth|key|secret|pass|pwd|sig|cred|session|^code$/i;

// `scheme://userinfo@` (or `//userinfo@`): greedy up to the last "@" before the host, as URL parsers read it.
const USERINFO = /(?<![A-Za-z0-9+.-])((?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/)([^\s/?#"'<>`]*)@/g;
const QUERY_PARAM = /([?&])([A-Za-z0-9_.~%-]+)=([^&#\s"'<>`]*)/g;
// `_authToken=…`, `npmAuthToken: …`, `"password": "…"`, `NPM_TOKEN=…`: a credential name bound to a value.
const ASSIGNMENT =
  /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]*?(?:_authToken|_auth|_password|authToken|authIdent|token|auth|password|passwd|pwd|secret|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|credentials?))(["']?[ \t]*[:=][ \t]*)(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'`,;&<>()[\]{}]+(?:\[\d+\])?))/gi;
const AUTH_HEADER =
  /\b((?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?)((?:basic|bearer|token|digest|negotiate|bot|apikey)[ \t]+)?([^\s"'`,;]+)/gi;
const BEARER = /\b(bearer[ \t]+)([A-Za-z0-9._~+/=-]{8,})/gi;
// Credentials that name themselves, wherever they stand (a bare token in an echoed YAML line).
const SELF_IDENTIFYING = new RegExp(
  [
    "\\bgh[pousr]_[A-Za-z0-9]{30,255}",
    "\\bgithub_pat_[A-Za-z0-9_]{30,255}",
    "\\bglpat-[A-Za-z0-9_-]{20,}",
    "\\bnpm_[A-Za-z0-9]{30,}",
    "\\bxox[abposr]-[A-Za-z0-9-]{10,}",
    "\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b",
    "\\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}",
    "\\bAIza[A-Za-z0-9_-]{35}",
    "\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*",
    "-----BEGIN[A-Z ]{0,30} PRIVATE KEY-----[\\s\\S]*?(?:-----END[A-Z ]{0,30} PRIVATE KEY-----|$)",
  ].join("|"),
  "g",
);
const MAY_ASSIGN = /tok|pass|pwd|secret|key|auth|cred/i;

/**
 * Masks every credential in a piece of text: userinfo in URLs, credential query parameters,
 * `name=value` / `name: value` bindings of credential names, Authorization headers and tokens that
 * name themselves. Idempotent (a masked value is left as it is) and cheap on text without any.
 */
export function redact(text: string): string {
  if (text === "") return text;
  let out = text;
  if (out.includes("@"))
    out = out.replace(USERINFO, (_, scheme: string, info: string) => `${scheme}${maskUserinfo(info)}@`);
  if (out.includes("=")) out = out.replace(QUERY_PARAM, maskParam);
  if (MAY_ASSIGN.test(out)) {
    out = out.replace(AUTH_HEADER, (_, head: string, kind = "", value: string) => `${head}${kind}${mask(value)}`);
    out = out.replace(BEARER, (_, head: string, value: string) => `${head}${mask(value)}`);
    out = out.replace(ASSIGNMENT, maskAssignment);
  }
  return out.replace(SELF_IDENTIFYING, (token) => maskSecret(token));
}

function maskParam(whole: string, sep: string, name: string, value: string): string {
  return CREDENTIAL_PARAM.test(name) ? `${sep}${name}=${mask(value)}` : whole;
}

function maskAssignment(
  _whole: string,
  name: string,
  op: string,
  dq: string | undefined,
  sq: string | undefined,
  bare: string | undefined,
): string {
  if (dq !== undefined) return `${name}${op}"${mask(dq)}"`;
  if (sq !== undefined) return `${name}${op}'${mask(sq)}'`;
  return `${name}${op}${mask(bare ?? "")}`;
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
  let out = url;
  if (out.includes("@")) {
    out = out.replace(USERINFO, (whole, scheme: string, info: string) =>
      hasCredentialUserinfo(info) ? scheme : whole,
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
  if (typeof value === "string") return redact(value) as T;
  if (value === null || typeof value !== "object" || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redact(k)] = redactDeep(v, depth + 1);
  return out as T;
}

/** A finding with its message, hint, file and properties redacted (a copy). */
export function redactFinding(finding: Finding): Finding {
  const out: Finding = { ...finding, message: redact(finding.message) };
  if (finding.hint !== undefined) out.hint = redact(finding.hint);
  if (finding.file !== undefined) out.file = redact(finding.file);
  if (finding.properties !== undefined) out.properties = redactDeep(finding.properties);
  return out;
}
