import { createHash } from "node:crypto";
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  unlinkSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { RampartError, writeFileSafe } from "@rampart/core";
import { userCacheDir } from "./location.js";
import { type Advisory, npmAdvisories, type OsvRecord } from "./osv.js";
import { rateRecord } from "./severity.js";
import {
  type BuiltIndex,
  type DecodedIndex,
  decodeIndex,
  encodeIndex,
  INDEX_FORMAT,
  type IndexSource,
  isIndexFile,
  type Problem,
} from "./snapshot.js";
import { readZip, ZipInvalid } from "./zip.js";

/** The file `rampart deps update` writes in a database directory; a directory holding one is read as it. */
export const SNAPSHOT_FILE = "npm-osv.snapshot";

export interface AdvisoryDatabase {
  /** A package's advisories (undefined when it has none). */
  lookup(name: string): readonly Advisory[] | undefined;
  /** Every package name with advisories. */
  names(): string[];
  /** Records read (withdrawn and non-npm records included). */
  records: number;
  /** Files or entries that could not be read; the rest was used. */
  problems: Problem[];
  /** The newest `modified` of the records: how old the data is. */
  dataDate?: string;
  /** sha256 of the data's source: the record files (path order), the zip, or the download. */
  sha256: string;
  location: string;
  /** How it was read: a snapshot, raw records indexed now, or raw records through the index cache. */
  from: "snapshot" | "indexed" | "cache";
  /** A snapshot's import date and source. */
  snapshot?: { createdAt: string; source: string };
  /** What happened to the index cache (a raw source only): written to a path, or why not. */
  cache?: { file: string; written: boolean; reason?: string };
}

/** Indexes parsed records; a record that is not an object is a problem, never an abort. */
export function buildIndex(records: Iterable<[string, unknown]>): BuiltIndex {
  const out: BuiltIndex = { byName: new Map(), records: 0, problems: [] };
  for (const [file, data] of records) {
    for (const r of Array.isArray(data) ? data : [data]) {
      if (typeof r !== "object" || r === null || typeof (r as OsvRecord).id !== "string") {
        out.problems.push({ file, message: "not an OSV record (no id)" });
        continue;
      }
      out.records++;
      const record = r as OsvRecord;
      if (typeof record.modified === "string" && (out.dataDate === undefined || record.modified > out.dataDate))
        out.dataDate = record.modified;
      for (const [name, advisory] of npmAdvisories(record, rateRecord)) {
        const list = out.byName.get(name);
        if (list === undefined) out.byName.set(name, [advisory]);
        else list.push(advisory);
      }
    }
  }
  return out;
}

/** An in-memory database over records (tests, online results). */
export function indexRecords(records: Iterable<[string, unknown]>, location: string): AdvisoryDatabase {
  return fromBuilt(buildIndex(records), location, "", "indexed");
}

function fromBuilt(
  built: BuiltIndex,
  location: string,
  sha256: string,
  from: AdvisoryDatabase["from"],
): AdvisoryDatabase {
  return {
    lookup: (name) => built.byName.get(name),
    names: () => [...built.byName.keys()],
    records: built.records,
    problems: built.problems,
    ...(built.dataDate === undefined ? {} : { dataDate: built.dataDate }),
    sha256,
    location,
    from,
  };
}

/** Every *.json below `dir`, any depth, in code-unit path order (deterministic digests). */
function listJson(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isSymbolicLink()) continue; // never follow a link out of the database
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith(".json")) out.push(p);
    }
  };
  walk(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function parseJson(file: string, text: Buffer, problems: Problem[]): [string, unknown] | undefined {
  try {
    return [file, JSON.parse(text.toString("utf8"))];
  } catch (error) {
    problems.push({ file, message: `invalid JSON (${(error as Error).message.split("\n")[0]})` });
    return undefined;
  }
}

/** Raw records read and digested, parsed only when no cached index matches the digest. */
export interface RawSource {
  source: IndexSource;
  parse(): BuiltIndex;
}

export function directorySource(location: string): RawSource {
  const hash = createHash("sha256");
  const files: Array<[string, Buffer]> = [];
  for (const file of listJson(location)) {
    const rel = relative(location, file);
    const text = readFileSync(file);
    hash.update(rel).update("\0").update(text).update("\0");
    files.push([rel, text]);
  }
  return {
    source: { kind: "directory", location, sha256: hash.digest("hex") },
    parse() {
      const problems: Problem[] = [];
      const parsed = files.flatMap(([rel, text]) => {
        const p = parseJson(rel, text, problems);
        return p === undefined ? [] : [p];
      });
      const built = buildIndex(parsed);
      built.problems.unshift(...problems);
      return built;
    },
  };
}

/** An OSV zip export (npm/all.zip) held in memory. */
export function zipSource(buf: Buffer, location: string, kind: IndexSource["kind"] = "zip"): RawSource {
  return {
    source: { kind, location, sha256: createHash("sha256").update(buf).digest("hex") },
    parse() {
      const problems: Problem[] = [];
      const parsed: Array<[string, unknown]> = [];
      try {
        for (const item of readZip(buf, (name) => name.endsWith(".json"))) {
          if ("problem" in item) problems.push({ file: item.name, message: item.problem });
          else {
            const p = parseJson(item.name, item.data, problems);
            if (p !== undefined) parsed.push(p);
          }
        }
      } catch (error) {
        if (!(error instanceof ZipInvalid)) throw error;
        throw new RampartError("DEPS_DATABASE_INVALID", `${location}: ${error.message}`, {
          hint: "fetch the export again (rampart deps update), or unzip it with a tool you trust and pass the directory",
        });
      }
      const built = buildIndex(parsed);
      built.problems.unshift(...problems);
      return built;
    },
  };
}

/** A JSON document holding one record or a list of records (a download that is not a zip). */
export function jsonSource(buf: Buffer, location: string): RawSource {
  return {
    source: { kind: "json", location, sha256: createHash("sha256").update(buf).digest("hex") },
    parse() {
      const problems: Problem[] = [];
      const parsed = parseJson(location, buf, problems);
      const built = buildIndex(parsed === undefined ? [] : [parsed]);
      built.problems.unshift(...problems);
      return built;
    },
  };
}

function invalid(location: string, reason: string): RampartError {
  return new RampartError("DEPS_DATABASE_INVALID", `${location}: ${reason}`, {
    hint: "run `rampart deps update` to write a fresh snapshot, or pass --db a directory of OSV records or an OSV zip",
  });
}

function fromDecoded(
  index: DecodedIndex,
  location: string,
  from: "snapshot" | "cache",
  rebuild?: () => BuiltIndex,
): AdvisoryDatabase {
  const h = index.header;
  let rebuilt: BuiltIndex | undefined;
  return {
    lookup(name) {
      if (rebuilt !== undefined) return rebuilt.byName.get(name);
      try {
        return index.lookup(name);
      } catch (error) {
        // A cache entry that does not check out: the whole cache is dropped and the raw records used.
        if (rebuild === undefined) throw invalid(location, `damaged snapshot (${(error as Error).message})`);
        rebuilt = rebuild();
        return rebuilt.byName.get(name);
      }
    },
    names: () => (rebuilt === undefined ? index.names() : [...rebuilt.byName.keys()]),
    records: h.records,
    problems: h.problems,
    ...(h.dataDate === undefined ? {} : { dataDate: h.dataDate }),
    sha256: h.source.sha256,
    location,
    from,
    ...(from === "snapshot" ? { snapshot: { createdAt: h.createdAt, source: h.source.location } } : {}),
  };
}

/** Reads a snapshot written by `rampart deps update`. */
function loadSnapshot(file: string, location: string, content?: Buffer): AdvisoryDatabase {
  try {
    const index = decodeIndex(content ?? readFileSync(file));
    if (index.header.kind !== "snapshot") throw new Error("an index cache, not a snapshot");
    return fromDecoded(index, location, "snapshot");
  } catch (error) {
    if (error instanceof RampartError) throw error;
    throw invalid(file, `not a usable snapshot (${(error as Error).message})`);
  }
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Where index caches go (default <user cache dir>/rampart/osv-index); false: no cache. */
  cacheDir?: string | false;
}

/** The index cache folder: under the user's cache directory, never inside node_modules. */
export function indexCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheDir(env, process.platform), "rampart", "osv-index");
}

/**
 * Writes a file of one of rampart's caches (`<user cache>/rampart/<cache>/<file>`) with core's
 * safe write: atomic, mode 0600, never through a symlink below `<user cache>/rampart`.
 * `durable: false`: no fsync (a cache whose reader takes a torn or empty file for no data).
 */
export function writeCache(file: string, data: Buffer | string, options: { durable?: boolean } = {}): void {
  const root = dirname(dirname(file));
  mkdirSync(root, { recursive: true });
  writeFileSafe(relative(root, file), data, { root, mode: 0o600, createParents: true, ...options });
}

/**
 * The cached index of a raw source, when one matches its digest and checks out (format, header,
 * body sha256); a damaged or foreign file is removed and rebuilt, never trusted. Entries are
 * checked as they are read: one that does not check out drops the cache and the raw records are
 * indexed instead.
 */
function readCache(file: string, raw: RawSource, location: string): AdvisoryDatabase | undefined {
  let buf: Buffer;
  try {
    if (!lstatSync(file).isFile()) return undefined;
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  const drop = () => {
    try {
      unlinkSync(file);
    } catch {}
  };
  try {
    const index = decodeIndex(buf);
    if (index.header.kind !== "cache" || index.header.source.sha256 !== raw.source.sha256) throw new Error("foreign");
    const db = fromDecoded(index, location, "cache", () => {
      drop();
      return raw.parse();
    });
    db.cache = { file, written: false };
    return db;
  } catch {
    drop();
    return undefined;
  }
}

/** Indexes a raw source, through the cache keyed by its content digest. */
export function loadRaw(raw: RawSource, location: string, options: LoadOptions = {}): AdvisoryDatabase {
  const dir = options.cacheDir ?? indexCacheDir(options.env);
  const key = createHash("sha256").update(INDEX_FORMAT).update("\0").update(raw.source.sha256).digest("hex");
  const file = dir === false ? undefined : join(dir, `${key}.idx`);
  if (file !== undefined) {
    const cached = readCache(file, raw, location);
    if (cached !== undefined) {
      if (cached.names().length === 0) throw noAdvisories(location, cached.records);
      return cached;
    }
  }
  const built = raw.parse();
  // Data without a single npm advisory (an empty folder, another ecosystem's records, a zip of
  // nothing) would pass every package: refused, as `deps update` refuses to store it.
  if (built.byName.size === 0) throw noAdvisories(location, built.records);
  const db = fromBuilt(built, location, raw.source.sha256, "indexed");
  if (file !== undefined) {
    try {
      writeCache(file, encodeIndex(built, { kind: "cache", source: raw.source, createdAt: new Date().toISOString() }));
      db.cache = { file, written: true };
    } catch (error) {
      db.cache = { file, written: false, reason: (error as Error).message.split("\n")[0] as string };
    }
  }
  return db;
}

function noAdvisories(location: string, records: number): RampartError {
  return new RampartError(
    "DEPS_DATABASE_INVALID",
    `${location}: no npm advisory in ${records} record(s): every package would pass unchecked`,
    {
      hint: "point --db at OSV's npm export (rampart deps update writes a snapshot of it), not at an empty or other-ecosystem folder",
    },
  );
}

function head(file: string, length: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(length);
    return buf.subarray(0, readSync(fd, buf, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads the advisory data at `location`: a snapshot written by `rampart deps update` (or a
 * directory holding one), an OSV zip export, or a directory of OSV JSON records at any depth (the
 * OSV export unzipped, or the GitHub advisory database). Raw records are indexed on first use and
 * the index cached by their content digest.
 */
export function loadDatabase(location: string, options: LoadOptions = {}): AdvisoryDatabase {
  let isDir: boolean;
  try {
    isDir = statSync(location).isDirectory();
  } catch (error) {
    throw new RampartError("DEPS_DATABASE_MISSING", `no advisory database at ${location}`, {
      hint: "run `rampart deps update` (or pass --db: an OSV zip export, a directory of OSV records, or a snapshot)",
      cause: error,
    });
  }
  if (isDir) {
    const snapshot = join(location, SNAPSHOT_FILE);
    let hasSnapshot = false;
    try {
      hasSnapshot = lstatSync(snapshot).isFile();
    } catch {}
    if (hasSnapshot) return loadSnapshot(snapshot, location);
    return loadRaw(directorySource(location), location, options);
  }
  const start = head(location, 64);
  if (start.length < 4) throw invalid(location, "an empty or truncated file");
  if (isIndexFile(start)) return loadSnapshot(location, location);
  if (start.readUInt32LE(0) === 0x04034b50 || start.readUInt32LE(0) === 0x06054b50)
    return loadRaw(zipSource(readFileSync(location), location), location, options);
  throw invalid(location, "neither a snapshot, an OSV zip export nor a directory of OSV records");
}

/**
 * A database held as bytes, not at a path: a snapshot or an OSV zip export, named `location` in
 * messages (e.g. `REV:db/npm-osv.snapshot`, what CI reads from the trusted revision's objects).
 */
export function loadDatabaseBytes(content: Buffer, location: string, options: LoadOptions = {}): AdvisoryDatabase {
  if (content.length < 4) throw invalid(location, "an empty or truncated file");
  if (isIndexFile(content)) return loadSnapshot(location, location, content);
  if (content.readUInt32LE(0) === 0x04034b50 || content.readUInt32LE(0) === 0x06054b50)
    return loadRaw(zipSource(content, location), location, options);
  throw invalid(location, "neither a snapshot nor an OSV zip export");
}
