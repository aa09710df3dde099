import type { Lockfile } from "../model.js";

/** What a format parser gets: the lockfile's text and a way to read files beside it (fs or git). */
export interface ParseInput {
  /** Path used in messages and the model (relative to the repo root where possible). */
  path: string;
  text: string;
  /** Reads a file relative to the lockfile's directory; undefined when it does not exist. */
  readSibling(relative: string): Promise<string | undefined>;
  /** Subdirectories of a directory relative to the lockfile's (yarn classic workspaces). */
  listDir(relative: string): Promise<string[] | undefined>;
}

/**
 * Line numbers of entries, computed on first use only: finding a key's line in a 1 MB JSON file is
 * a scan, and most runs have no findings, so the parse hot path never pays for it.
 */
const lineIndexers = new WeakMap<Lockfile, () => Map<string, number>>();
const lineCache = new WeakMap<Lockfile, Map<string, number>>();
const lineLookups = new WeakMap<Lockfile, (id: string) => number | undefined>();

/** For formats where one search per finding beats indexing every entry (big JSON). */
export function setLineLookup(lockfile: Lockfile, lookup: (id: string) => number | undefined): void {
  lineLookups.set(lockfile, lookup);
}

export function setLineIndexer(lockfile: Lockfile, indexer: () => Map<string, number>): void {
  lineIndexers.set(lockfile, indexer);
}

/** 1-based line where a package's entry starts, or undefined when the format gives none. */
export function packageLine(lockfile: Lockfile, id: string): number | undefined {
  const lookup = lineLookups.get(lockfile);
  if (lookup !== undefined) return lookup(id);
  let lines = lineCache.get(lockfile);
  if (lines === undefined) {
    const indexer = lineIndexers.get(lockfile);
    lines = indexer !== undefined ? indexer() : new Map();
    for (const p of lockfile.packages) if (p.line !== undefined) lines.set(p.id, p.line);
    lineCache.set(lockfile, lines);
  }
  return lines.get(id);
}

/**
 * Calls `visit(line, lineNumber, out)` for each line that starts with `prefix` (all lines when ""),
 * slicing only those: finding entry lines in a 1 MB lockfile then costs one native newline scan.
 */
export function scanLines(
  text: string,
  visit: (line: string, n: number, out: Map<string, number>) => void,
  prefix = "",
) {
  const out = new Map<string, number>();
  let start = 0;
  for (let n = 1; start <= text.length; n++) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (prefix === "" || text.startsWith(prefix, start)) visit(text.slice(start, end), n, out);
    start = end + 1;
  }
  return out;
}

/**
 * The line of the first occurrence of `needle` in `text`. Findings usually come in file order, so
 * newlines are counted forward from the previous answer (one native indexOf per newline, no
 * allocation); a lookup behind it builds a newline index once and binary-searches from then on.
 */
const lineCursor = new WeakMap<object, { at: number; line: number }>();
const newlineIndex = new WeakMap<object, Int32Array>();

export function lineOfText(owner: object, text: string, needle: string): number | undefined {
  const found = text.indexOf(needle);
  if (found < 0) return undefined;
  const at = needle.startsWith("\n") ? found + 1 : found; // the line the entry itself starts on
  let index = newlineIndex.get(owner);
  if (index === undefined) {
    const cursor = lineCursor.get(owner) ?? { at: 0, line: 1 };
    if (at >= cursor.at) {
      let line = cursor.line;
      for (let i = text.indexOf("\n", cursor.at); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) line++;
      lineCursor.set(owner, { at, line });
      return line;
    }
    const offsets: number[] = [];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) offsets.push(i);
    index = Int32Array.from(offsets);
    newlineIndex.set(owner, index);
  }
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((index[mid] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}
