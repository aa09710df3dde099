import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { RampartError } from "./errors.js";
import { type GitOptions, gitFailure, gitSpawnError } from "./git.js";

export interface GitObject {
  oid: string;
  type: "blob" | "commit" | "tree" | "tag";
  size: number;
  content: Buffer;
}

interface Pending {
  resolve: (value: GitObject | null) => void;
  reject: (reason: unknown) => void;
}

/**
 * A long-lived `git cat-file --batch` process: request objects by name (oid, `:path` for the
 * index, `rev:path`), get their contents. Requests are pipelined, so thousands of objects per
 * second cost one process. Call `close()` when done.
 */
export class CatFileBatch {
  readonly #proc: ChildProcessWithoutNullStreams;
  readonly #queue: Pending[] = [];
  #chunks: Buffer[] = [];
  #length = 0;
  /** Bytes needed before the object at the head of #chunks is complete (0: unknown yet). */
  #need = 0;
  #closed = false;
  #failure: RampartError | undefined;
  /** Names requested in this tick, written to git together: one write per tick, not per object. */
  #names: string[] = [];

  constructor(options: GitOptions) {
    // A plain spawn: a long-lived pipe needs none of execa's buffering, and the constructor can
    // stay synchronous. The env is passed as is, like git()'s.
    this.#proc = process.getBuiltinModule("node:child_process").spawn("git", ["cat-file", "--batch"], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.#proc.stdout.on("data", (chunk: Buffer) => this.#onData(chunk));
    let stderr = "";
    this.#proc.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    this.#proc.stdin.on("error", () => {});
    this.#proc.on("error", (error) => this.#onExit(gitSpawnError(error, options.cwd)));
    this.#proc.on("close", (code) => this.#onExit(gitFailure(["cat-file"], stderr, code ?? 1, options.cwd)));
  }

  /**
   * Contents of the object, or null when it does not exist. Names must not contain newlines, nor
   * end in a carriage return: git reads its input by lines and drops a CR before the newline, so
   * `HEAD:y\r` would be answered with `HEAD:y`, another object.
   */
  read(name: string): Promise<GitObject | null> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new RampartError("GIT_FAILED", "cat-file reader used after close()"));
    if (name.includes("\n") || name.endsWith("\r")) {
      return Promise.reject(
        new RampartError(
          "GIT_FAILED",
          "object names for cat-file cannot contain a newline or end in a carriage return",
          {
            hint: "look the path up by blob id instead",
          },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ resolve, reject });
      this.#names.push(name);
      if (this.#names.length === 1) queueMicrotask(() => this.#flush());
    });
  }

  #flush(): void {
    if (this.#names.length === 0) return;
    const text = `${this.#names.join("\n")}\n`;
    this.#names = [];
    this.#proc.stdin.write(text);
  }

  /** Ends git's input; git answers what is pending, then exits. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#flush();
    this.#proc.stdin.end();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #onData(chunk: Buffer): void {
    // Chunks are only joined once the object they complete is there: joining on every chunk
    // would copy a large blob over and over (quadratic in its size).
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    if (this.#length < this.#need) return;
    const buffer = this.#chunks.length === 1 ? chunk : Buffer.concat(this.#chunks, this.#length);
    let pos = 0;
    this.#need = 0;
    for (;;) {
      const nl = buffer.indexOf(10, pos);
      if (nl < 0) break;
      const header = buffer.subarray(pos, nl).toString("utf8");
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        pos = nl + 1;
        this.#queue.shift()?.resolve(null);
        continue;
      }
      const [oid = "", type = "", sizeText = "0"] = header.split(" ");
      const size = Number(sizeText);
      const end = nl + 1 + size;
      if (buffer.length < end + 1) {
        this.#need = end + 1 - pos; // wait for the rest of the object and its newline
        break;
      }
      const content = Buffer.from(buffer.subarray(nl + 1, end));
      pos = end + 1;
      this.#queue.shift()?.resolve({ oid, type: type as GitObject["type"], size, content });
    }
    const rest = buffer.subarray(pos);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#length = rest.length;
  }

  #onExit(error: RampartError): void {
    // A failed spawn reports "error" and then "close": the first, more precise one wins.
    if (this.#failure !== undefined || (this.#queue.length === 0 && this.#closed)) return;
    this.#failure = error;
    for (const p of this.#queue.splice(0)) p.reject(error);
  }
}

export interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

/** Parses a raw git tree object: entries are "<mode> <name>\0<binary oid>" (a cut entry ends the list). */
export function parseTree(content: Buffer, oidBytes = 20): TreeEntry[] {
  const out: TreeEntry[] = [];
  let i = 0;
  while (i < content.length) {
    const sp = content.indexOf(32, i);
    const nul = content.indexOf(0, sp);
    if (sp < 0 || nul < 0) break;
    const mode = content.subarray(i, sp).toString("latin1");
    const name = content.subarray(sp + 1, nul).toString("utf8");
    out.push({ mode, name, oid: content.subarray(nul + 1, nul + 1 + oidBytes).toString("hex") });
    i = nul + 1 + oidBytes;
  }
  return out;
}
