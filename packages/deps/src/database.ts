import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { RampartError } from "@rampart/core";
import { type Advisory, npmAdvisories, type OsvRecord } from "./osv.js";
import { rateRecord } from "./severity.js";

export interface AdvisoryDatabase {
  /** package name -> its advisories. */
  byName: Map<string, Advisory[]>;
  /** Records read, records skipped (withdrawn / not npm), files that could not be read. */
  records: number;
  problems: Array<{ file: string; message: string }>;
  /** The newest `modified` of the records, or the snapshot's date: how old the data is. */
  dataDate?: string;
  /** sha256 over the record files' contents, in path order. */
  sha256: string;
  location: string;
}

/** Adds records to an index; a record that is not an object is a problem, never an abort. */
export function indexRecords(records: Iterable<[string, unknown]>, location: string): AdvisoryDatabase {
  const db: AdvisoryDatabase = { byName: new Map(), records: 0, problems: [], sha256: "", location };
  for (const [file, data] of records) {
    const list = Array.isArray(data) ? data : [data];
    for (const r of list) {
      if (typeof r !== "object" || r === null || typeof (r as OsvRecord).id !== "string") {
        db.problems.push({ file, message: "not an OSV record (no id)" });
        continue;
      }
      db.records++;
      const record = r as OsvRecord;
      if (typeof record.modified === "string" && (db.dataDate === undefined || record.modified > db.dataDate))
        db.dataDate = record.modified;
      for (const [name, advisory] of npmAdvisories(record, rateRecord)) {
        const list2 = db.byName.get(name);
        if (list2 === undefined) db.byName.set(name, [advisory]);
        else list2.push(advisory);
      }
    }
  }
  return db;
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

/** Loads a directory of OSV JSON records (the OSV export unzipped, or the GitHub advisory database). */
export function loadDatabase(location: string): AdvisoryDatabase {
  let isDir: boolean;
  try {
    isDir = statSync(location).isDirectory();
  } catch (error) {
    throw new RampartError("DEPS_DATABASE_MISSING", `no advisory database at ${location}`, {
      hint: "pass --db DIR (a directory of OSV JSON records) or set deps.database in .rampart/config.yaml",
      cause: error,
    });
  }
  if (!isDir) {
    throw new RampartError("DEPS_DATABASE_INVALID", `${location} is not a directory of OSV records`, {
      hint: "unzip the OSV export (npm/all.zip) into a directory and pass it with --db",
    });
  }
  const hash = createHash("sha256");
  const problems: Array<{ file: string; message: string }> = [];
  const parsed: Array<[string, unknown]> = [];
  for (const file of listJson(location)) {
    const rel = relative(location, file);
    const text = readFileSync(file);
    hash.update(rel).update("\0").update(text).update("\0");
    try {
      parsed.push([rel, JSON.parse(text.toString("utf8"))]);
    } catch (error) {
      problems.push({ file: rel, message: `invalid JSON (${(error as Error).message.split("\n")[0]})` });
    }
  }
  const db = indexRecords(parsed, location);
  db.problems.unshift(...problems);
  db.sha256 = hash.digest("hex");
  return db;
}
