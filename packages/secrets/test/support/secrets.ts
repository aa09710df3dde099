import { crc32 } from "node:zlib";
import { ExampleRandom } from "../../src/rules/examples.js";

/**
 * Builders for synthetic credentials. Every value is assembled at runtime from a seeded
 * generator, so no secret-shaped literal sits in the repository (the repo scans itself).
 */

export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
export const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export const HEX = "0123456789abcdef";
export const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const B64URL = `${ALNUM}_-`;
export const B64 = `${ALNUM}+/`;

/** The rule examples' generator (xorshift32): tests never depend on luck. */
export { ExampleRandom as Rand } from "../../src/rules/examples.js";

let counter = 0;
/**
 * Starts rnd's seeds again. Run before each test file (vitest.config.ts setupFiles): the project's
 * files share a worker's modules (isolate: false), so without it a file's values would depend on
 * which files ran before it in that worker.
 */
export function resetRnd(): void {
  counter = 0;
}
/** Random characters from a fresh seed per call, so two builders never share a value. */
export function rnd(alphabet: string, length: number): string {
  counter += 1;
  return new ExampleRandom(counter * 7919).of(alphabet, length);
}

export const uuid = (): string =>
  [rnd(HEX, 8), rnd(HEX, 4), `4${rnd(HEX, 3)}`, `a${rnd(HEX, 3)}`, rnd(HEX, 12)].join("-");

function base62(n: number, width: number): string {
  let out = "";
  let v = n;
  while (v > 0) {
    out = ALNUM_ORDERED[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, "0");
}
const ALNUM_ORDERED = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A GitHub/npm-style token: prefix_ + 30 random base62 + base62 CRC32 of the random part. */
export function checksummed(prefix: string, valid = true): string {
  const random = rnd(ALNUM, 30);
  const sum = base62(crc32(random), 6);
  const last = valid ? sum : sum.slice(0, 5) + (sum[5] === "A" ? "B" : "A");
  return `${prefix}_${random}${last}`;
}

const b64url = (value: string | object): string =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** A structurally valid, HMAC-shaped JWT (the signature is random, never verified offline). */
export function jwt(payload: object = { sub: rnd(HEX, 8), iat: 1700000000 }): string {
  return [b64url({ alg: "HS256", typ: "JWT" }), b64url(payload), rnd(B64URL, 43)].join(".");
}

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

function polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i] as number;
  }
  return chk >>> 0;
}

/** An age secret key: bech32 ("age-secret-key-" hrp) over 52 random 5-bit groups + checksum. */
export function ageSecretKey(): string {
  const hrp = "age-secret-key-";
  const data = Array.from(rnd(BECH32, 52), (c) => BECH32.indexOf(c));
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5);
  expanded.push(0, ...[...hrp].map((c) => c.charCodeAt(0) & 31));
  const mod = polymod([...expanded, ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const check = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...check].map((v) => BECH32[v]).join("")}`.toUpperCase();
}

/** A PyPI-style macaroon token naming pypi.org. */
export function pypiToken(): string {
  const body = Buffer.concat([
    Buffer.from([0x02, 0x01, 0x08]),
    Buffer.from("pypi.org"),
    Buffer.from([0x02, 0x25]),
    Buffer.from(`identifier ${rnd(ALNUM, 80)}`),
  ]).toString("base64url");
  return `pypi-${body}`;
}

/** Lines of a config file binding `name` to `value` in the common syntaxes. */
export function assignments(name: string, value: string): string[] {
  return [
    `${name}="${value}"`,
    `${name} = '${value}'`,
    `${name}: ${value}`,
    `"${name}": "${value}"`,
    `export ${name.toUpperCase()}=${value}`,
    `<${name}>${value}</${name}>`,
  ];
}
