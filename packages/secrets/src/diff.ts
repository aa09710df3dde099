import type { LineRanges } from "./scanner.js";

/**
 * Parses `git diff --raw -z --no-abbrev -p -U0` (and the same from `git log`): the raw part
 * gives exact paths (NUL-separated, so spaces, newlines and unicode survive) and blob ids; the
 * patch part gives, in the same order, the hunks, hence the line numbers each change added.
 */
export interface DiffEntry {
  status: string;
  /** Path after the change (the new name of a rename). */
  path: string;
  oldPath?: string;
  oldOid: string;
  newOid: string;
  newMode: string;
  /** Lines of the new version that the change added. */
  added: Array<[number, number]>;
  /** The added text of each hunk (only with `withText`): contiguous lines of the new version. */
  hunks: Hunk[];
  binary: boolean;
}

export interface Hunk {
  firstLine: number;
  text: string;
}

const ZERO = /^0+$/;

/**
 * What to keep of each file's patch besides the added line numbers: nothing, the added lines
 * (hunks of a `-U0` diff), or the whole new version (a diff with unlimited context, where the
 * ' ' and '+' lines are the file itself).
 */
export type PatchText = "none" | "added" | "full";

/** Parses one diff (one commit's, or the index's). */
export function parseRawPatch(out: Buffer, keep: PatchText = "none"): DiffEntry[] {
  const entries: DiffEntry[] = [];
  let pos = 0;
  // Raw records: ":<modes> <oids> <status>\0<path>\0[<path>\0]".
  while (pos < out.length && out[pos] === 0x3a) {
    const metaEnd = out.indexOf(0, pos);
    const meta = out.toString("latin1", pos + 1, metaEnd).split(" ");
    const status = meta[4] ?? "";
    const first = out.indexOf(0, metaEnd + 1);
    const path1 = out.toString("utf8", metaEnd + 1, first);
    pos = first + 1;
    let path = path1;
    let oldPath: string | undefined;
    if (status[0] === "R" || status[0] === "C") {
      const second = out.indexOf(0, pos);
      oldPath = path1;
      path = out.toString("utf8", pos, second);
      pos = second + 1;
    }
    const entry: DiffEntry = {
      status,
      path,
      oldOid: meta[2] ?? "",
      newOid: meta[3] ?? "",
      newMode: meta[1] ?? "",
      added: [],
      hunks: [],
      binary: false,
    };
    if (oldPath !== undefined) entry.oldPath = oldPath;
    entries.push(entry);
  }
  if (out[pos] === 0) pos++;
  if (out[pos] === 0x0a) pos++;
  // Hunk headers are ASCII; the added text must be decoded as UTF-8 to be matched.
  attachHunks(entries, out.toString(keep === "none" ? "latin1" : "utf8", pos), keep);
  return entries;
}

/**
 * Each raw record has exactly one `diff --git` section, in order. A section header cannot hold a
 * raw newline (git quotes such names) and content lines start with +, - or space, so splitting
 * on a line that starts with "diff --git " is safe.
 */
function attachHunks(entries: DiffEntry[], patch: string, keep: PatchText): void {
  const sections = patch.split(/^diff --(?:git|cc|combined) /m);
  sections.shift();
  sections.forEach((section, i) => {
    const entry = entries[i];
    if (entry === undefined) return;
    entry.binary = /^Binary files /m.test(section) || /^GIT binary patch/m.test(section);
    if (keep === "full") {
      const side = newSide(section);
      entry.added = side.added;
      if (side.text !== undefined) entry.hunks = [{ firstLine: 1, text: side.text }];
      return;
    }
    entry.added = addedRanges(section);
    if (keep === "added" && entry.added.length > 0) entry.hunks = addedText(section);
  });
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm;

export function addedRanges(section: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const m of section.matchAll(HUNK)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (count > 0) ranges.push([start, start + count - 1]);
  }
  return ranges;
}

/** The '+' lines of each hunk; with -U0 they are exactly lines c..c+d-1 of the new version. */
function addedText(section: string): Hunk[] {
  const hunks: Hunk[] = [];
  const lines = section.split("\n");
  let current: { firstLine: number; lines: string[] } | undefined;
  const flush = () => {
    if (current !== undefined && current.lines.length > 0)
      hunks.push({ firstLine: current.firstLine, text: current.lines.join("\n") });
  };
  for (const line of lines) {
    if (line.startsWith("@@ ")) {
      flush();
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(line);
      current = { firstLine: Number(m?.[1] ?? 1), lines: [] };
    } else if (current !== undefined && line.startsWith("+")) current.lines.push(line.slice(1));
  }
  flush();
  return hunks;
}

/**
 * The new version of a file from a patch with unlimited context (one hunk from line 1), and
 * which of its lines are added. `text` is undefined when the patch does not hold the whole file.
 */
function newSide(section: string): { text: string | undefined; added: Array<[number, number]> } {
  const added: Array<[number, number]> = [];
  const lines = section.split("\n");
  let i = lines.findIndex((l) => l.startsWith("@@ "));
  if (i < 0) return { text: undefined, added };
  const start = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(lines[i] as string);
  const out: string[] = [];
  for (i++; i < lines.length; i++) {
    const line = lines[i] as string;
    const c = line[0];
    if (c === "+" || c === " ") {
      out.push(line.slice(1));
      if (c === "+") {
        const n = out.length;
        const last = added[added.length - 1];
        if (last !== undefined && last[1] === n - 1) last[1] = n;
        else added.push([n, n]);
      }
    } else if (c === "@") return { text: undefined, added: [] }; // a second hunk: not the whole file
  }
  const whole = start?.[1] === "1" || (start?.[1] === "0" && out.length === 0);
  return { text: whole ? out.join("\n") : undefined, added };
}

/** True when the entry's new side is a blob worth reading (not a deletion or a submodule). */
export function hasNewBlob(entry: DiffEntry): boolean {
  return (
    entry.status !== "D" &&
    !ZERO.test(entry.newOid) &&
    entry.newMode !== "160000" &&
    entry.added.length + (entry.binary ? 1 : 0) > 0
  );
}

export type { LineRanges };
