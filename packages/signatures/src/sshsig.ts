import { createHash, verify } from "node:crypto";
import { padStart, parseSshPublicKey, type SshPublicKey, WireError, WireReader, wireString } from "@rampart/core/ssh";

/** OpenSSH PROTOCOL.sshsig: the armored detached signature git stores for gpg.format=ssh. */
const BEGIN = "-----BEGIN SSH SIGNATURE-----";
const END = "-----END SSH SIGNATURE-----";
const MAGIC = Buffer.from("SSHSIG", "latin1");

export interface SshSig {
  publicKey: SshPublicKey;
  namespace: string;
  reserved: Buffer;
  hashAlgorithm: "sha256" | "sha512";
  sigAlgorithm: string;
  sigBlob: Buffer;
  /** The armored text as found, for the ssh-keygen fallback. */
  armored: string;
}

/** Parses an armored SSHSIG. Throws WireError when it is malformed. */
export function parseSshSig(armored: string): SshSig {
  const text = armored.trim();
  if (!text.startsWith(BEGIN) || !text.endsWith(END)) throw new WireError("not an armored SSH signature");
  const body = text.slice(BEGIN.length, text.length - END.length).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new WireError("SSH signature is not base64");
  const r = new WireReader(Buffer.from(body, "base64"));
  if (!r.bytes(6).equals(MAGIC)) throw new WireError("missing SSHSIG magic");
  const version = r.uint32();
  if (version !== 1) throw new WireError(`unsupported SSHSIG version ${version}`);
  const publicKey = parseSshPublicKey(r.string());
  const namespace = r.text();
  const reserved = r.string();
  const hashAlgorithm = r.text();
  if (hashAlgorithm !== "sha256" && hashAlgorithm !== "sha512") {
    throw new WireError(`unsupported SSHSIG hash ${hashAlgorithm}`);
  }
  const sig = new WireReader(r.string());
  if (!r.done) throw new WireError("trailing data after SSHSIG");
  const sigAlgorithm = sig.text();
  // The rest is the algorithm-specific blob (one wire string for every type node:crypto handles).
  const sigBlob = sig.buf.subarray(4 + Buffer.byteLength(sigAlgorithm, "latin1"));
  return { publicKey, namespace, reserved, hashAlgorithm, sigAlgorithm, sigBlob, armored: text };
}

const prefixes = new Map<string, Buffer>();

/** The bytes the key actually signed: the SSHSIG preamble around H(message). */
export function signedData(sig: Pick<SshSig, "namespace" | "reserved" | "hashAlgorithm">, message: Buffer): Buffer {
  const digest = createHash(sig.hashAlgorithm).update(message).digest();
  // The preamble is the same for every git signature: build it once.
  const id = `${sig.namespace}\0${sig.reserved.toString("hex")}\0${sig.hashAlgorithm}`;
  let prefix = prefixes.get(id);
  if (prefix === undefined) {
    prefix = Buffer.concat([MAGIC, wireString(sig.namespace), wireString(sig.reserved), wireString(sig.hashAlgorithm)]);
    if (prefixes.size < 64) prefixes.set(id, prefix);
  }
  return Buffer.concat([prefix, wireString(digest)]);
}

type VerifyKey = Parameters<typeof verify>[2];

/** node:crypto's callback form runs in the libuv thread pool: thousands of signatures use every core. */
function verifyAsync(hash: string | null, data: Buffer, key: VerifyKey, signature: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    verify(hash, data, key, signature, (error, ok) => resolve(error === null && ok));
  });
}

/**
 * Verifies the signature math in-process. Resolves to true/false for the key types node:crypto
 * handles and "unsupported" for the rest (FIDO keys, certificates), which the caller hands to
 * ssh-keygen. Does not decide whether the key is trusted: that is the policy's job.
 */
export async function verifySshSigMath(sig: SshSig, message: Buffer): Promise<boolean | "unsupported"> {
  const { publicKey, sigAlgorithm } = sig;
  const key = publicKey.key;
  if (key === undefined) return "unsupported";
  const data = signedData(sig, message);
  // The blob is exactly one wire string: ssh-keygen (and git verify-commit) refuse bytes after it
  // ("unexpected bytes remain after decoding"), so a signature padded there is not the signer's.
  const outer = new WireReader(sig.sigBlob);
  const only = (): Buffer | undefined => {
    const value = outer.string();
    return outer.done ? value : undefined;
  };
  try {
    if (publicKey.type === "ssh-ed25519") {
      if (sigAlgorithm !== "ssh-ed25519") return false;
      const blob = only();
      return blob !== undefined && blob.length === 64 && (await verifyAsync(null, data, key, blob));
    }
    if (publicKey.type === "ssh-rsa") {
      // SSHSIG forbids SHA-1 RSA signatures ("ssh-rsa"); only the SHA-2 variants count.
      const hash = sigAlgorithm === "rsa-sha2-256" ? "sha256" : sigAlgorithm === "rsa-sha2-512" ? "sha512" : undefined;
      const blob = only();
      if (hash === undefined || blob === undefined) return false;
      return await verifyAsync(hash, data, key, blob);
    }
    if (publicKey.ecdsa !== undefined) {
      if (sigAlgorithm !== publicKey.type) return false;
      const blob = only();
      if (blob === undefined) return false;
      const inner = new WireReader(blob);
      const { size, hash } = publicKey.ecdsa;
      const rs = Buffer.concat([padStart(inner.mpint(), size), padStart(inner.mpint(), size)]);
      if (!inner.done) return false;
      return await verifyAsync(hash, data, { key, dsaEncoding: "ieee-p1363" }, rs);
    }
  } catch (error) {
    if (error instanceof WireError) return false;
    throw error;
  }
  return "unsupported";
}
