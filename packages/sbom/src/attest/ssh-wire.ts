import { RampartError } from "@rampart/core/errors";
import { WireError, WireReader } from "@rampart/core/ssh";

export { wireMpint as sshMpint, wireString as sshString } from "@rampart/core/ssh";

/**
 * core's SSH wire reader (the one implementation), with its errors turned into this package's:
 * a truncated or malformed key file is SBOM_KEY_INVALID, never a bare WireError.
 */
export class SshReader {
  readonly #r: WireReader;
  readonly #what: string;

  constructor(buf: Buffer, what: string) {
    this.#r = new WireReader(buf);
    this.#what = what;
  }

  get done(): boolean {
    return this.#r.done;
  }

  uint32(): number {
    return this.#guard(() => this.#r.uint32());
  }

  bytes(n: number): Buffer {
    return this.#guard(() => this.#r.bytes(n));
  }

  string(): Buffer {
    return this.#guard(() => this.#r.string());
  }

  text(): string {
    return this.#guard(() => this.#r.string().toString("utf8"));
  }

  /** An mpint without its sign-padding zero bytes (what JWK wants). */
  mpint(): Buffer {
    return this.#guard(() => this.#r.mpint());
  }

  #guard<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof WireError)) throw error;
      throw new RampartError("SBOM_KEY_INVALID", `${this.#what} is truncated or not in SSH format`, {
        hint: "check that the file is a complete key as written by ssh-keygen",
        cause: error,
      });
    }
  }
}
