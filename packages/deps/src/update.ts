import { existsSync, lstatSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { RampartError, writeFileSafe } from "@rampart/core";
import { directorySource, jsonSource, SNAPSHOT_FILE, zipSource } from "./database.js";
import { checkedUrl, type FetchLimits, fetchBounded } from "./http.js";
import { encodeIndex, isIndexFile } from "./snapshot.js";

/** OSV's export of every npm record (https://google.github.io/osv.dev/data/#data-dumps). */
export const OSV_NPM_EXPORT = "https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip";

export interface UpdateOptions {
  /** A directory of OSV JSON records, an OSV zip export, a JSON file of records, or an http(s) URL of one. */
  from: string;
  /** The database location (a directory, where the snapshot goes, or the snapshot file itself). */
  db: string;
  cwd: string;
  now?: Date;
  limits?: FetchLimits;
}

export interface UpdateResult {
  file: string;
  records: number;
  packages: number;
  sha256: string;
  dataDate?: string;
  createdAt: string;
  problems: Array<{ file: string; message: string }>;
}

/** Where the snapshot goes: `<db>/npm-osv.snapshot`, or `db` itself when it names a snapshot file. */
export function snapshotPath(db: string): string {
  if (existsSync(db) && statSync(db).isDirectory()) return join(db, SNAPSHOT_FILE);
  if (db.endsWith(".snapshot")) return db;
  if (existsSync(db)) return db;
  return join(db, SNAPSHOT_FILE);
}

function sourceOf(buf: Buffer, location: string) {
  if (buf.length >= 4 && (buf.readUInt32LE(0) === 0x04034b50 || buf.readUInt32LE(0) === 0x06054b50))
    return zipSource(buf, location);
  const first = buf.toString("utf8", 0, Math.min(buf.length, 64)).trimStart()[0];
  if (first === "[" || first === "{") return jsonSource(buf, location);
  throw new RampartError("DEPS_UPDATE_INVALID", `${location} is neither an OSV zip export nor OSV JSON`, {
    hint: "give a directory of OSV records, OSV's npm/all.zip, or a URL of it",
  });
}

/**
 * `rampart deps update`: reads the data (a directory, a zip, a JSON file or a URL), indexes it and
 * writes a snapshot with its import date and the source's sha256, atomically. An import with no
 * usable npm record is refused (an empty database would pass every lockfile), and a file at the
 * target that is not a snapshot is never overwritten.
 */
export async function updateDatabase(options: UpdateOptions): Promise<UpdateResult> {
  const createdAt = (options.now ?? new Date()).toISOString();
  let raw: ReturnType<typeof sourceOf>;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(options.from)) {
    const url = checkedUrl(options.from, "deps update --from");
    const buf = await fetchBounded(url, {}, { timeoutMs: 300_000, ...options.limits });
    raw = sourceOf(buf, url.href);
    raw.source.kind = "url";
  } else {
    const from = resolve(options.cwd, options.from);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(from);
    } catch {
      throw new RampartError("DEPS_UPDATE_INVALID", `${options.from}: no such file or directory`, {
        hint: "give a directory of OSV records, an OSV zip export, or an https URL",
      });
    }
    raw = st.isDirectory() ? directorySource(from) : sourceOf(readFileSync(from), from);
  }
  const built = raw.parse();
  if (built.byName.size === 0) {
    throw new RampartError(
      "DEPS_UPDATE_INVALID",
      `${raw.source.location}: no usable npm advisory in ${built.records} record(s); the stored data is left as it was`,
      { hint: "check the source: OSV's npm export (npm/all.zip) or a directory of its JSON records" },
    );
  }
  const file = snapshotPath(resolve(options.cwd, options.db));
  let existing: Buffer | undefined;
  try {
    if (lstatSync(file).isSymbolicLink())
      throw new RampartError("DEPS_UPDATE_REFUSED", `${file} is a symlink: not written through`, {
        hint: "remove the link or pass --db a plain directory",
      });
    existing = readFileSync(file).subarray(0, 64);
  } catch (error) {
    if (error instanceof RampartError) throw error;
  }
  if (existing !== undefined && !isIndexFile(existing)) {
    throw new RampartError(
      "DEPS_UPDATE_REFUSED",
      `${file} exists and is not a snapshot written by rampart deps update`,
      {
        hint: "pass --db a directory (the snapshot goes inside as npm-osv.snapshot) or a new file name",
      },
    );
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSafe(basename(file), encodeIndex(built, { kind: "snapshot", source: raw.source, createdAt }), {
    root: dirname(file),
    mode: 0o644,
  });
  return {
    file,
    records: built.records,
    packages: built.byName.size,
    sha256: raw.source.sha256,
    ...(built.dataDate === undefined ? {} : { dataDate: built.dataDate }),
    createdAt,
    problems: built.problems,
  };
}
