/**
 * The SSH wire encoding (RFC 4251 section 5): uint32 big-endian lengths in front of strings and
 * mpints. A reader that never reads past the end: malformed input throws WireError, which callers
 * turn into a "bad signature" or a key parse error.
 */
export class WireError extends Error {}

export class WireReader {
  #offset = 0;
  constructor(readonly buf: Buffer) {}

  get done(): boolean {
    return this.#offset === this.buf.length;
  }

  bytes(n: number): Buffer {
    if (n < 0 || this.#offset + n > this.buf.length) throw new WireError("truncated SSH data");
    const out = this.buf.subarray(this.#offset, this.#offset + n);
    this.#offset += n;
    return out;
  }

  uint32(): number {
    return this.bytes(4).readUInt32BE(0);
  }

  string(): Buffer {
    return this.bytes(this.uint32());
  }

  text(): string {
    return this.string().toString("latin1");
  }

  /** An mpint as unsigned big-endian bytes without leading zeros. */
  mpint(): Buffer {
    const raw = this.string();
    if (raw.length > 0 && (raw[0]! & 0x80) !== 0) throw new WireError("negative mpint");
    let i = 0;
    while (i < raw.length && raw[i] === 0) i++;
    return raw.subarray(i);
  }
}

export function wireString(data: Buffer | string): Buffer {
  const body = typeof data === "string" ? Buffer.from(data, "latin1") : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length, 0);
  return Buffer.concat([len, body]);
}

export function wireMpint(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length && unsigned[i] === 0) i++;
  let body = unsigned.subarray(i);
  if (body.length > 0 && (body[0]! & 0x80) !== 0) body = Buffer.concat([Buffer.from([0]), body]);
  return wireString(body);
}

/** Left-pads big-endian bytes to `size` (ECDSA r and s for ieee-p1363). */
export function padStart(bytes: Buffer, size: number): Buffer {
  if (bytes.length > size) throw new WireError("integer too large for its curve");
  if (bytes.length === size) return bytes;
  return Buffer.concat([Buffer.alloc(size - bytes.length), bytes]);
}
