// Crafted SSH data for tests of every SSH parser (core's ssh module, the signature enforcer). The
// wire encoding is written out here instead of imported from core: fixtures made by an independent
// encoder do not share a bug with the code under test (and test-helpers stays free of workspace
// dependencies).

/** RFC 4251 string: uint32 length, then the bytes. */
export function sshString(data: Buffer | string): Buffer {
  const body = typeof data === "string" ? Buffer.from(data, "latin1") : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length, 0);
  return Buffer.concat([len, body]);
}

/** RFC 4251 mpint of an unsigned big-endian integer: no leading zeros, one 0 byte if the top bit is set. */
export function sshMpint(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length && unsigned[i] === 0) i++;
  let body = unsigned.subarray(i);
  if (body.length > 0 && ((body[0] as number) & 0x80) !== 0) body = Buffer.concat([Buffer.from([0]), body]);
  return sshString(body);
}

/** Public key blobs that are well-framed SSH data but no key: what an attacker can put in an SSHSIG. */
export function craftedKeyBlobs(): Record<string, Buffer> {
  const coord = (byte: number) => Buffer.alloc(32, byte);
  const rsaModulus = Buffer.concat([Buffer.from([0xc1]), Buffer.alloc(255, 0x5a)]);
  const rsa = Buffer.concat([sshString("ssh-rsa"), sshMpint(Buffer.from([1, 0, 1])), sshMpint(rsaModulus)]);
  return {
    // x=1..., y=2...: a point that is not on P-256.
    "off-curve ECDSA point": Buffer.concat([
      sshString("ecdsa-sha2-nistp256"),
      sshString("nistp256"),
      sshString(Buffer.concat([Buffer.from([4]), coord(1), coord(2)])),
    ]),
    "ECDSA point of the wrong length": Buffer.concat([
      sshString("ecdsa-sha2-nistp256"),
      sshString("nistp256"),
      sshString(Buffer.concat([Buffer.from([4]), coord(1)])),
    ]),
    "ECDSA curve name that disagrees with the type": Buffer.concat([
      sshString("ecdsa-sha2-nistp256"),
      sshString("nistp384"),
      sshString(Buffer.concat([Buffer.from([4]), coord(1), coord(2)])),
    ]),
    "truncated RSA key": rsa.subarray(0, rsa.length - 100),
    "RSA key with an even modulus and zero exponent": Buffer.concat([
      sshString("ssh-rsa"),
      sshString(Buffer.alloc(0)),
      sshMpint(Buffer.concat([Buffer.from([0xc0]), Buffer.alloc(255, 0)])),
    ]),
    "RSA length prefix past the end": Buffer.concat([sshString("ssh-rsa"), Buffer.from([0xff, 0xff, 0xff, 0xff, 1])]),
    "ed25519 key of 31 bytes": Buffer.concat([sshString("ssh-ed25519"), sshString(Buffer.alloc(31, 7))]),
    "ed25519 key with trailing bytes": Buffer.concat([
      sshString("ssh-ed25519"),
      sshString(Buffer.alloc(32, 7)),
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
    sshString(publicKey),
    sshString("git"),
    sshString(""),
    sshString("sha512"),
    sshString(Buffer.concat([sshString(sigAlgorithm), sshString(sig)])),
  ]).toString("base64");
  const lines = body.match(/.{1,70}/g) ?? [];
  return ["-----BEGIN SSH SIGNATURE-----", ...lines, "-----END SSH SIGNATURE-----"].join("\n");
}
