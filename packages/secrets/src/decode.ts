/**
 * Text from a file's bytes, or undefined when the bytes are binary. UTF-16 and UTF-32 files
 * (Windows editors, PowerShell's `>`, .NET resource files) are text and are decoded, never
 * skipped as binary: a byte-order mark says which, and UTF-16 without one is recognised by its
 * zero bytes in every other place. Anything else is read as UTF-8 (invalid bytes become U+FFFD,
 * so a secret in ASCII inside Latin-1 or Windows-1252 text is still found); a NUL byte in the
 * first 8000 bytes (git's own test) means binary.
 *
 * Lines are always split on "\n" after decoding, so the line numbers of a decoded file are the
 * ones an editor shows; for UTF-8 they are also git's (a byte 0x0A is never inside a character).
 */
export function decodeText(content: Uint8Array): string | undefined {
  const b = Buffer.from(content.buffer, content.byteOffset, content.length);
  const encoding = detectEncoding(b);
  switch (encoding) {
    case "utf32le":
    case "utf32be":
      return decodeUtf32(b.subarray(4), encoding === "utf32le");
    case "utf16le":
      return b.toString("utf16le", b[0] === 0xff ? 2 : 0);
    case "utf16be":
      return swap16(b.subarray(b[0] === 0xfe ? 2 : 0)).toString("utf16le");
    case "binary":
      return undefined;
    default:
      return b.toString("utf8");
  }
}

/**
 * What a file decoded as UTF-16 or UTF-32 (decodeText) also holds as bytes: its bytes without the
 * NUL bytes, one character per byte (latin1), or undefined for any other file. A byte-order mark,
 * or zeros in every other place of the first 8000 bytes, say nothing of the rest: ASCII after
 * `FF FE`, after a UTF-16 head or in UTF-16 one byte out of step decodes to other characters, yet
 * a reader of the bytes (git diff, grep, a build script) sees it. Latin-script UTF-16 and UTF-32
 * read so are their own text, and ASCII anywhere in the file is itself: the scanner reads this
 * view too (scanner.ts), so a key is found however the file was decoded.
 */
export function wideBytes(content: Uint8Array): string | undefined {
  const encoding = detectEncoding(content);
  if (encoding === "utf8" || encoding === "binary") return undefined;
  const b = Buffer.from(content.buffer, content.byteOffset, content.length);
  const out = Buffer.allocUnsafe(b.length);
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    const byte = b[i] as number;
    if (byte !== 0) out[n++] = byte;
  }
  return out.toString("latin1", 0, n);
}

export type Encoding = "utf8" | "utf16le" | "utf16be" | "utf32le" | "utf32be" | "binary";

/** How decodeText reads these bytes. */
export function detectEncoding(b: Uint8Array): Encoding {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0 && b.length % 4 === 0) return "utf32le";
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff && b.length % 4 === 0) return "utf32be";
  if (b0 === 0xff && b1 === 0xfe) return "utf16le";
  if (b0 === 0xfe && b1 === 0xff) return "utf16be";
  const head = b.subarray(0, 8000);
  if (head.indexOf(0) < 0) return "utf8";
  return bomlessUtf16(head) ?? "binary";
}

/**
 * UTF-16 without a byte-order mark: text in a Latin script has a zero high byte in nearly every
 * code unit, so zeros sit at odd offsets (LE) or even ones (BE) and almost never at the other.
 * Binary formats put their zeros anywhere.
 */
function bomlessUtf16(head: Uint8Array): "utf16le" | "utf16be" | undefined {
  const units = head.length >> 1;
  if (units < 2) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  if (oddZero >= units * 0.6 && evenZero <= units * 0.02) return "utf16le";
  if (evenZero >= units * 0.6 && oddZero <= units * 0.02) return "utf16be";
  return undefined;
}

function swap16(b: Uint8Array): Buffer {
  const out = Buffer.alloc(b.length & ~1);
  for (let i = 0; i + 1 < b.length; i += 2) {
    out[i] = b[i + 1] as number;
    out[i + 1] = b[i] as number;
  }
  return out;
}

function decodeUtf32(b: Uint8Array, little: boolean): string {
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  const parts: string[] = [];
  for (let i = 0; i + 3 < b.length; i += 4) {
    const cp = view.getUint32(i, little);
    parts.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : "\ufffd");
  }
  return parts.join("");
}
