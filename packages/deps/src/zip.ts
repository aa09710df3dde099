import { crc32, inflateRawSync } from "node:zlib";

/**
 * A reader for the zip exports OSV publishes (`npm/all.zip`, one JSON record per entry), with
 * Node's zlib and the central directory parsed by hand (APPNOTE 6.3.x, ZIP64 included: the npm
 * export has more than 65,535 entries). Entries are read into memory, never written to disk, so
 * an entry's name cannot escape anywhere; names that would (absolute, `..`, backslashes, NUL)
 * are skipped and reported all the same. Bounded: entry count, each entry's inflated size (zlib
 * stops at the declared size, so a bomb that lies about it fails), the total inflated size, and
 * entries whose data overlap (the overlapping-file bomb) are refused. CRC-32 is checked.
 */
export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2_000_000,
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
};

export class ZipInvalid extends Error {}

export type ZipItem = { name: string; data: Buffer } | { name: string; problem: string };

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const LOCATOR64 = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipInvalid("a ZIP64 field is out of range");
  return Number(v);
}

function need(buf: Buffer, at: number, length: number, what: string): void {
  if (at < 0 || at + length > buf.length) throw new ZipInvalid(`truncated zip (${what})`);
}

interface Central {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  local: number;
}

function findEnd(buf: Buffer): { entries: number; cdSize: number; cdOffset: number; end: number } {
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= lowest; i--) {
    if (buf.readUInt32LE(i) !== EOCD) continue;
    if (i + 22 + buf.readUInt16LE(i + 20) !== buf.length) continue; // a signature inside the comment
    let entries = buf.readUInt16LE(i + 10);
    let cdSize = buf.readUInt32LE(i + 12);
    let cdOffset = buf.readUInt32LE(i + 16);
    let end = i;
    if (buf.readUInt16LE(i + 4) !== 0 && buf.readUInt16LE(i + 4) !== 0xffff)
      throw new ZipInvalid("multi-disk zip archives are not supported");
    if (i >= 20 && buf.readUInt32LE(i - 20) === LOCATOR64) {
      const at = u64(buf, i - 20 + 8);
      need(buf, at, 56, "ZIP64 end record");
      if (buf.readUInt32LE(at) !== EOCD64) throw new ZipInvalid("ZIP64 end record not where its locator says");
      entries = u64(buf, at + 32);
      cdSize = u64(buf, at + 40);
      cdOffset = u64(buf, at + 48);
      end = at;
    }
    if (cdOffset + cdSize > end) throw new ZipInvalid("the central directory overlaps the end records");
    return { entries, cdSize, cdOffset, end };
  }
  throw new ZipInvalid("no end of central directory record (not a zip file, or truncated)");
}

function readCentral(buf: Buffer, limits: ZipLimits): Central[] {
  const { entries, cdSize, cdOffset } = findEnd(buf);
  if (entries > limits.maxEntries) throw new ZipInvalid(`${entries} entries, more than ${limits.maxEntries}`);
  const out: Central[] = [];
  let at = cdOffset;
  const stop = cdOffset + cdSize;
  for (let n = 0; n < entries; n++) {
    need(buf, at, 46, "central directory");
    if (at + 46 > stop || buf.readUInt32LE(at) !== CENTRAL) throw new ZipInvalid(`bad central directory entry ${n}`);
    const flags = buf.readUInt16LE(at + 8);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    need(buf, at + 46, nameLength + extraLength + commentLength, "central directory entry");
    const rawName = buf.subarray(at + 46, at + 46 + nameLength);
    const name = rawName.toString(flags & 0x800 ? "utf8" : "latin1");
    let compressed = buf.readUInt32LE(at + 20);
    let size = buf.readUInt32LE(at + 24);
    let local = buf.readUInt32LE(at + 42);
    // ZIP64 extended information: present fields follow in this order, only those saturated.
    let e = at + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (e + 4 + len > extraEnd) throw new ZipInvalid(`bad extra field in ${name}`);
      if (id === 0x0001) {
        let p = e + 4;
        const take = () => {
          if (p + 8 > e + 4 + len) throw new ZipInvalid(`short ZIP64 field in ${name}`);
          const v = u64(buf, p);
          p += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressed === 0xffffffff) compressed = take();
        if (local === 0xffffffff) local = take();
      }
      e += 4 + len;
    }
    out.push({
      name,
      method: buf.readUInt16LE(at + 10),
      flags,
      crc: buf.readUInt32LE(at + 16),
      compressed,
      size,
      local,
    });
    at = extraEnd + commentLength;
  }
  return out;
}

function unsafeName(name: string): string | undefined {
  if (name.includes("\0")) return "a NUL in the name";
  if (name.includes("\\")) return "a backslash in the name";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "an absolute path";
  if (name.split("/").includes("..")) return "a '..' path segment";
  return undefined;
}

/**
 * The entries of a zip held in memory whose name passes `want` (default every file), in
 * archive order. Structural damage throws ZipInvalid; a bad entry is one `problem` item.
 */
export function* readZip(
  buf: Buffer,
  want: (name: string) => boolean = () => true,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Generator<ZipItem> {
  const central = readCentral(buf, limits);
  const { cdOffset } = findEnd(buf);
  // Where each entry's data lies; entries sharing bytes are the overlapping-file bomb.
  const spans: Array<{ c: Central; start: number; end: number }> = [];
  for (const c of central) {
    need(buf, c.local, 30, `local header of ${c.name}`);
    if (buf.readUInt32LE(c.local) !== LOCAL) throw new ZipInvalid(`no local header for ${c.name}`);
    const start = c.local + 30 + buf.readUInt16LE(c.local + 26) + buf.readUInt16LE(c.local + 28);
    const end = start + c.compressed;
    if (end > cdOffset) throw new ZipInvalid(`the data of ${c.name} runs into the central directory`);
    spans.push({ c, start, end });
  }
  const byStart = [...spans].sort((a, b) => a.c.local - b.c.local);
  for (let i = 1; i < byStart.length; i++) {
    const prev = byStart[i - 1] as (typeof byStart)[number];
    if ((byStart[i] as (typeof byStart)[number]).c.local < prev.end)
      throw new ZipInvalid(`entries ${prev.c.name} and ${(byStart[i] as (typeof byStart)[number]).c.name} overlap`);
  }
  let total = 0;
  for (const { c, start, end } of spans) {
    if (c.name.endsWith("/") || !want(c.name)) continue;
    const bad = unsafeName(c.name);
    if (bad !== undefined) {
      yield { name: c.name, problem: `skipped: ${bad}` };
      continue;
    }
    if (c.flags & 0x1) {
      yield { name: c.name, problem: "skipped: encrypted" };
      continue;
    }
    if (c.size > limits.maxEntryBytes) {
      yield { name: c.name, problem: `skipped: ${c.size} bytes inflated, more than ${limits.maxEntryBytes}` };
      continue;
    }
    total += c.size;
    if (total > limits.maxTotalBytes)
      throw new ZipInvalid(`more than ${limits.maxTotalBytes} bytes once inflated (a zip bomb?)`);
    const raw = buf.subarray(start, end);
    let data: Buffer;
    try {
      if (c.method === 0) data = raw;
      else if (c.method === 8) data = inflateRawSync(raw, { maxOutputLength: Math.max(1, c.size) });
      else {
        yield { name: c.name, problem: `skipped: compression method ${c.method} is not supported` };
        continue;
      }
    } catch (error) {
      yield { name: c.name, problem: `cannot inflate (${(error as Error).message.split("\n")[0]})` };
      continue;
    }
    if (data.length !== c.size) {
      yield { name: c.name, problem: `inflates to ${data.length} bytes, the directory says ${c.size}` };
      continue;
    }
    if (crc32(data) !== c.crc) {
      yield { name: c.name, problem: "CRC-32 mismatch (damaged entry)" };
      continue;
    }
    yield { name: c.name, data };
  }
}
