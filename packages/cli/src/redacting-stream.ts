import { redact } from "@rampart/core/redact";

/** Whether the output boundary masks credentials: off only for `--show-secrets`, the user's explicit ask. */
export interface RedactSwitch {
  enabled: boolean;
}

/**
 * The stream as the commands see it, with every write redacted: the last net under anything a
 * command, a library or a child process's captured output prints (a remote URL in a git error, a
 * lockfile URL in a change list). Everything else (isTTY, columns, events) is the stream's own.
 */
export function redactingStream<S extends object & { write: (...args: never[]) => unknown }>(
  stream: S,
  state: RedactSwitch,
): S {
  const write = (chunk: unknown, ...rest: unknown[]): unknown => {
    const target = stream as unknown as { write: (...args: unknown[]) => unknown };
    if (!state.enabled) return target.write(chunk, ...rest);
    if (typeof chunk === "string") return target.write(redact(chunk), ...rest);
    if (chunk instanceof Uint8Array) {
      const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("utf8");
      const masked = redact(text);
      return target.write(masked === text ? chunk : masked, ...rest);
    }
    return target.write(chunk, ...rest);
  };
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === "write") return write;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Redacts what the process itself writes to a process stream: console.*, Node's warning printer
 * (a library's `process.emitWarning`, such as yaml's, quotes source lines) and anything else that
 * goes around the streams rampart hands its commands. For the bin only (stdio.ts, when the stream
 * is built); in-process callers of `execute` keep their own streams.
 */
export function redactProcessStream(stream: NodeJS.WriteStream, state: RedactSwitch): void {
  const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  const wrapped = redactingStream({ write: original }, state);
  stream.write = ((...args: unknown[]) =>
    (wrapped.write as (...a: unknown[]) => boolean)(...args)) as typeof stream.write;
}
