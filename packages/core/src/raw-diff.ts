import { RampartError } from "./errors.js";

// git's raw diff records (`--raw -z`): the one reader of them, for the secret guard's staged,
// range and history scans and for the pre-commit hook's staged list. Every record is
// self-delimiting (":modes oids status\0path\0"), so no file content or name can shift them.

/**
 * The index against HEAD as raw records: exact names (NUL-terminated), modes and blob ids, no
 * patch text; no rename pairing, no user diff drivers, no `diff.relative` narrowing to the
 * current folder. What the pre-commit hook lists and the secret guard scans (one run for both).
 */
export const STAGED_DIFF_ARGS = [
  "diff",
  "--cached",
  "--raw",
  "-z",
  "--no-abbrev",
  "--no-renames",
  "--no-relative",
  "--no-ext-diff",
  "--no-textconv",
] as const;

/** One `diff --raw` / `diff-tree --raw` record. Paths are kept as read (latin1 keeps every byte) and decoded for display. */
export interface RawRecord {
  oldMode: string;
  newMode: string;
  oldOid: string;
  newOid: string;
  status: string;
  /** The path's bytes as a latin1 string: exact identity, whatever the encoding. */
  key: string;
}

const COLON = 0x3a;

/**
 * Parses `git diff-tree --stdin -r -z --raw --no-renames --always` output: for each input line a
 * header (the commit id, NUL-terminated) followed by that diff's records.
 */
export function parseDiffTree(out: Buffer, groups: number): RawRecord[][] {
  const result: RawRecord[][] = [];
  let pos = 0;
  while (pos < out.length) {
    if (out[pos] === COLON) throw malformed("a record before any commit header");
    let end = out.indexOf(0, pos);
    if (end < 0) end = out.length;
    const records: RawRecord[] = [];
    result.push(records);
    pos = readRecords(out, end + 1, records);
  }
  if (result.length !== groups) throw malformed(`${result.length} diffs for ${groups} requests`);
  return result;
}

/** Parses `git diff --raw -z --no-renames` output (no headers: one diff). */
export function parseRaw(out: Buffer): RawRecord[] {
  const records: RawRecord[] = [];
  if (readRecords(out, 0, records) !== out.length) throw malformed("text after the records");
  return records;
}

/** Reads records from `pos` while they start; returns where they end. */
function readRecords(out: Buffer, pos: number, into: RawRecord[]): number {
  while (pos < out.length && out[pos] === COLON) {
    const metaEnd = out.indexOf(0, pos);
    const pathEnd = metaEnd < 0 ? -1 : out.indexOf(0, metaEnd + 1);
    if (pathEnd < 0) throw malformed("a truncated record");
    const [oldMode = "", newMode = "", oldOid = "", newOid = "", status = ""] = out
      .toString("latin1", pos + 1, metaEnd)
      .split(" ");
    into.push({ oldMode, newMode, oldOid, newOid, status, key: out.toString("latin1", metaEnd + 1, pathEnd) });
    pos = pathEnd + 1;
  }
  return pos;
}

function malformed(what: string): RampartError {
  return new RampartError("GIT_FAILED", `unexpected git diff output: ${what}`, {
    hint: "run `git fsck` to check the repository; report the git version if it is sound",
  });
}
