import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";

/**
 * Just enough OpenPGP (RFC 4880) to check v4 binary signatures by RSA and Ed25519 keys in-process.
 * Which keys are valid (bindings, revocations, capabilities) is gpg's call, made once per keyring
 * (see gpg.ts); this file only does packet parsing and the signature math. Anything unusual
 * returns "fallback" and gpg decides.
 */
export interface PgpPublicKey {
  fingerprint: string;
  keyId: string;
  created: number;
  algo: number;
  key: KeyObject;
  /** RSA modulus length in bytes (signatures are left-padded to it). */
  size: number;
}

class PgpError extends Error {}

export function dearmor(text: string): Buffer {
  const lines = text.replace(/\r/g, "").split("\n");
  const begin = lines.findIndex((l) => l.startsWith("-----BEGIN PGP "));
  const end = lines.findIndex((l, i) => i > begin && l.startsWith("-----END PGP "));
  if (begin < 0 || end < 0) throw new PgpError("not armored OpenPGP data");
  let i = begin + 1;
  while (i < end && lines[i]!.trim() !== "" && lines[i]!.includes(":")) i++; // armor headers
  const body = lines.slice(i, end).filter((l) => !l.startsWith("=") && l.trim() !== "");
  return Buffer.from(body.join(""), "base64");
}

export function* packets(buf: Buffer): Generator<{ tag: number; body: Buffer }> {
  let i = 0;
  while (i < buf.length) {
    const h = buf[i++]!;
    if ((h & 0x80) === 0) throw new PgpError("bad packet header");
    let tag: number;
    let len: number;
    if (h & 0x40) {
      tag = h & 0x3f;
      const o = buf[i++]!;
      if (o < 192) len = o;
      else if (o < 224) len = ((o - 192) << 8) + buf[i++]! + 192;
      else if (o === 255) {
        len = buf.readUInt32BE(i);
        i += 4;
      } else throw new PgpError("partial body lengths");
    } else {
      tag = (h >> 2) & 0x0f;
      const t = h & 3;
      if (t === 3) throw new PgpError("indeterminate length");
      const n = [1, 2, 4][t]!;
      len = n === 1 ? buf[i]! : n === 2 ? buf.readUInt16BE(i) : buf.readUInt32BE(i);
      i += n;
    }
    if (i + len > buf.length) throw new PgpError("truncated packet");
    yield { tag, body: buf.subarray(i, i + len) };
    i += len;
  }
}

function mpi(buf: Buffer, at: number): [Buffer, number] {
  const bits = buf.readUInt16BE(at);
  const n = Math.ceil(bits / 8);
  if (at + 2 + n > buf.length) throw new PgpError("truncated MPI");
  return [buf.subarray(at + 2, at + 2 + n), at + 2 + n];
}

const ED25519_OID = Buffer.from("2b06010401da470f01", "hex");
const b64url = (b: Buffer) => b.toString("base64url");

function parseKeyPacket(body: Buffer): PgpPublicKey | undefined {
  if (body[0] !== 4) return undefined;
  const created = body.readUInt32BE(1);
  const algo = body[5]!;
  const fingerprint = createHash("sha1")
    .update(Buffer.from([0x99, body.length >> 8, body.length & 0xff]))
    .update(body)
    .digest("hex")
    .toUpperCase();
  const base = { fingerprint, keyId: fingerprint.slice(-16), created, algo };
  if (algo === 1 || algo === 3) {
    const [n, at] = mpi(body, 6);
    const [e] = mpi(body, at);
    return {
      ...base,
      size: n.length,
      key: createPublicKey({ key: { kty: "RSA", n: b64url(n), e: b64url(e) }, format: "jwk" }),
    };
  }
  if (algo === 22) {
    const oidLen = body[6]!;
    if (!body.subarray(7, 7 + oidLen).equals(ED25519_OID)) return undefined;
    const [point] = mpi(body, 7 + oidLen);
    if (point.length !== 33 || point[0] !== 0x40) return undefined;
    const x = b64url(point.subarray(1));
    return { ...base, size: 32, key: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" }) };
  }
  return undefined;
}

/** Primary keys and subkeys of an armored key file, for the algorithms handled in-process. */
export function parsePublicKeys(armored: string): PgpPublicKey[] {
  const out: PgpPublicKey[] = [];
  try {
    for (const p of packets(dearmor(armored))) {
      if (p.tag !== 6 && p.tag !== 14) continue;
      const key = parseKeyPacket(p.body);
      if (key) out.push(key);
    }
  } catch {
    return out; // whatever could not be read is left to gpg
  }
  return out;
}

const HASHES: Record<number, string> = { 8: "sha256", 9: "sha384", 10: "sha512", 11: "sha224" };
const KNOWN_SUBPACKETS = new Set([2, 16, 33, 28, 30, 27]);

export interface PgpSignature {
  issuer?: string;
  issuerFingerprint?: string;
  created: number;
  verify(payload: Buffer, key: PgpPublicKey): Promise<boolean>;
}

/**
 * Parses a detached v4 binary signature; undefined when it is anything gpg should judge instead,
 * a packet whose lengths run past its end included (a commit's gpgsig is the committer's bytes:
 * reading one must never throw and stop the judgement of the other commits).
 */
export function parseSignature(armored: string): PgpSignature | undefined {
  try {
    return readSignature(armored);
  } catch {
    return undefined;
  }
}

function readSignature(armored: string): PgpSignature | undefined {
  let list: Array<{ tag: number; body: Buffer }>;
  try {
    list = [...packets(dearmor(armored))];
  } catch {
    return undefined;
  }
  if (list.length !== 1 || list[0]!.tag !== 2) return undefined; // exactly one signature packet
  const body = list[0]!.body;
  if (body[0] !== 4 || body[1] !== 0x00) return undefined; // v4, binary document
  const algo = body[2]!;
  const hash = HASHES[body[3]!];
  if (hash === undefined || (algo !== 1 && algo !== 3 && algo !== 22)) return undefined;
  const hashedLen = body.readUInt16BE(4);
  const hashedEnd = 6 + hashedLen;
  const unhashedLen = body.readUInt16BE(hashedEnd);
  const sub = { created: -1, issuer: undefined as string | undefined, issuerFp: undefined as string | undefined };
  if (!readSubpackets(body.subarray(6, hashedEnd), true, sub)) return undefined;
  if (!readSubpackets(body.subarray(hashedEnd + 2, hashedEnd + 2 + unhashedLen), false, sub)) return undefined;
  if (sub.created < 0) return undefined;
  let at = hashedEnd + 2 + unhashedLen;
  const left16 = body.subarray(at, at + 2);
  at += 2;
  const mpis: Buffer[] = [];
  try {
    while (at < body.length) {
      const [m, next] = mpi(body, at);
      mpis.push(m);
      at = next;
    }
  } catch {
    return undefined;
  }
  const hashed = body.subarray(0, hashedEnd);
  const trailer = Buffer.from([0x04, 0xff, 0, 0, 0, 0]);
  trailer.writeUInt32BE(hashed.length, 2);
  return {
    created: sub.created,
    ...(sub.issuer ? { issuer: sub.issuer } : {}),
    ...(sub.issuerFp ? { issuerFingerprint: sub.issuerFp } : {}),
    verify: (payload, key) => verifyMath(Buffer.concat([payload, hashed, trailer]), hash, left16, mpis, key),
  };
}

function readSubpackets(
  area: Buffer,
  hashed: boolean,
  out: { created: number; issuer?: string; issuerFp?: string },
): boolean {
  let i = 0;
  while (i < area.length) {
    let len = area[i++]!;
    if (len >= 192 && len < 255) len = ((len - 192) << 8) + area[i++]! + 192;
    else if (len === 255) {
      len = area.readUInt32BE(i);
      i += 4;
    }
    const type = area[i]! & 0x7f;
    const critical = (area[i]! & 0x80) !== 0;
    const data = area.subarray(i + 1, i + len);
    i += len;
    if (hashed && critical && !KNOWN_SUBPACKETS.has(type)) return false;
    if (type === 3 && hashed) return false; // signature expiration: gpg's call
    if (type === 2 && hashed) out.created = data.readUInt32BE(0);
    if (type === 16) out.issuer = data.toString("hex").toUpperCase();
    if (type === 33 && data[0] === 4) out.issuerFp = data.subarray(1).toString("hex").toUpperCase();
  }
  return i === area.length;
}

function verifyMath(data: Buffer, hash: string, left16: Buffer, mpis: Buffer[], key: PgpPublicKey): Promise<boolean> {
  const digest = createHash(hash).update(data).digest();
  if (!digest.subarray(0, 2).equals(left16)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (error: Error | null, ok: boolean) => resolve(error === null && ok);
    if (key.algo === 22) {
      const [r, s] = mpis;
      if (!r || !s || r.length > 32 || s.length > 32) return resolve(false);
      const sig = Buffer.concat([Buffer.alloc(32 - r.length), r, Buffer.alloc(32 - s.length), s]);
      verify(null, digest, key.key, sig, done); // EdDSA in OpenPGP signs the digest
      return;
    }
    const [s] = mpis;
    if (!s || s.length > key.size) return resolve(false);
    verify(hash, data, key.key, Buffer.concat([Buffer.alloc(key.size - s.length), s]), done);
  });
}
