import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { WireError, WireReader } from "./wire.js";

/** Key types node:crypto verifies in-process; `sk-` (FIDO) keys go through ssh-keygen. */
const CURVES = {
  "ecdsa-sha2-nistp256": { crv: "P-256", size: 32, hash: "sha256" },
  "ecdsa-sha2-nistp384": { crv: "P-384", size: 48, hash: "sha384" },
  "ecdsa-sha2-nistp521": { crv: "P-521", size: 66, hash: "sha512" },
} as const;
export type EcdsaKeyType = keyof typeof CURVES;

export const FIDO_KEY_TYPES = ["sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"] as const;

/** The plain (non-certificate) key types OpenSSH signs with. */
export const SSH_KEY_TYPES: ReadonlySet<string> = new Set([
  "ssh-ed25519",
  "ssh-rsa",
  ...Object.keys(CURVES),
  ...FIDO_KEY_TYPES,
]);

export interface SshPublicKey {
  type: string;
  /** The public key in wire format: what allowed_signers holds in base64 and SSHSIG embeds. */
  blob: Buffer;
  /** `SHA256:...` as ssh-keygen -l prints it. */
  fingerprint: string;
  /** Present when node:crypto can verify with this key. */
  key?: KeyObject;
  /** For ECDSA keys: the curve's field size and hash (SSH fixes the hash by curve). */
  ecdsa?: { size: number; hash: string };
}

export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

const b64url = (b: Buffer) => b.toString("base64url");

// Importing a key into node:crypto costs more than verifying with it; a repository has few keys
// and thousands of signatures, so parsed keys are kept by their blob.
const parsedKeys = new Map<string, SshPublicKey>();

/** Parses a public key blob. Throws WireError when it is malformed or of a type SSH does not define. */
export function parseSshPublicKey(blob: Buffer): SshPublicKey {
  const id = blob.toString("base64");
  let key = parsedKeys.get(id);
  if (key === undefined) {
    key = parseUncached(Buffer.from(blob));
    if (parsedKeys.size < 10_000) parsedKeys.set(id, key);
  }
  return key;
}

function parseUncached(blob: Buffer): SshPublicKey {
  try {
    return parseBlob(blob);
  } catch (error) {
    if (error instanceof WireError) throw error;
    // node:crypto refuses what is no key at all (an ECDSA point off its curve, an RSA modulus
    // OpenSSL will not take): to a caller that is one malformed key, never a crash.
    throw new WireError(`not a valid key: ${(error as Error).message}`);
  }
}

function parseBlob(blob: Buffer): SshPublicKey {
  const r = new WireReader(blob);
  const type = r.text();
  const base = { type, blob, fingerprint: sshFingerprint(blob) };
  if (type === "ssh-ed25519") {
    const pk = r.string();
    if (pk.length !== 32 || !r.done) throw new WireError("bad ed25519 key");
    return { ...base, key: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: b64url(pk) }, format: "jwk" }) };
  }
  if (type === "ssh-rsa") {
    const e = r.mpint();
    const n = r.mpint();
    if (!r.done || n.length < 128 || e.length === 0) {
      throw new WireError("bad or too short RSA key (OpenSSH requires 1024+ bits)");
    }
    return { ...base, key: createPublicKey({ key: { kty: "RSA", n: b64url(n), e: b64url(e) }, format: "jwk" }) };
  }
  if (type in CURVES) {
    const curve = CURVES[type as EcdsaKeyType];
    const name = r.text();
    const q = r.string();
    if (`ecdsa-sha2-${name}` !== type || !r.done || q.length !== 1 + 2 * curve.size || q[0] !== 4) {
      throw new WireError("bad ECDSA key");
    }
    const x = q.subarray(1, 1 + curve.size);
    const y = q.subarray(1 + curve.size);
    const key = createPublicKey({ key: { kty: "EC", crv: curve.crv, x: b64url(x), y: b64url(y) }, format: "jwk" });
    return { ...base, key, ecdsa: { size: curve.size, hash: curve.hash } };
  }
  if ((FIDO_KEY_TYPES as readonly string[]).includes(type) || type.includes("-cert-v01@openssh.com")) {
    return base; // known to SSH, verified outside node:crypto (or not at all, for certificates)
  }
  throw new WireError(`unknown SSH key type ${type}`);
}

/** Parses "ssh-ed25519 AAAA... comment" (an .pub file's line). Throws WireError. */
export function parseSshPublicKeyLine(line: string): { key: SshPublicKey; comment: string } {
  const [type = "", data = "", ...comment] = line.trim().split(/\s+/);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw new WireError("the key is not base64");
  const key = parseSshPublicKey(Buffer.from(data, "base64"));
  if (key.type !== type) throw new WireError(`key type ${type} does not match the key data (${key.type})`);
  return { key, comment: comment.join(" ") };
}
