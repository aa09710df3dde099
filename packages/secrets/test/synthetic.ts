import { generateKeyPairSync } from "node:crypto";
import { crc32 } from "node:zlib";
import { ExampleRandom } from "../src/rules/examples.js";

/**
 * Synthetic credentials, assembled at runtime so that no secret-shaped literal sits in the
 * repository (rampart's own scan and other scanners stay quiet on this file).
 */
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Deterministic pseudo-random characters (tests must not depend on luck). */
function chars(alphabet: string, length: number, seed: number): string {
  return new ExampleRandom(seed).of(alphabet, length);
}

function base62(n: number, width: number): string {
  const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  let out = "";
  let v = n;
  while (v > 0) {
    out = digits[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, "0");
}

/** An AWS access key id: "AKIA" + 16 upper-case letters/digits. */
export function awsAccessKeyId(seed = 1): string {
  return ["AK", "IA", chars(UPPER, 16, seed)].join("");
}

/** A GitHub classic token with a valid CRC32 checksum (passes the offline validator). */
export function githubToken(seed = 1): string {
  const random = chars(ALNUM, 30, seed);
  return ["gh", "p_", random, base62(crc32(random), 6)].join("");
}

/** A freshly generated PKCS#8 private key in PEM form (RSA: many lines, for multi-line tests). */
export function privateKeyPem(kind: "rsa" | "ed25519" = "rsa"): string {
  const { privateKey } =
    kind === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 1024 }) : generateKeyPairSync("ed25519");
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/** A line of code that assigns a token, as a developer would write it. */
export function tokenLine(token: string): string {
  return `const token = "${token}";\n`;
}
