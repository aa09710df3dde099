import type { Lockfile } from "../model.js";

/** What a format parser gets: the lockfile's text and a way to read files beside it (fs or git). */
export interface ParseInput {
  /** Path used in messages and the model (relative to the repo root where possible). */
  path: string;
  /** Absolute folder of the lockfile (where the project's file: paths are resolved from). */
  dir?: string;
  text: string;
  /** Reads a file relative to the lockfile's directory; undefined when it does not exist. */
  readSibling(relative: string): Promise<string | undefined>;
  /** Subdirectories of a directory relative to the lockfile's (yarn classic workspaces). */
  listDir(relative: string): Promise<string[] | undefined>;
  /** Whether to build the edges between packages (npm may leave them out: ParseLockfileOptions). */
  packageEdges?: boolean;
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
 * The line of the first occurrence of `needle` in `text`. Lines are counted from the nearest
 * earlier answer (findings come roughly in file order, one pass per rule), by one native count;
 * once counting has covered the text twice over, a newline index is built and binary-searched
 * instead, so many out-of-order lookups stay linear.
 */
interface LineState {
  /** Offsets answered so far, ascending, with their lines. */
  offsets: number[];
  lines: number[];
  counted: number;
  index?: Int32Array;
  answers: Map<string, number | undefined>;
}

const lineStates = new WeakMap<object, LineState>();

export function lineOfText(owner: object, text: string, needle: string): number | undefined {
  let state = lineStates.get(owner);
  if (state === undefined) {
    state = { offsets: [0], lines: [1], counted: 0, answers: new Map() };
    lineStates.set(owner, state);
  }
  if (state.answers.has(needle)) return state.answers.get(needle);
  const found = text.indexOf(needle);
  const line = found < 0 ? undefined : lineAt(state, text, needle.startsWith("\n") ? found + 1 : found);
  state.answers.set(needle, line);
  return line;
}

function lineAt(state: LineState, text: string, at: number): number {
  if (state.index === undefined && state.counted > 2 * text.length) {
    const all: number[] = [];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) all.push(i);
    state.index = Int32Array.from(all);
  }
  if (state.index !== undefined) return 1 + countBelow(state.index, at);
  const k = countBelow(state.offsets, at + 1) - 1; // the last answered offset <= at
  const from = state.offsets[k] as number;
  const line = (state.lines[k] as number) + countNewlines(text, from, at);
  state.counted += at - from;
  state.offsets.splice(k + 1, 0, at);
  state.lines.splice(k + 1, 0, line);
  return line;
}

const NEWLINES = /\n/g;

/**
 * Newlines in text[from, at): one native regexp pass (a JS loop of one indexOf per line costs a call
 * per line, run cold in the interpreter).
 */
function countNewlines(text: string, from: number, at: number): number {
  return at <= from ? 0 : (text.slice(from, at).match(NEWLINES)?.length ?? 0);
}

/** How many values of the ascending array are below `limit`. */
function countBelow(sorted: ArrayLike<number>, limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
