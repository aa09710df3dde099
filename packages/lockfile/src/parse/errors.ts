import { RampartError } from "@rampart/core/errors";

/** The one error every parser throws for input it cannot read: names the file and, where known, the line. */
export function parseError(file: string, message: string, line?: number, cause?: unknown): RampartError {
  // The location lives in file/line: the CLI prints it once, before the message.
  return new RampartError("LOCKFILE_PARSE_FAILED", message, {
    file,
    ...(line === undefined ? {} : { line }),
    hint: "regenerate the lockfile with your package manager (npm install / pnpm install / yarn install) and commit it",
    cause,
  });
}

/** 1-based line of a character offset; one pass over the prefix, so only call it on the error path. */
export function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * A value from the file, for an error message: a scalar quoted and cut short, a list or map named
 * (never serialised: it may be nested deeper than the stack, or megabytes long).
 */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "a mapping";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Guards `JSON.parse` results and YAML maps: a plain object, not an array or scalar. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

export function asStringArray(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : undefined;
}
