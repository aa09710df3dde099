import { type RedactSwitch, redactProcessStream } from "./redacting-stream.js";

/**
 * process.stdout and process.stderr without building them until something needs more than a write.
 *
 * Node's getters build the stream on first use: a net.Socket for a pipe (what a hook, CI and the
 * benches read through), a tty.WriteStream for a terminal, a SyncWriteStream for a file, with ~20
 * internal modules (streams, net): 10-20M instructions in every process, whatever it prints.
 * rampart writes whole strings, so until then each write is write(2) calls on the descriptor, done
 * when they return: the same bytes, in the same order.
 *
 * The stream is built (and from then on takes every write, so that nothing overtakes what it
 * buffers) when anything else is asked of it (isTTY, an event, a library given it to prompt on),
 * when anything reads process.stdout (console.*, a warning), when a write comes with a callback or
 * an encoding, and when the descriptor refuses a write (EAGAIN: a non-blocking pipe another
 * process left; anything but EPIPE): the stream then writes what is left, as it always did.
 * A reader that has gone (EPIPE: `rampart ... | head`) is its choice: the rest is dropped.
 */

type Name = "stdout" | "stderr";
type Stream = NodeJS.WriteStream;

interface Output {
  fd: number;
  /** The stream, once Node's getter has built it. */
  stream: Stream | undefined;
  /** The reader went away (EPIPE): later writes are dropped. */
  gone: boolean;
}

const outputs: Record<Name, Output> = {
  stdout: { fd: 1, stream: undefined, gone: false },
  stderr: { fd: 2, stream: undefined, gone: false },
};
let installed: RedactSwitch | undefined;

/**
 * For the bin: process.stdout/stderr built on first use, with what the CLI adds to them then (the
 * redaction of what the process writes around rampart's own streams: console.*, Node's warning
 * printer; stdout's EPIPE taken as the reader's choice). Once per process.
 */
export function installProcessOutput(redaction: RedactSwitch): void {
  if (installed !== undefined) return;
  installed = redaction;
  for (const name of ["stdout", "stderr"] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(process, name);
    const get = descriptor?.get;
    if (get === undefined || descriptor?.configurable !== true) {
      adopt(name, process[name]); // not Node's lazy getter: take the stream as it is
      continue;
    }
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: descriptor.enumerable ?? true,
      get() {
        const stream = get.call(process) as Stream;
        if (outputs[name].stream === undefined) adopt(name, stream);
        return stream;
      },
    });
  }
}

/** What the CLI adds to a process stream when it is built. */
function adopt(name: Name, stream: Stream): void {
  const output = outputs[name];
  output.stream = stream;
  redactProcessStream(stream, installed as RedactSwitch);
  // `rampart ... | head` closes stdout early; that is the reader's choice, not an error.
  if (name === "stdout")
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
}

/** The built stream (Node's getter, through installProcessOutput's when installed). */
function materialize(name: Name): Stream {
  return process[name];
}

/** Whether a process stream has been built (then it may hold writes not yet on the descriptor). */
export function isBuilt(name: Name): boolean {
  return outputs[name].stream !== undefined || installed === undefined;
}

const fs = () => process.getBuiltinModule("node:fs");

/** Writes all of `data` to the descriptor; what it refuses goes to the stream. */
function writeDirect(name: Name, data: string | Uint8Array): void {
  const output = outputs[name];
  if (output.gone) return;
  let bytes: Uint8Array | undefined = typeof data === "string" ? undefined : data;
  let done = 0;
  try {
    if (bytes === undefined) {
      done = fs().writeSync(output.fd, data as string);
      if (done === Buffer.byteLength(data as string)) return;
      bytes = Buffer.from(data as string);
    }
    while (done < bytes.byteLength) done += fs().writeSync(output.fd, bytes, done, bytes.byteLength - done);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EPIPE") {
      output.gone = true;
      return;
    }
    const rest = bytes === undefined ? (data as string) : bytes.subarray(done);
    materialize(name).write(rest);
  }
}

/**
 * process.stdout or process.stderr as rampart's commands write to it: write() goes to the
 * descriptor until the stream is built; anything else builds it and is the stream's own.
 */
export function processStream(name: Name): Stream {
  // Without installProcessOutput (in-process callers), the process's own stream.
  if (installed === undefined) return process[name];
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const output = outputs[name];
    if (
      output.stream === undefined &&
      rest.length === 0 &&
      (typeof chunk === "string" || chunk instanceof Uint8Array)
    ) {
      writeDirect(name, chunk);
      return true;
    }
    const stream = materialize(name);
    return (stream.write as (...a: unknown[]) => boolean)(chunk, ...rest);
  };
  return new Proxy({} as Stream, {
    get(_target, prop) {
      if (prop === "write") return write;
      const stream = materialize(name);
      const value: unknown = Reflect.get(stream, prop, stream);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(stream) : value;
    },
    set(_target, prop, value) {
      return Reflect.set(materialize(name), prop, value);
    },
    has(_target, prop) {
      return Reflect.has(materialize(name), prop);
    },
    getPrototypeOf() {
      return Object.getPrototypeOf(materialize(name)) as object | null;
    },
  });
}

/**
 * Resolves once what the built streams hold has reached their descriptors (direct writes are
 * there when they return).
 */
export async function flushProcessOutput(): Promise<void> {
  await Promise.all(
    (["stdout", "stderr"] as const).map((name) => {
      if (!isBuilt(name)) return undefined;
      const stream = process[name];
      return new Promise<void>((done) => (stream.writable ? stream.write("", () => done()) : done()));
    }),
  );
}
