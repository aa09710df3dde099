import { isRampartError } from "@rampart/core/errors";
import { redact } from "@rampart/core/redact";
import { escapeControlChars } from "@rampart/core/report";
import type { IO } from "./context.js";

/**
 * How a failure reaches the user: a RampartError as `rampart: <file:line: >message` plus its hint;
 * anything else as one line and a pointer to --verbose. The stack (and each cause's) only with
 * --verbose. Every line is redacted: a library's error (a YAML parser echoing a line, git
 * quoting a remote URL) may hold a credential, and a stack trace repeats the message.
 */
export function writeError(stderr: IO["stderr"], error: unknown, verbose: boolean): void {
  const say = (text: string) => stderr.write(redact(text));
  if (isRampartError(error)) {
    say(`rampart: ${escapeControlChars(`${error.location ? `${error.location}: ` : ""}${error.message}`)}\n`);
    if (error.hint) say(`  hint: ${escapeControlChars(error.hint)}\n`);
    if (verbose) say(`${describeStack(error)}\n`);
    return;
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  say(`rampart: unexpected error: ${escapeControlChars(message ?? "")}\n`);
  if (verbose) say(`${describeStack(error)}\n`);
  else say("  hint: re-run with --verbose for the stack trace; this is likely a bug in rampart\n");
}

/** The stack, then each cause's, so --verbose shows where a wrapped git or parser error began. */
function describeStack(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(
      `${depth === 0 ? "" : "caused by: "}${current instanceof Error ? (current.stack ?? current.message) : String(current)}`,
    );
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join("\n");
}
