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
    // V8 gives no position for some errors (`Unexpected token '}', "…" is not valid JSON`, the end
    // of the input): the offset is then found by scanning, so every broken lockfile names its line.
    const line = lineMatch
      ? Number(lineMatch[1])
      : lineAtOffset(text, posMatch ? Number(posMatch[1]) : jsonErrorOffset(text));
    // The excerpt V8 quotes from the file is left out: the line says where.
    const reason = message.replace(/^(Unexpected token .+?), (?:\.\.\.)?"[\s\S]*$/, "$1").replace(/^.*?: /, "");
    throw parseError(file, `not valid JSON (${reason.slice(0, 120)})`, line, error);
  }
  if (!isRecord(data)) throw parseError(file, "expected a JSON object at the top level", 1);
  return data;
}

/**
 * The offset of the first character where `text` stops being JSON (its length when it ends too
 * soon). Only called on the error path, when V8's message gives no position; iterative, so a
 * deeply nested file cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1] ?? "";
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== "") i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const stack: Array<"{" | "["> = [];
  for (;;) {
    // A value.
    ws();
    const c = text[i];
    if (c === "{" || c === "[") {
      i++;
      ws();
      if (text[i] === (c === "{" ? "}" : "]")) i++;
      else {
        stack.push(c);
        if (c === "{") {
          if (!string()) return Math.min(i, n);
          ws();
          if (text[i] !== ":") return Math.min(i, n);
          i++;
        }
        continue;
      }
    } else if (c === '"') {
      if (!string()) return Math.min(i, n);
    } else if (text.startsWith("true", i)) i += 4;
    else if (text.startsWith("false", i)) i += 5;
    else if (text.startsWith("null", i)) i += 4;
    else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return Math.min(i, n);
      i = NUMBER.lastIndex;
    }
    // After a value: close containers, or a comma and the next member.
    for (;;) {
      ws();
      const top = stack.at(-1);
      if (top === undefined) return Math.min(i, n);
      if (text[i] === (top === "{" ? "}" : "]")) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ",") return Math.min(i, n);
      i++;
      if (top === "{") {
        ws();
        if (!string()) return Math.min(i, n);
        ws();
        if (text[i] !== ":") return Math.min(i, n);
        i++;
      }
      break;
    }
  }
}
