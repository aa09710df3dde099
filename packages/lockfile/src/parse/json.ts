import { isRecord, lineAtOffset, parseError } from "./errors.js";

/** JSON.parse with the error turned into LOCKFILE_PARSE_FAILED at the line V8 reports. */
export function parseJsonObject(file: string, text: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = (error as Error).message;
    const lineMatch = /line (\d+)/.exec(message);
    const posMatch = /position (\d+)/.exec(message);
    const line = lineMatch ? Number(lineMatch[1]) : posMatch ? lineAtOffset(text, Number(posMatch[1])) : undefined;
    throw parseError(file, `not valid JSON (${message.replace(/^.*?: /, "").slice(0, 120)})`, line, error);
  }
  if (!isRecord(data)) throw parseError(file, "expected a JSON object at the top level", 1);
  return data;
}
