import { RampartError } from "@rampart/core";

/**
 * The SSH wire encoding (RFC 4251 section 5): uint32 lengths, strings and mpints. Enough to read
 * OpenSSH's private key container and public key blobs, and to write public key blobs.
 */
export class SshReader {
  #buf: Buffer;
  #pos = 0;
  readonly #what: string;

  constructor(buf: Buffer, what: string) {
    this.#buf = buf;
    this.#what = what;
  }

  get done(): boolean {
    return this.#pos >= this.#buf.length;
  }

  uint32(): number {
    if (this.#pos + 4 > this.#buf.length) throw this.#truncated();
    const v = this.#buf.readUInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }

  bytes(n: number): Buffer {
    if (this.#pos + n > this.#buf.length) throw this.#truncated();
    const v = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return v;
  }

  string(): Buffer {
    return this.bytes(this.uint32());
  }

  text(): string {
    return this.string().toString("utf8");
  }

  /** An mpint without its sign-padding zero bytes (what JWK wants). */
  mpint(): Buffer {
    const raw = this.string();
    let i = 0;
    while (i < raw.length - 1 && raw[i] === 0) i++;
    return raw.subarray(i);
  }

  #truncated(): RampartError {
    return new RampartError("SBOM_KEY_INVALID", `${this.#what} is truncated or not in SSH format`, {
      hint: "check that the file is a complete key as written by ssh-keygen",
    });
  }
}

export function sshString(value: Buffer | string): Buffer {
  const body = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

/** Big-endian unsigned integer as an mpint: a leading zero when the high bit is set. */
export function sshMpint(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length - 1 && unsigned[i] === 0) i++;
  const trimmed = unsigned.subarray(i);
  const needsPad = (trimmed[0] ?? 0) & 0x80;
  return sshString(needsPad ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}
