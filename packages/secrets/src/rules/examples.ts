import { createHash, generateKeyPairSync } from "node:crypto";
import { crc32 } from "node:zlib";
import { BASE58, BECH32, base62, bech32Polymod } from "../validators.js";

/**
 * Rule examples are templates, not literals: a literal token in the repository would trip the
 * repository's own secret scan, and a template says what the format is (prefix, alphabet,
 * length) more plainly than a random sample would.
 *
 * A template is text with slots in braces:
 * - `{N of CLASS}`: N characters drawn from CLASS, a RegExp character class or escape
 *   (`{36 of [A-Za-z0-9]}`, `{10 of \d}`); the space keeps a slot from reading as a password
 *   to the repository's own scan;
 * - `{@name}` / `{@name:arg}`: a generator for formats with inner structure (a checksum, a key
 *   that must parse): see GENERATORS;
 * - `{$}`: a literal `$` (where `${` would read as a template literal); `{{` and `}}`: literal braces.
 *
 * `expandExample` fills the slots from a seeded generator, so every run builds the same text.
 */

/**
 * A deterministic random source (xorshift32: integer-only, so the sequence is exact and the same
 * on every machine). The one generator of secret-shaped text: rule examples here, and the
 * secrets tests' synthetic credentials (test/support/secrets.ts, test/synthetic.ts).
 */
export class ExampleRandom {
  private x: number;
  constructor(seed = 1) {
    this.x = (Math.imul(seed, 2654435761) ^ 0x9e3779b9) >>> 0 || 1;
  }
  next(): number {
    this.x ^= this.x << 13;
    this.x >>>= 0;
    this.x ^= this.x >>> 17;
    this.x ^= this.x << 5;
    this.x >>>= 0;
    return this.x;
  }
  of(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.next() % alphabet.length];
    return out;
  }
}

const alphabets = new Map<string, string>();
/** The printable ASCII characters a RegExp class (or escape) matches, in code order. */
export function alphabetOf(cls: string): string {
  let out = alphabets.get(cls);
  if (out === undefined) {
    const re = new RegExp(`^(?:${cls})$`);
    out = "";
    for (let c = 0x20; c < 0x7f; c++) if (re.test(String.fromCharCode(c))) out += String.fromCharCode(c);
    if (out === "") throw new Error(`example slot {${cls}} matches no printable character`);
    // A broad class ([^\s"'], \S) draws from token characters: quotes would end the value.
    if (out.length > 70) out = out.replace(/[^A-Za-z0-9_-]/g, "");
    alphabets.set(cls, out);
  }
  return out;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const b64url = (value: string | object): string =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

let keyCache: Map<string, string> | undefined;
/** A freshly generated private key in PEM (generated once per process and kind). */
function pemKey(kind: string): string {
  keyCache ??= new Map();
  let pem = keyCache.get(kind);
  if (pem === undefined) {
    const privateKey =
      kind === "ec" || kind === "ec-sec1"
        ? generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey
        : kind === "ed25519"
          ? generateKeyPairSync("ed25519").privateKey
          : generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    const format =
      kind === "rsa"
        ? { type: "pkcs1" as const }
        : kind === "ec-sec1"
          ? { type: "sec1" as const }
          : { type: "pkcs8" as const };
    pem = privateKey.export({ format: "pem", ...format }).toString();
    keyCache.set(kind, pem);
  }
  return pem;
}

/** An openssh-key-v1 container around random key bytes (structure only: what the validator checks). */
function opensshKey(r: ExampleRandom): string {
  const str = (b: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const rand = (n: number): Buffer =>
    Buffer.from(r.of("\x00\x01\x02\x03\x04\x05\x06\x07\x08\xff\x10\x7f", n), "latin1");
  const pub = str(Buffer.concat([str(Buffer.from("ssh-ed25519")), str(rand(32))]));
  const check = rand(4);
  const priv = Buffer.concat([check, check, str(Buffer.from("ssh-ed25519")), str(rand(32)), str(rand(64))]);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0", "latin1"),
    str(Buffer.from("none")),
    str(Buffer.from("none")),
    str(Buffer.alloc(0)),
    Buffer.from([0, 0, 0, 1]),
    pub,
    str(priv),
  ]).toString("base64");
  const lines = body.match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join("\n")}\n-----END OPENSSH PRIVATE KEY-----`;
}

/** Generators for formats with inner structure. */
const GENERATORS: Record<string, (r: ExampleRandom, arg: string) => string> = {
  /** GitHub's and npm's scheme: prefix_ + 30 base62 + base62 CRC32 of those 30 (6 characters). */
  "crc32-token": (r, prefix) => {
    const random = r.of(ALNUM, 30);
    return `${prefix}_${random}${base62(crc32(random), 6)}`;
  },
  /** The same with the checksum's last character changed: a token that was never issued. */
  "crc32-token-bad": (r, prefix) => {
    const random = r.of(ALNUM, 30);
    const sum = base62(crc32(random), 6);
    return `${prefix}_${random}${sum.slice(0, 5)}${sum[5] === "A" ? "B" : "A"}`;
  },
  uuid: (r) =>
    [
      r.of("0123456789abcdef", 8),
      r.of("0123456789abcdef", 4),
      `4${r.of("0123456789abcdef", 3)}`,
      `a${r.of("0123456789abcdef", 3)}`,
      r.of("0123456789abcdef", 12),
    ].join("-"),
  /** An HMAC-shaped JWT (header and payload are JSON; the signature is random). */
  jwt: (r) =>
    [
      b64url({ alg: "HS256", typ: "JWT" }),
      b64url({ sub: r.of("0123456789abcdef", 8), iat: 1700000000 }),
      r.of(`${ALNUM}_-`, 43),
    ].join("."),
  "jwt-base64": (r) => Buffer.from(GENERATORS.jwt?.(r, "") ?? "").toString("base64"),
  /** age: bech32 with hrp "age-secret-key-", 52 data groups, upper-cased. */
  age: (r) => {
    const hrp = "age-secret-key-";
    const data = Array.from(r.of(BECH32, 52), (c) => BECH32.indexOf(c));
    const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5);
    expanded.push(0, ...[...hrp].map((c) => c.charCodeAt(0) & 31));
    const mod = bech32Polymod([...expanded, ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
    const check = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
    return `${hrp}1${[...data, ...check].map((v) => BECH32[v]).join("")}`.toUpperCase();
  },
  /** A Bitcoin WIF key: Base58Check(0x80 + 32 bytes [+ 0x01 when "compressed"]). */
  wif: (r, arg) => {
    const key = Buffer.from(r.of("0123456789abcdef", 64), "hex");
    const payload = Buffer.concat([
      Buffer.from([0x80]),
      key,
      arg === "compressed" ? Buffer.from([1]) : Buffer.alloc(0),
    ]);
    const sum = createHash("sha256").update(createHash("sha256").update(payload).digest()).digest();
    let n = BigInt(`0x${Buffer.concat([payload, sum.subarray(0, 4)]).toString("hex")}`);
    let out = "";
    while (n > 0n) {
      out = BASE58[Number(n % 58n)] + out;
      n /= 58n;
    }
    return out;
  },
  /** A PyPI macaroon naming pypi.org as its location. */
  pypi: (r) =>
    `pypi-${Buffer.concat([
      Buffer.from([0x02, 0x01, 0x08]),
      Buffer.from("pypi.org"),
      Buffer.from([0x02, 0x25]),
      Buffer.from(`identifier ${r.of(ALNUM, 80)}`),
    ]).toString("base64url")}`,
  /** Grafana Cloud: glc_ + base64 of {"o":…,"n":…,"k":…,"m":…}. */
  "grafana-cloud": (r) =>
    `glc_${Buffer.from(
      JSON.stringify({
        o: r.of("0123456789", 6),
        n: `stack-${r.of("0123456789", 6)}-hm-read`,
        k: r.of(ALNUM, 24),
        m: { r: "us" },
      }),
    )
      .toString("base64")
      .replace(/=+$/, "")}`,
  /** A private key node:crypto generated, PEM: rsa (PKCS#1), pkcs8, ec-sec1, ec, ed25519. */
  pem: (_r, kind) => pemKey(kind || "pkcs8"),
  openssh: (r) => opensshKey(r),
  /** A PuTTY .ppk v3 file with random blocks. */
  putty: (r) => {
    const block = (n: number): string => Array.from({ length: n }, () => r.of(`${ALNUM}+/`, 64)).join("\n");
    return [
      "PuTTY-User-Key-File-3: ssh-ed25519",
      "Encryption: none",
      "Comment: deploy",
      "Public-Lines: 2",
      block(2),
      "Private-Lines: 1",
      block(1),
      `Private-MAC: ${r.of("0123456789abcdef", 64)}`,
    ].join("\n");
  },
};

/** Names of the generators (for docs and for the rule tests). */
export const exampleGenerators: readonly string[] = Object.keys(GENERATORS);

/** Rewrites a template slot by slot: `slot` receives each slot's text (without braces). */
function mapSlots(template: string, slot: (text: string) => string): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const ch = template[i] as string;
    if ((ch === "{" || ch === "}") && template[i + 1] === ch) {
      out += ch;
      i += 2;
    } else if (ch !== "{") {
      out += ch;
      i++;
    } else {
      const end = slotEnd(template, i);
      out += slot(template.slice(i + 1, end));
      i = end + 1;
    }
  }
  return out;
}

/** A slot's class and count: `{32 of [a-f0-9]}` is ["[a-f0-9]", 32]. */
function classSlot(text: string): [cls: string, count: number] {
  const m = /^(\d+) of (.+)$/s.exec(text);
  if (!m) throw new Error(`bad example slot {${text}}`);
  return [m[2] as string, Number(m[1])];
}

/** Fills a template's slots (see the module comment). */
export function expandExample(template: string, seed = 1): string {
  const r = new ExampleRandom(seed + 1);
  return mapSlots(template, (text) => {
    if (text === "$") return "$";
    if (text.startsWith("@")) {
      const colon = text.indexOf(":");
      const name = colon < 0 ? text.slice(1) : text.slice(1, colon);
      const gen = GENERATORS[name];
      if (gen === undefined) throw new Error(`unknown example generator {@${name}}`);
      return gen(r, colon < 0 ? "" : text.slice(colon + 1));
    }
    const [cls, count] = classSlot(text);
    return r.of(alphabetOf(cls), count);
  });
}

/**
 * The template's placeholder twin: every random slot filled with one character of its class
 * repeated ("x" where the class has it), the way documentation writes a dummy token.
 * Generator slots are kept as they are.
 */
export function fillerOf(template: string): string {
  return mapSlots(template, (text) => {
    if (text.startsWith("@") || text === "$") return `{${text}}`;
    const [cls, count] = classSlot(text);
    const alphabet = alphabetOf(cls);
    const ch = ["x", "X", "0"].find((c) => alphabet.includes(c)) ?? (alphabet[0] as string);
    const literal = ch === "{" || ch === "}" ? ch + ch : ch;
    return literal.repeat(count);
  });
}

/** The `}` closing the slot opened at `start`, skipping a character class's own braces. */
function slotEnd(template: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < template.length; i++) {
    const ch = template[i];
    if (ch === "\\") i++;
    else if (inClass) inClass = ch !== "]";
    else if (ch === "[") inClass = true;
    else if (ch === "}") return i;
  }
  throw new Error(`unclosed example slot in ${template}`);
}

// ---------------------------------------------------------------------------------------------
// Templates derived from a rule's own RegExp source: the rule helpers give every token and
// named-value rule an example of its documented format this way (prefix, alphabet, length).

interface Cursor {
  s: string;
  i: number;
  /** Templates of named groups, for `\k<name>` back-references (the atomic-group idiom). */
  named: Map<string, string>;
}

const ESCAPE_CLASS: Record<string, string> = {
  d: "[0-9]",
  w: "[A-Za-z0-9_]",
  s: "[ ]",
  S: "[A-Za-z0-9]",
  W: "[-]",
  D: "[A-Za-z]",
};

/** The smallest example text of a RegExp source, as a template: slots for classes, literals as they are. */
export function templateOfPattern(source: string): string {
  const c: Cursor = { s: source, i: 0, named: new Map() };
  const out = alternation(c);
  if (c.i < source.length) throw new Error(`cannot derive an example from ${source} (stopped at ${c.i})`);
  return out;
}

function alternation(c: Cursor): string {
  const first = sequence(c);
  // The first alternative is the example; the others are parsed and dropped.
  while (c.s[c.i] === "|") {
    c.i++;
    sequence(c);
  }
  return first;
}

function sequence(c: Cursor): string {
  let out = "";
  while (c.i < c.s.length && c.s[c.i] !== "|" && c.s[c.i] !== ")") {
    const atom = atomOf(c);
    const { min, max } = quantifier(c);
    if (atom.kind === "empty") continue;
    if (atom.kind === "class") {
      // An open-ended run of token characters gets a token's length; whitespace stays minimal.
      const spaces = atom.cls === "[ ]" || /^\[\^?\\s/.test(atom.cls);
      // Ranges get a typical token length (32) within their bounds, so entropy checks hold.
      const n = min === 0 || spaces ? min : Math.min(max, Math.max(min, 32));
      if (n > 0) out += `{${n} of ${atom.cls}}`;
      continue;
    }
    for (let k = 0; k < min; k++) out += atom.text;
  }
  return out;
}

type Atom = { kind: "class"; cls: string } | { kind: "text"; text: string } | { kind: "empty" };

function atomOf(c: Cursor): Atom {
  const ch = c.s[c.i] as string;
  if (ch === "[") {
    const start = c.i;
    c.i++;
    if (c.s[c.i] === "^") c.i++;
    if (c.s[c.i] === "]") c.i++;
    while (c.i < c.s.length && c.s[c.i] !== "]") c.i += c.s[c.i] === "\\" ? 2 : 1;
    c.i++;
    return { kind: "class", cls: c.s.slice(start, c.i) };
  }
  if (ch === "\\") {
    const next = c.s[c.i + 1] as string;
    c.i += 2;
    if (next === "k" && c.s[c.i] === "<") {
      const close = c.s.indexOf(">", c.i);
      const name = c.s.slice(c.i + 1, close);
      c.i = close + 1;
      return { kind: "text", text: c.named.get(name) ?? "" };
    }
    if (next === "b" || next === "B") return { kind: "empty" };
    const cls = ESCAPE_CLASS[next];
    if (cls !== undefined) return { kind: "class", cls };
    if (next === "r" || next === "n" || next === "t") return { kind: "text", text: next === "t" ? "\t" : "\n" };
    if (next === "x") {
      const code = c.s.slice(c.i, c.i + 2);
      c.i += 2;
      return { kind: "text", text: literal(String.fromCharCode(Number.parseInt(code, 16))) };
    }
    if (next === "u") {
      const code = c.s.slice(c.i, c.i + 4);
      c.i += 4;
      return { kind: "text", text: literal(String.fromCharCode(Number.parseInt(code, 16))) };
    }
    return { kind: "text", text: literal(next) };
  }
  if (ch === "(") {
    c.i++;
    let capture: string | undefined;
    let look = false;
    if (c.s[c.i] === "?") {
      const rest = c.s.slice(c.i, c.i + 3);
      if (rest.startsWith("?:")) c.i += 2;
      else if (rest.startsWith("?=") || rest.startsWith("?!")) {
        look = true;
        c.i += 2;
      } else if (rest.startsWith("?<=") || rest.startsWith("?<!")) {
        look = true;
        c.i += 3;
      } else if (rest.startsWith("?<")) {
        const close = c.s.indexOf(">", c.i);
        capture = c.s.slice(c.i + 2, close);
        c.i = close + 1;
      }
    }
    const inner = alternation(c);
    c.i++; // ")"
    if (capture !== undefined) c.named.set(capture, inner);
    if (look) return { kind: "empty" };
    return { kind: "text", text: inner };
  }
  if (ch === ".") {
    c.i++;
    return { kind: "class", cls: "[A-Za-z0-9]" };
  }
  if (ch === "^" || ch === "$") {
    c.i++;
    return { kind: "empty" };
  }
  c.i++;
  return { kind: "text", text: literal(ch) };
}

function literal(ch: string): string {
  return ch === "{" ? "{{" : ch === "}" ? "}}" : ch;
}

function quantifier(c: Cursor): { min: number; max: number } {
  const ch = c.s[c.i];
  let q = { min: 1, max: 1 };
  if (ch === "?") q = { min: 0, max: 1 };
  else if (ch === "*") q = { min: 0, max: Number.POSITIVE_INFINITY };
  else if (ch === "+") q = { min: 1, max: Number.POSITIVE_INFINITY };
  else if (ch === "{") {
    const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(c.s.slice(c.i));
    if (!m) return q;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
    c.i += m[0].length;
    if (c.s[c.i] === "?") c.i++;
    return { min, max };
  } else return q;
  c.i++;
  if (c.s[c.i] === "?") c.i++;
  return q;
}
