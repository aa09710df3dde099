import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { RampartError } from "@rampart/core/errors";
import { CURVES, type SigningKey, sshBlobFromKeyObject, sshFingerprint, unsupported } from "./keys.js";
import { SshReader } from "./ssh-wire.js";

/**
 * OpenSSH's private key container (PROTOCOL.key in the OpenSSH sources): "openssh-key-v1\0",
 * cipher, kdf, one public key, then the private section (two equal check words, the key's
 * fields, a comment). Read here rather than by node:crypto, which does not know the format.
 */
export function parseOpensshPrivateKey(text: string, file: string): SigningKey {
  const body = text.replace(/-----(BEGIN|END) OPENSSH PRIVATE KEY-----/g, "").replace(/\s+/g, "");
  const buf = Buffer.from(body, "base64");
  const magic = "openssh-key-v1\0";
  if (buf.subarray(0, magic.length).toString("latin1") !== magic) {
    throw new RampartError("SBOM_KEY_INVALID", "not an openssh-key-v1 private key", {
      file,
      hint: "write the key with a current ssh-keygen (it defaults to this format)",
    });
  }
  const r = new SshReader(buf.subarray(magic.length), file);
  const cipher = r.text();
  const kdf = r.text();
  r.string(); // kdf options
  if (cipher !== "none" || kdf !== "none") {
    throw new RampartError("SBOM_KEY_ENCRYPTED", `the key is protected by a passphrase (cipher ${cipher})`, {
      file,
      hint: "rampart does not prompt for passphrases: use a dedicated unencrypted signing key kept in a CI secret (ssh-keygen -t ed25519 -N '' -f signing-key)",
    });
  }
  if (r.uint32() !== 1) throw new RampartError("SBOM_KEY_INVALID", "the file holds more than one key", { file });
  r.string(); // public key blob, rebuilt from the private section below
  const p = new SshReader(r.string(), file);
  const check1 = p.uint32();
  const check2 = p.uint32();
  if (check1 !== check2) {
    throw new RampartError("SBOM_KEY_INVALID", "the key is corrupt (its check bytes differ)", { file });
  }
  const type = p.text();
  const privateKey = readPrivateFields(type, p, file);
  const comment = p.text();
  const publicKey = createPublicKey(privateKey);
  const keyid = sshFingerprint(sshBlobFromKeyObject(publicKey, file));
  return { privateKey, publicKey, keyid, type, ...(comment ? { comment } : {}) };
}

function readPrivateFields(type: string, p: SshReader, file: string): KeyObject {
  const b64u = (b: Buffer) => b.toString("base64url");
  if (type === "ssh-ed25519") {
    const pub = p.string();
    const priv = p.string();
    return createPrivateKey({
      key: { kty: "OKP", crv: "Ed25519", x: b64u(pub), d: b64u(priv.subarray(0, 32)) },
      format: "jwk",
    });
  }
  if (type.startsWith("ecdsa-sha2-")) {
    const curve = p.text();
    const q = p.string();
    const d = p.mpint();
    const crv = CURVES[curve];
    if (!crv || q[0] !== 4) throw unsupported(type, file);
    const size = (q.length - 1) / 2;
    const key = {
      kty: "EC",
      crv,
      x: b64u(q.subarray(1, 1 + size)),
      y: b64u(q.subarray(1 + size)),
      d: b64u(pad(d, size)),
    };
    return createPrivateKey({ key, format: "jwk" });
  }
  if (type === "ssh-rsa") {
    const [n, e, d, iqmp, pp, q] = [p.mpint(), p.mpint(), p.mpint(), p.mpint(), p.mpint(), p.mpint()];
    const big = (b: Buffer) => BigInt(`0x${b.toString("hex") || "0"}`);
    const toBuf = (v: bigint) => {
      const hex = v.toString(16);
      return Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
    };
    const dp = toBuf(big(d) % (big(pp) - 1n));
    const dq = toBuf(big(d) % (big(q) - 1n));
    const key = {
      kty: "RSA",
      n: b64u(n),
      e: b64u(e),
      d: b64u(d),
      p: b64u(pp),
      q: b64u(q),
      dp: b64u(dp),
      dq: b64u(dq),
      qi: b64u(iqmp),
    };
    return createPrivateKey({ key, format: "jwk" });
  }
  throw unsupported(type, file);
}

function pad(b: Buffer, size: number): Buffer {
  return b.length >= size ? b : Buffer.concat([Buffer.alloc(size - b.length), b]);
}
