import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { RampartError } from "@rampart/core/errors";
import { parseSshPublicKey, SSH_KEY_TYPES, type SshPublicKey, sshFingerprint, WireError } from "@rampart/core/ssh";
import { parseOpensshPrivateKey } from "./openssh-private.js";
import { SshReader, sshMpint, sshString } from "./ssh-wire.js";

/** A key that can sign attestations, whatever file format it came from. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The OpenSSH fingerprint of the public key, `SHA256:<base64>` as `ssh-keygen -l` prints it. */
  keyid: string;
  /** SSH key type: ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, ssh-rsa. */
  type: string;
  comment?: string;
}

export interface PublicKey {
  key: KeyObject;
  keyid: string;
  type: string;
  comment?: string;
}

export const CURVES: Record<string, string> = { nistp256: "P-256", nistp384: "P-384", nistp521: "P-521" };
const CURVE_BY_JWK: Record<string, string> = { "P-256": "nistp256", "P-384": "nistp384", "P-521": "nistp521" };
const EC_HASH: Record<string, string> = { nistp256: "sha256", nistp384: "sha384", nistp521: "sha512" };

export { SSH_KEY_TYPES, sshFingerprint };

/** Reads a private key: OpenSSH (`openssh-key-v1`, unencrypted) or any PEM/DER key node:crypto reads. */
export function parseSigningKey(text: string, file: string): SigningKey {
  if (text.includes("-----BEGIN OPENSSH PRIVATE KEY-----")) return parseOpensshPrivateKey(text, file);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: text, format: "pem" });
  } catch (error) {
    const encrypted = /ENCRYPTED|Proc-Type: 4,ENCRYPTED/.test(text) || /passphrase/i.test(String(error));
    throw new RampartError(
      encrypted ? "SBOM_KEY_ENCRYPTED" : "SBOM_KEY_INVALID",
      encrypted ? "this private key is encrypted" : "not a private key rampart can read",
      {
        file,
        cause: error,
        hint: encrypted
          ? "rampart does not prompt for passphrases: give it an unencrypted key kept in a CI secret, e.g. `openssl pkey -in KEY -out KEY.plain`"
          : "use an OpenSSH private key (ssh-keygen -t ed25519) or a PEM private key (openssl genpkey)",
      },
    );
  }
  const publicKey = createPublicKey(privateKey);
  const blob = sshBlobFromKeyObject(publicKey, file);
  return { privateKey, publicKey, keyid: sshFingerprint(blob), type: new SshReader(blob, file).text() };
}

export function unsupported(type: string, file: string): RampartError {
  const hardware = type.startsWith("sk-");
  return new RampartError("SBOM_KEY_UNSUPPORTED", `key type ${type} cannot sign attestations`, {
    file,
    hint: hardware
      ? "security-key (sk-) keys need the hardware token; use an ed25519 or ECDSA key for automated signing"
      : "use an ed25519, ECDSA (nistp256/384/521) or RSA key",
  });
}

/** The SSH public key blob of a node KeyObject (so PEM keys get the same keyids as SSH keys). */
export function sshBlobFromKeyObject(key: KeyObject, file: string): Buffer {
  const jwk = key.export({ format: "jwk" });
  const raw = (s: string | undefined) => Buffer.from(s ?? "", "base64url");
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519")
    return Buffer.concat([sshString("ssh-ed25519"), sshString(raw(jwk.x))]);
  if (jwk.kty === "EC" && jwk.crv && CURVE_BY_JWK[jwk.crv]) {
    const curve = CURVE_BY_JWK[jwk.crv] as string;
    const q = Buffer.concat([Buffer.from([4]), raw(jwk.x), raw(jwk.y)]);
    return Buffer.concat([sshString(`ecdsa-sha2-${curve}`), sshString(curve), sshString(q)]);
  }
  if (jwk.kty === "RSA") return Buffer.concat([sshString("ssh-rsa"), sshMpint(raw(jwk.e)), sshMpint(raw(jwk.n))]);
  throw new RampartError(
    "SBOM_KEY_UNSUPPORTED",
    `a ${jwk.kty ?? "this"} ${jwk.crv ?? ""} key cannot sign attestations`,
    {
      file,
      hint: "use an ed25519, ECDSA (P-256/P-384/P-521) or RSA key",
    },
  );
}

/** A public key from an SSH blob (allowed_signers, .pub files), parsed by core's one SSH module. */
export function publicKeyFromSshBlob(blob: Buffer, file: string): PublicKey {
  let parsed: SshPublicKey;
  try {
    parsed = parseSshPublicKey(blob);
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    throw new RampartError("SBOM_KEY_INVALID", `the public key does not decode: ${error.message}`, {
      file,
      cause: error,
      hint: "check that the file is a complete key as written by ssh-keygen",
    });
  }
  if (parsed.key === undefined) throw unsupported(parsed.type, file);
  return { key: parsed.key, keyid: parsed.fingerprint, type: parsed.type };
}

/** How each key type signs: ed25519 signs the message itself; ECDSA and RSA hash it first. */
function hashFor(key: KeyObject): string | null {
  const jwk = key.export({ format: "jwk" });
  if (jwk.kty === "OKP") return null;
  if (jwk.kty === "EC") return EC_HASH[CURVE_BY_JWK[jwk.crv ?? ""] ?? ""] ?? "sha256";
  return "sha256";
}

/** ECDSA signatures are DER-encoded (as cosign and the DSSE reference implementations write them). */
export function signBytes(key: SigningKey, data: Buffer): Buffer {
  return sign(hashFor(key.publicKey), data, { key: key.privateKey, dsaEncoding: "der" });
}

export function verifyBytes(key: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    return verify(hashFor(key), data, { key, dsaEncoding: "der" }, signature);
  } catch {
    return false;
  }
}
