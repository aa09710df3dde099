import { createHash } from "node:crypto";
import semver from "semver";
import type { PreparedEvent, PreparedRange } from "./match.js";
import type { Advisory } from "./osv.js";
import { LEVELS, type SeverityInfo } from "./severity.js";

/**
 * The indexed form of an advisory database, one file: a magic line, a JSON header line (what the
 * data is, where it came from, its sha256, the payload's chunk digests), then the payload: a table
 * of `count` entries of three uint32 LE (where the name starts in the names section, where its
 * advisories start in the body, their length), the names (UTF-8, sorted bytewise, back to back),
 * and the body: per package name a compact JSON array. A lookup is a binary search in the table. `rampart deps update` writes it as a snapshot;
 * raw records (a directory or an OSV zip) are indexed into it once and cached by their digest.
 * Loading reads only the header and, on demand, the packages a lockfile names.
 *
 * The file sits in the user's cache: it is read as untrusted input. The body's sha256 is checked,
 * every field is type-checked when it is read, and anything unexpected is an `IndexInvalid`.
 */
export const MAGIC = "RAMPART-OSV-INDEX 5\n";
/** Bumped whenever what the index stores (or how severity is rated) changes: old caches are rebuilt. */
export const INDEX_FORMAT = "rampart-osv-index/5";
/** The body is verified in chunks of this size, each only when a package inside it is read. */
export const CHUNK = 256 * 1024;

export interface Problem {
  file: string;
  message: string;
}

export interface IndexSource {
  kind: "directory" | "zip" | "url" | "json";
  /** Path or URL it was read from. */
  location: string;
  /** sha256 of the source's content (the zip file, the download, or the directory's records). */
  sha256: string;
}

export interface IndexHeader {
  format: string;
  kind: "cache" | "snapshot";
  /** When the index was written (for a snapshot: when `deps update` imported the data). */
  createdAt: string;
  source: IndexSource;
  records: number;
  /** The newest `modified` of the records. */
  dataDate?: string;
  problems: Problem[];
  /** sha256 of each CHUNK-sized piece of the payload, in order. */
  chunks: string[];
  /** How many package names the table holds, and the byte length of the names section. */
  count: number;
  namesLength: number;
}

export class IndexInvalid extends Error {}

/** The records indexed in memory: package name -> advisories. */
export interface BuiltIndex {
  byName: Map<string, Advisory[]>;
  records: number;
  dataDate?: string;
  problems: Problem[];
}

/** What matching needs, per advisory: parsed for every package name the lockfile has. */
type MatchPart = [PreparedRange[], string[]];
/** What a finding needs: parsed only for a name with a hit. */
type DetailPart = [string, string[], string, 0 | 1, string, number | null, string, string | null];

const SOURCES = new Set(["cvss3", "cvss4", "database", "malicious", "default"]);
const ENTRY = 20; // table entry: name offset, match offset, match length, detail offset, detail length

function detailOf(a: Advisory): DetailPart {
  const s = a.severity;
  return [a.id, a.aliases, a.summary, a.malicious ? 1 : 0, s.level, s.score ?? null, s.source, s.vector ?? null];
}

export function encodeIndex(
  built: BuiltIndex,
  meta: { kind: IndexHeader["kind"]; source: IndexSource; createdAt: string },
): Buffer {
  const entries = [...built.byName].map(([name, list]) => ({ name: Buffer.from(name, "utf8"), list }));
  entries.sort((a, b) => Buffer.compare(a.name, b.name));
  const table = Buffer.alloc(entries.length * ENTRY);
  const names: Buffer[] = [];
  const bodies: Buffer[] = [];
  let namesLength = 0;
  let bodyLength = 0;
  entries.forEach((e, i) => {
    const match = Buffer.from(JSON.stringify(e.list.map((a): MatchPart => [a.ranges, a.versions])), "utf8");
    const detail = Buffer.from(JSON.stringify(e.list.map(detailOf)), "utf8");
    table.writeUInt32LE(namesLength, i * ENTRY);
    table.writeUInt32LE(bodyLength, i * ENTRY + 4);
    table.writeUInt32LE(match.length, i * ENTRY + 8);
    table.writeUInt32LE(bodyLength + match.length, i * ENTRY + 12);
    table.writeUInt32LE(detail.length, i * ENTRY + 16);
    names.push(e.name);
    bodies.push(match, detail);
    namesLength += e.name.length;
    bodyLength += match.length + detail.length;
  });
  const payload = Buffer.concat([table, ...names, ...bodies]);
  const header: IndexHeader = {
    format: INDEX_FORMAT,
    kind: meta.kind,
    createdAt: meta.createdAt,
    source: meta.source,
    records: built.records,
    ...(built.dataDate === undefined ? {} : { dataDate: built.dataDate }),
    problems: built.problems,
    chunks: chunkDigests(payload),
    count: entries.length,
    namesLength,
  };
  return Buffer.concat([Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, "utf8"), payload]);
}

function chunkDigests(body: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at < body.length; at += CHUNK)
    out.push(
      createHash("sha256")
        .update(body.subarray(at, at + CHUNK))
        .digest("hex"),
    );
  return out;
}

export function isIndexFile(head: Buffer): boolean {
  return head.subarray(0, MAGIC.length).toString("latin1") === MAGIC;
}

const HEX64 = /^[0-9a-f]{64}$/;
const isString = (x: unknown): x is string => typeof x === "string";
const isStringArray = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);

function fail(message: string): never {
  throw new IndexInvalid(message);
}

function checkHeader(h: unknown, bodyLength: number): IndexHeader {
  if (typeof h !== "object" || h === null || Array.isArray(h)) fail("the header is not an object");
  const x = h as Record<string, unknown>;
  if (x.format !== INDEX_FORMAT) fail(`format ${JSON.stringify(x.format)}, expected ${INDEX_FORMAT}`);
  if (x.kind !== "cache" && x.kind !== "snapshot") fail("unknown kind");
  if (!isString(x.createdAt) || Number.isNaN(Date.parse(x.createdAt))) fail("no valid createdAt");
  const src = x.source as Record<string, unknown> | null;
  if (typeof src !== "object" || src === null) fail("no source");
  if (!["directory", "zip", "url", "json"].includes(src.kind as string)) fail("unknown source kind");
  if (!isString(src.location) || !isString(src.sha256) || !HEX64.test(src.sha256)) fail("bad source");
  if (!Number.isSafeInteger(x.records) || (x.records as number) < 0) fail("bad record count");
  if (x.dataDate !== undefined && !isString(x.dataDate)) fail("bad dataDate");
  if (!Array.isArray(x.problems) || !x.problems.every((p) => isString(p?.file) && isString(p?.message)))
    fail("bad problems");
  if (!Array.isArray(x.chunks) || !x.chunks.every((c) => isString(c) && HEX64.test(c))) fail("bad chunk digests");
  if (x.chunks.length !== Math.ceil(bodyLength / CHUNK)) fail("the body's length does not match its digests");
  if (!Number.isSafeInteger(x.count) || (x.count as number) < 0 || (x.count as number) * ENTRY > bodyLength)
    fail("bad name count");
  if (!Number.isSafeInteger(x.namesLength) || (x.namesLength as number) < 0) fail("bad names length");
  if ((x.count as number) * ENTRY + (x.namesLength as number) > bodyLength) fail("the name table overruns the payload");
  return x as unknown as IndexHeader;
}

const isPart = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;

function checkRange(r: unknown): PreparedRange {
  if (!Array.isArray(r)) fail("a range is not a list");
  for (const e of r) {
    if (!Array.isArray(e) || (e[0] !== 0 && e[0] !== 1 && e[0] !== 2 && e[0] !== 3)) fail("bad event");
    if (e.length === 4 ? !(isPart(e[1]) && isPart(e[2]) && isPart(e[3])) : e.length !== 2 || !isString(e[1]))
      fail("bad event version");
    // A string is a prerelease, normalised (semver.valid returns it unchanged).
    if (e.length === 2 && (!(e[1] as string).includes("-") || semver.valid(e[1]) !== e[1]))
      fail("an event's version is not a normalised prerelease");
  }
  return r as PreparedEvent[];
}

function checkMatch(x: unknown): MatchPart {
  if (!Array.isArray(x) || x.length !== 2) fail("an advisory's match data is not a pair");
  const [ranges, versions] = x;
  if (!Array.isArray(ranges) || !isStringArray(versions)) fail("bad ranges or versions");
  for (const r of ranges) checkRange(r);
  return x as MatchPart;
}

function checkDetail(x: unknown): DetailPart {
  if (!Array.isArray(x) || x.length !== 8) fail("an advisory's details are not an 8-field list");
  const [id, aliases, summary, malicious, level, score, source, vector] = x;
  if (!isString(id) || !isStringArray(aliases) || !isString(summary)) fail("bad advisory identity");
  if (malicious !== 0 && malicious !== 1) fail("bad malicious flag");
  if (!(LEVELS as readonly unknown[]).includes(level) || !SOURCES.has(source as string)) fail("bad severity");
  if (score !== null && (typeof score !== "number" || !(score >= 0 && score <= 10))) fail("bad score");
  if (vector !== null && !isString(vector)) fail("bad vector");
  return x as DetailPart;
}

/**
 * An advisory read from an index: ranges and versions at once, the rest (id, severity...) from the
 * name's detail list on first use, which only a hit needs.
 */
class IndexedAdvisory implements Advisory {
  #detail: DetailPart | undefined;
  constructor(
    readonly ranges: PreparedRange[],
    readonly versions: string[],
    private readonly details: () => unknown[],
    private readonly at: number,
  ) {}
  private get d(): DetailPart {
    this.#detail ??= checkDetail(this.details()[this.at]);
    return this.#detail;
  }
  get id() {
    return this.d[0];
  }
  get aliases() {
    return this.d[1];
  }
  get summary() {
    return this.d[2];
  }
  get malicious() {
    return this.d[3] === 1;
  }
  get severity(): SeverityInfo {
    const [, , , , level, score, source, vector] = this.d;
    return {
      level,
      source,
      ...(score === null ? {} : { score }),
      ...(vector === null ? {} : { vector }),
    } as SeverityInfo;
  }
}

export interface DecodedIndex {
  header: IndexHeader;
  /** A package's advisories, parsed and checked on first use (IndexInvalid when they do not check). */
  lookup(name: string): Advisory[] | undefined;
  names(): string[];
}

/** Reads an index file's header; the payload is verified chunk by chunk as lookups touch it. */
export function decodeIndex(buf: Buffer): DecodedIndex {
  if (!isIndexFile(buf)) fail("not a rampart OSV index");
  const end = buf.indexOf(0x0a, MAGIC.length);
  if (end < 0) fail("truncated header");
  let raw: unknown;
  try {
    raw = JSON.parse(buf.subarray(MAGIC.length, end).toString("utf8"));
  } catch {
    fail("the header is not JSON");
  }
  const payload = buf.subarray(end + 1);
  const header = checkHeader(raw, payload.length);
  const verified = new Set<number>();
  // Only the chunks a read touches are hashed: a 10-package diff does not pay for the whole file.
  const verify = (from: number, to: number) => {
    if (from < 0 || to > payload.length || from > to) fail("a position outside the payload");
    for (let c = Math.floor(from / CHUNK); c <= Math.floor((Math.max(to, from + 1) - 1) / CHUNK); c++) {
      if (verified.has(c)) continue;
      if (
        createHash("sha256")
          .update(payload.subarray(c * CHUNK, (c + 1) * CHUNK))
          .digest("hex") !== header.chunks[c]
      )
        fail(`payload chunk ${c} does not match its sha256 (truncated or altered)`);
      verified.add(c);
    }
  };
  const count = header.count;
  verify(0, count * ENTRY);
  const namesStart = count * ENTRY;
  const namesLength = header.namesLength;
  const body = namesStart + namesLength;
  verify(namesStart, body);
  const nameFrom = (i: number) => namesStart + payload.readUInt32LE(i * ENTRY);
  const nameTo = (i: number) => (i + 1 < count ? nameFrom(i + 1) : body);
  const nameAt = (i: number): Buffer => payload.subarray(nameFrom(i), nameTo(i));
  // In bounds and strictly sorted, or a binary search could miss a name and call a vulnerable package clean.
  for (let i = 0; i < count; i++) {
    if (nameFrom(i) > nameTo(i) || nameTo(i) > body) fail("a name outside the names section");
    if (i > 0 && payload.compare(payload, nameFrom(i), nameTo(i), nameFrom(i - 1), nameTo(i - 1)) >= 0)
      fail("the name table is not sorted");
  }
  const find = (name: string): number => {
    const key = Buffer.from(name, "utf8");
    let lo = 0;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = payload.compare(key, 0, key.length, nameFrom(mid), nameTo(mid));
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const memo = new Map<string, Advisory[]>();
  const parse = (name: string, what: string, from: number, length: number): unknown[] => {
    verify(from, from + length);
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString("utf8", from, from + length));
    } catch {
      fail(`the ${what} of ${name} are not JSON`);
    }
    if (!Array.isArray(parsed)) fail(`the ${what} of ${name} are not a list`);
    return parsed;
  };
  return {
    header,
    names: () => Array.from({ length: count }, (_, i) => nameAt(i).toString("utf8")),
    lookup(name) {
      const hit = memo.get(name);
      if (hit !== undefined) return hit;
      const i = find(name);
      if (i < 0) return undefined;
      const match = parse(
        name,
        "match data",
        body + payload.readUInt32LE(i * ENTRY + 4),
        payload.readUInt32LE(i * ENTRY + 8),
      );
      let details: unknown[] | undefined;
      const detailFrom = body + payload.readUInt32LE(i * ENTRY + 12);
      const detailLength = payload.readUInt32LE(i * ENTRY + 16);
      const loadDetails = () => {
        details ??= parse(name, "details", detailFrom, detailLength);
        if (details.length !== match.length) fail(`the details of ${name} do not match its advisories`);
        return details;
      };
      const list = match.map((m, k) => {
        const [ranges, versions] = checkMatch(m);
        return new IndexedAdvisory(ranges, versions, loadDetails, k);
      });
      memo.set(name, list);
      return list;
    },
  };
}
