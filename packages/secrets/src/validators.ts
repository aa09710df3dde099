import { createHash, createPrivateKey } from "node:crypto";

/**
 * Offline checks that a matched string is structurally a real credential: a checksum that
 * holds, a key that parses. They never touch the network. `true` raises a finding's
 * confidence to high; `false` lowers it (the shape matched but the inner structure does not).
 */
export type Validator = (secret: string) => boolean;

export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function base62(n: number, width: number): string {
  let out = "";
  let v = n;
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, "0");
}

/**
 * GitHub's and npm's token scheme: `<prefix>_` + 30 random base62 characters + 6 characters
 * that are the base62 CRC32 of the random part.
 */
export function checksumToken(secret: string): boolean {
  const underscore = secret.lastIndexOf("_");
  const body = secret.slice(underscore + 1);
  if (body.length !== 36 || !/^[A-Za-z0-9]+$/.test(body)) return false;
  const random = body.slice(0, 30);
  // zlib is loaded only when a token needs it: most scans (a hook's) meet none.
  return base62(process.getBuiltinModule("node:zlib").crc32(random), 6) === body.slice(30);
}

function decodeBase64UrlJson(part: string): unknown {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) return undefined;
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A JWT: base64url JSON header naming an `alg`, base64url JSON payload, and a signature part. */
export function jwtStructure(secret: string): boolean {
  const parts = secret.split(".");
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  const h = decodeBase64UrlJson(header);
  if (!isObject(h) || typeof h.alg !== "string") return false;
  if (!isObject(decodeBase64UrlJson(payload))) return false;
  return h.alg === "none" ? signature === "" : /^[A-Za-z0-9_-]{16,}$/.test(signature);
}

/** A PEM private key that node:crypto parses (encrypted keys count when only the passphrase is missing). */
export function pemPrivateKey(secret: string): boolean {
  if (secret.includes("OPENSSH PRIVATE KEY")) return opensshPrivateKey(secret);
  // Keys pasted into JSON (service-account files) carry escaped line breaks.
  const key = secret.includes("\\n") ? secret.replace(/(?:\\r)?\\n/g, "\n") : secret;
  // A probe passphrase: an encrypted key then fails at decryption, after its structure parsed.
  // About one wrong passphrase in 256 decrypts to valid CBC padding and fails later, as garbage
  // that does not parse: a second probe tells that key from a broken one.
  for (const passphrase of ["rampart-probe", "rampart-probe-2"]) {
    try {
      createPrivateKey({ key, format: "pem", passphrase });
      return true;
    } catch (error) {
      const code = String((error as { code?: string }).code);
      if (/BAD_DECRYPT|MISSING_PASSPHRASE|INTERRUPTED_OR_CANCELLED/.test(code)) return true;
    }
  }
  return false;
}

/** Reads SSH wire-format strings (uint32 length + bytes) from a buffer. */
class WireReader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}
  uint32(): number | undefined {
    if (this.offset + 4 > this.buf.length) return undefined;
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  bytes(): Buffer | undefined {
    const len = this.uint32();
    if (len === undefined || this.offset + len > this.buf.length) return undefined;
    const out = this.buf.subarray(this.offset, this.offset + len);
    this.offset += len;
    return out;
  }
  get done(): boolean {
    return this.offset === this.buf.length;
  }
}

function pemBody(secret: string): Buffer {
  const body = secret
    .replace(/-----(?:BEGIN|END)[^-]*-----/g, "")
    .replace(/\\n/g, "")
    .replace(/[^A-Za-z0-9+/=]/g, "");
  return Buffer.from(body, "base64");
}

/**
 * The openssh-key-v1 container (PROTOCOL.key): magic, cipher, kdf, kdf options, key count,
 * public keys, private section. Unencrypted keys also carry two equal check integers.
 */
export function opensshPrivateKey(secret: string): boolean {
  const buf = pemBody(secret);
  const magic = Buffer.from("openssh-key-v1\0", "latin1");
  if (buf.length < magic.length || !buf.subarray(0, magic.length).equals(magic)) return false;
  const r = new WireReader(buf.subarray(magic.length));
  const cipher = r.bytes()?.toString("latin1");
  const kdf = r.bytes()?.toString("latin1");
  if (cipher === undefined || kdf === undefined || r.bytes() === undefined) return false;
  const count = r.uint32();
  if (count === undefined || count < 1 || count > 16) return false;
  for (let i = 0; i < count; i++) {
    const pub = r.bytes();
    if (pub === undefined || new WireReader(pub).bytes() === undefined) return false;
  }
  const priv = r.bytes();
  if (priv === undefined || !r.done) return false;
  if (cipher !== "none") return kdf !== "none" && priv.length % 8 === 0;
  const p = new WireReader(priv);
  const check1 = p.uint32();
  return check1 !== undefined && check1 === p.uint32();
}

/** A PuTTY .ppk file: header naming the key type, then the line-counted key blocks. */
export function puttyPrivateKey(secret: string): boolean {
  const head = /^PuTTY-User-Key-File-[23]: ([\w@.-]+)/m.exec(secret);
  if (!head) return false;
  const pubLines = /^Public-Lines: (\d+)/m.exec(secret);
  const privLines = /^Private-Lines: (\d+)/m.exec(secret);
  return pubLines !== null && privLines !== null && /^Private-MAC: [0-9a-f]{40,64}/m.test(secret);
}

/** PyPI API tokens are macaroons whose serialized form names pypi.org as their location. */
export function pypiToken(secret: string): boolean {
  const body = secret.replace(/^pypi-/, "");
  const bytes = Buffer.from(body.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.includes("pypi.org");
}

/** Grafana Cloud tokens: `glc_` + base64 of a JSON object naming the org ("o"), name ("n") and key ("k"). */
export function grafanaCloudToken(secret: string): boolean {
  try {
    const json: unknown = JSON.parse(Buffer.from(secret.slice(4), "base64").toString("utf8"));
    return isObject(json) && typeof json.k === "string" && typeof json.o === "string";
  } catch {
    return false;
  }
}

/** A base64-encoded JWT (ZXlK… decodes to eyJ…). */
export function jwtBase64(secret: string): boolean {
  return jwtStructure(Buffer.from(secret, "base64").toString("latin1").trim());
}

export const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

export function bech32Polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i] as number;
  }
  return chk >>> 0;
}

/** Bech32 checksum (BIP-173), as used by age's AGE-SECRET-KEY-1… encoding. */
export function bech32Checksum(secret: string): boolean {
  const s = secret.toLowerCase();
  const sep = s.lastIndexOf("1");
  if (sep < 1 || s.length - sep < 7) return false;
  const hrp = s.slice(0, sep);
  const data: number[] = [];
  for (const ch of s.slice(sep + 1)) {
    const v = BECH32.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5);
  expanded.push(0, ...[...hrp].map((c) => c.charCodeAt(0) & 31));
  return bech32Polymod([...expanded, ...data]) === 1;
}

export const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Base58 to bytes (leading "1"s are zero bytes); undefined for a character outside the alphabet. */
export function base58Decode(text: string): Buffer | undefined {
  let n = 0n;
  for (const ch of text) {
    const v = BASE58.indexOf(ch);
    if (v < 0) return undefined;
    n = n * 58n + BigInt(v);
  }
  const hex = n === 0n ? "" : n.toString(16);
  const body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
  const zeros = /^1*/.exec(text)?.[0].length ?? 0;
  return Buffer.concat([Buffer.alloc(zeros), body]);
}

/**
 * A Bitcoin WIF private key: Base58Check of version 0x80 (mainnet) or 0xef (testnet), 32 key
 * bytes and an optional 0x01 (compressed), with the first 4 bytes of double SHA-256 appended.
 */
export function base58CheckWif(secret: string): boolean {
  const bytes = base58Decode(secret);
  if (bytes === undefined || (bytes.length !== 37 && bytes.length !== 38)) return false;
  if (bytes[0] !== 0x80 && bytes[0] !== 0xef) return false;
  if (bytes.length === 38 && bytes[33] !== 0x01) return false;
  const payload = bytes.subarray(0, bytes.length - 4);
  const sum = createHash("sha256").update(createHash("sha256").update(payload).digest()).digest();
  return sum.subarray(0, 4).equals(bytes.subarray(bytes.length - 4));
}

/** A Cloudflare Tunnel token: base64 JSON naming the account ("a"), tunnel ("t") and secret ("s"). */
export function cloudflareTunnelToken(secret: string): boolean {
  try {
    const json: unknown = JSON.parse(Buffer.from(secret, "base64").toString("utf8"));
    return isObject(json) && typeof json.a === "string" && typeof json.t === "string" && typeof json.s === "string";
  } catch {
    return false;
  }
}

export const validators: Record<string, Validator> = {
  "cloudflare-tunnel": cloudflareTunnelToken,
  "base58check-wif": base58CheckWif,
  "github-checksum": checksumToken,
  "npm-checksum": checksumToken,
  jwt: jwtStructure,
  "jwt-base64": jwtBase64,
  "age-bech32": bech32Checksum,
  "pem-private-key": pemPrivateKey,
  "openssh-private-key": opensshPrivateKey,
  "putty-private-key": puttyPrivateKey,
  "pypi-macaroon": pypiToken,
  "grafana-cloud": grafanaCloudToken,
};
