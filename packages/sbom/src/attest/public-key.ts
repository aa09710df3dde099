import { createPublicKey } from "node:crypto";
import { RampartError } from "@rampart/core/errors";
import {
  type PublicKey,
  parseSigningKey,
  publicKeyFromSshBlob,
  SSH_KEY_TYPES,
  sshBlobFromKeyObject,
  sshFingerprint,
} from "./keys.js";
import { SshReader } from "./ssh-wire.js";

/**
 * Reads the key `rampart verify --key` is given: an OpenSSH public key line (`ssh-ed25519 AAAA...
 * comment`, as in a .pub file), a PEM public key, or a private key (its public half is used).
 */
export function parsePublicKey(text: string, file: string): PublicKey {
  const trimmed = text.trim();
  const first = trimmed.split(/\s+/);
  if (first[0] && SSH_KEY_TYPES.has(first[0])) {
    const blob = Buffer.from(first[1] ?? "", "base64");
    const key = publicKeyFromSshBlob(blob, file);
    if (new SshReader(blob, file).text() !== first[0]) {
      throw new RampartError("SBOM_KEY_INVALID", `key type ${first[0]} does not match the key data`, { file });
    }
    const comment = first.slice(2).join(" ");
    return comment ? { ...key, comment } : key;
  }
  if (trimmed.includes("PRIVATE KEY-----")) {
    const k = parseSigningKey(trimmed, file);
    return { key: k.publicKey, keyid: k.keyid, type: k.type, ...(k.comment ? { comment: k.comment } : {}) };
  }
  try {
    const key = createPublicKey({ key: trimmed, format: "pem" });
    const blob = sshBlobFromKeyObject(key, file);
    return { key, keyid: sshFingerprint(blob), type: new SshReader(blob, file).text() };
  } catch (error) {
    if (error instanceof RampartError) throw error;
    throw new RampartError("SBOM_KEY_INVALID", "not a public key rampart can read", {
      file,
      cause: error,
      hint: "give an OpenSSH public key (the .pub file ssh-keygen wrote) or a PEM public key",
    });
  }
}
