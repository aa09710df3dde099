// A copy of core/test/ssh/crafted.ts: test files cannot reach across packages (tsc rootDir).
import { wireMpint, wireString } from "@rampart/core";

/** Public key blobs that are well-framed SSH data but no key: what an attacker can put in an SSHSIG. */
export function craftedKeyBlobs(): Record<string, Buffer> {
  const coord = (byte: number) => Buffer.alloc(32, byte);
  const rsaModulus = Buffer.concat([Buffer.from([0xc1]), Buffer.alloc(255, 0x5a)]);
  const rsa = Buffer.concat([wireString("ssh-rsa"), wireMpint(Buffer.from([1, 0, 1])), wireMpint(rsaModulus)]);
  return {
    // x=1..., y=2...: a point that is not on P-256.
    "off-curve ECDSA point": Buffer.concat([
      wireString("ecdsa-sha2-nistp256"),
      wireString("nistp256"),
      wireString(Buffer.concat([Buffer.from([4]), coord(1), coord(2)])),
    ]),
    "ECDSA point of the wrong length": Buffer.concat([
      wireString("ecdsa-sha2-nistp256"),
      wireString("nistp256"),
      wireString(Buffer.concat([Buffer.from([4]), coord(1)])),
    ]),
    "ECDSA curve name that disagrees with the type": Buffer.concat([
      wireString("ecdsa-sha2-nistp256"),
      wireString("nistp384"),
      wireString(Buffer.concat([Buffer.from([4]), coord(1), coord(2)])),
    ]),
    "truncated RSA key": rsa.subarray(0, rsa.length - 100),
    "RSA key with an even modulus and zero exponent": Buffer.concat([
      wireString("ssh-rsa"),
      wireString(Buffer.alloc(0)),
      wireMpint(Buffer.concat([Buffer.from([0xc0]), Buffer.alloc(255, 0)])),
    ]),
    "RSA length prefix past the end": Buffer.concat([wireString("ssh-rsa"), Buffer.from([0xff, 0xff, 0xff, 0xff, 1])]),
    "ed25519 key of 31 bytes": Buffer.concat([wireString("ssh-ed25519"), wireString(Buffer.alloc(31, 7))]),
    "ed25519 key with trailing bytes": Buffer.concat([
      wireString("ssh-ed25519"),
      wireString(Buffer.alloc(32, 7)),
      Buffer.from([0]),
    ]),
    "garbage blob": Buffer.from("this is not an SSH key at all, only text", "latin1"),
    "empty blob": Buffer.alloc(0),
  };
}

/** An armored SSHSIG (PROTOCOL.sshsig) around any public key blob and signature bytes. */
export function armoredSshSig(publicKey: Buffer, sigAlgorithm = "ssh-ed25519", sig = Buffer.alloc(64, 9)): string {
  const body = Buffer.concat([
    Buffer.from("SSHSIG", "latin1"),
    Buffer.from([0, 0, 0, 1]),
    wireString(publicKey),
    wireString("git"),
    wireString(""),
    wireString("sha512"),
    wireString(Buffer.concat([wireString(sigAlgorithm), wireString(sig)])),
  ]).toString("base64");
  const lines = body.match(/.{1,70}/g) ?? [];
  return ["-----BEGIN SSH SIGNATURE-----", ...lines, "-----END SSH SIGNATURE-----"].join("\n");
}
