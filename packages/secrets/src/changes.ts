import { RampartError } from "@rampart/core/errors";
import { type CatFileBatch, gitBuffer, parseDiffTree, type RawRecord } from "@rampart/core/git";
import { objectHeadersToScan } from "./armour.js";
import { decodeText, wideBytes } from "./decode.js";
import type { LineRanges } from "./scanner.js";

export { parseDiffTree, parseRaw, type RawRecord } from "@rampart/core/git";

/**
 * What a change (a commit, or the index against HEAD) adds, computed from git objects only:
 * the file list from `git diff-tree -r -z --raw` (NUL-terminated records with modes and blob
 * ids: no patch text is ever parsed, so no file content can shift a line to another file), the
 * contents from `git cat-file --batch`.
 *
 * A line is added when its text is new to the change: it is in none of the parents' versions of
 * the same path, and in no file the change removed. That is exact for what a secret scan needs
 * (a line whose text was already there was judged when it was written) and holds for every
 * commit shape: a type change (symlink <-> file <-> submodule) compares contents, not patches; a
 * rename or a move of lines between files adds nothing; a merge adds the lines that come from
 * none of its parents (conflict resolutions, "evil" edits), octopus merges included, so a
 * branch's secret is reported once, in the commit that wrote it.
 *
 * Contents: regular files and symlinks (a link's target is bytes stored in history like any
 * other, and is scanned as a one-line file); submodules (mode 160000) are commit ids, not
 * content. Binary files are reported whole (`binary`, with their `bytes`), to be read as raw bytes.
 */
export interface FileChange {
  /** Path in the new tree (UTF-8; any byte but NUL). */
  path: string;
  oid: string;
  mode: string;
  size: number;
  binary: boolean;
  /** The decoded new content (undefined for binary, or over the read limit). */
  text?: string;
  /** A binary file's content (scanned whole, as raw bytes: scanner.ts). */
  bytes?: Buffer;
  /**
   * A file decoded as UTF-16 or UTF-32: its bytes without NULs (decode.ts wideBytes) and that
   * view's new lines, read too (scanner.ts): ASCII in it may decode to other characters.
   */
  wide?: { text: string; added: Array<[number, number]> };
  /** Over the read limit: neither decoded nor compared. */
  tooLarge?: boolean;
  /** 1-based inclusive line ranges of `text` that are new. */
  added: Array<[number, number]>;
}

/** Regular files (any 10xxxx mode) and symlinks hold content; gitlinks and absent sides do not. */
export function holdsContent(mode: string): boolean {
  return mode === "120000" || mode.startsWith("10");
}

/** git's lines: split on "\n", without the empty piece after a final newline. */
export function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export interface ChangeOptions {
  /** Blobs larger than this are not decoded or compared (`tooLarge`). */
  readLimit: number;
}

/**
 * The files a change adds lines to, from its diff against each parent (one list of records per
 * parent; a root commit or an unborn HEAD has one diff against the empty tree).
 */
export async function fileChanges(
  diffs: readonly RawRecord[][],
  cat: CatFileBatch,
  options: ChangeOptions,
): Promise<FileChange[]> {
  // A path is a candidate when its new side holds content and it differs from every parent.
  const candidates = new Map<string, { record: RawRecord; hits: number; olds: Set<string> }>();
  const removed = new Set<string>();
  for (const diff of diffs) {
    for (const r of diff) {
      const oldContent = holdsContent(r.oldMode);
      if (oldContent && !holdsContent(r.newMode)) removed.add(r.oldOid);
      if (!holdsContent(r.newMode)) continue;
      let c = candidates.get(r.key);
      if (c === undefined) {
        c = { record: r, hits: 0, olds: new Set() };
        candidates.set(r.key, c);
      }
      c.hits++;
      if (oldContent) c.olds.add(r.oldOid);
    }
  }
  const chosen = [...candidates.values()].filter((c) => c.hits === diffs.length && !c.olds.has(c.record.newOid));
  if (chosen.length === 0) return [];
  // The old versions are requested with the new ones: one round trip to git per change.
  const olds = chosen.map((c) => blobsOf(cat, c.olds));
  for (const o of olds) o.catch(() => {}); // awaited below, or not needed (binary, oversized)
  const news = await Promise.all(chosen.map((c) => readBlob(cat, c.record.newOid)));
  // What the change removed counts as already there (a rename or a move of lines adds nothing).
  let removedLines: Set<string> | undefined;
  let removedWide: Set<string> | undefined;
  const changes: FileChange[] = [];
  for (const [i, c] of chosen.entries()) {
    const content = news[i] as Buffer;
    const change: FileChange = {
      path: Buffer.from(c.record.key, "latin1").toString("utf8"),
      oid: c.record.newOid,
      mode: c.record.newMode,
      size: content.length,
      binary: false,
      added: [],
    };
    changes.push(change);
    if (content.length > options.readLimit) {
      change.tooLarge = true;
      change.bytes = content; // read whole, in windows (scanner.ts scanLarge)
      continue;
    }
    const text = decodeText(content);
    if (text === undefined) {
      change.binary = true;
      change.bytes = content;
      continue;
    }
    change.text = text;
    const wide = wideBytes(content);
    if (wide !== undefined) {
      // Compared with the bytes of the old and removed versions, read the same way.
      removedWide ??= linesIn(await blobsOf(cat, removed), options.readLimit, wideBytes);
      const old = linesIn(await (olds[i] as Promise<Buffer[]>), options.readLimit, wideBytes);
      change.wide = { text: wide, added: newLines(splitLines(wide), old, removedWide) };
    }
    const lines = splitLines(text);
    if (lines.length === 0) continue;
    removedLines ??= linesIn(await blobsOf(cat, removed), options.readLimit);
    const old = linesIn(await (olds[i] as Promise<Buffer[]>), options.readLimit);
    change.added = newLines(lines, old, removedLines);
  }
  return changes;
}

async function readBlob(cat: CatFileBatch, oid: string): Promise<Buffer> {
  const object = await cat.read(oid);
  if (object === null || object.type !== "blob") {
    throw new RampartError("GIT_FAILED", `git object ${oid} is missing or not a blob`, {
      hint: "the repository is incomplete (a partial or shallow clone?): fetch the missing objects, or run `git fsck`",
    });
  }
  return object.content;
}

function blobsOf(cat: CatFileBatch, oids: Iterable<string>): Promise<Buffer[]> {
  return Promise.all([...oids].map((oid) => readBlob(cat, oid)));
}

/**
 * The set of lines of some blobs as `view` reads them: their text (binary and oversized ones hold
 * no lines worth comparing), or their wideBytes views (a UTF-16 or UTF-32 file's FileChange.wide).
 */
function linesIn(
  contents: readonly Buffer[],
  limit: number,
  view: (content: Buffer) => string | undefined = decodeText,
): Set<string> {
  const set = new Set<string>();
  for (const content of contents) {
    if (content.length > limit) continue;
    const text = view(content);
    if (text !== undefined) for (const line of splitLines(text)) set.add(line);
  }
  return set;
}

function newLines(lines: readonly string[], old: Set<string>, removed: Set<string>): Array<[number, number]> {
  const added: Array<[number, number]> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (old.has(line) || removed.has(line)) continue;
    const n = i + 1;
    const last = added[added.length - 1];
    if (last !== undefined && last[1] === n - 1) last[1] = n;
    else added.push([n, n]);
  }
  return added;
}

/** The text of the given lines of a change: one piece per run of added lines. */
export function addedHunks(change: FileChange): Array<{ firstLine: number; text: string }> {
  if (change.text === undefined || change.added.length === 0) return [];
  const lines = splitLines(change.text);
  return change.added.map(([a, b]) => ({ firstLine: a, text: lines.slice(a - 1, b).join("\n") }));
}

export interface GitContext {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** A commit and its parents, as `git rev-list --parents` prints them. */
export interface CommitRef {
  id: string;
  parents: string[];
}

export interface CommitChanges {
  commit: string;
  parents: string[];
  files: FileChange[];
  /** The commit message (decoded from the commit object; its encoding header honoured). */
  message: string;
  /** The commit's header lines to scan (armour.ts objectHeadersToScan): identities, mergetags, unknown headers. */
  headers: string;
}

/** Commits per diff-tree process: bounds memory, and the next batch is diffed while one is read. */
const BATCH = 2000;
/** Commits whose blobs are requested ahead of the one being scanned, so git works while we do. */
const LOOKAHEAD = 8;

const DIFF_TREE = [
  "diff-tree",
  "--stdin",
  "-r",
  "-z",
  "--raw",
  "--no-abbrev",
  "--no-renames",
  "--always",
  "--root",
] as const;

/**
 * Each commit's changes, in the order given, one commit at a time (memory holds one batch of
 * file lists and one commit's blobs). Every (commit, parent) pair is one line of diff-tree's
 * input and one diff of its output, so a merge is compared with each of its parents.
 */
export async function* commitChanges(
  commits: readonly CommitRef[],
  git: GitContext,
  cat: CatFileBatch,
  options: ChangeOptions,
): AsyncGenerator<CommitChanges> {
  const diffBatch = (from: number) => {
    const batch = commits.slice(from, from + BATCH);
    const lines: string[] = [];
    for (const c of batch) {
      if (c.parents.length === 0) lines.push(c.id);
      else for (const p of c.parents) lines.push(`${c.id} ${p}`);
    }
    return gitBuffer(DIFF_TREE, { ...git, input: `${lines.join("\n")}\n` }).then((r) => ({
      batch,
      diffs: parseDiffTree(r.stdout, lines.length),
    }));
  };
  let next = commits.length > 0 ? diffBatch(0) : undefined;
  const ahead: Array<Promise<CommitChanges>> = [];
  const read = (c: CommitRef, own: RawRecord[][]): Promise<CommitChanges> =>
    Promise.all([fileChanges(own, cat, options), cat.read(c.id)]).then(([files, object]) => ({
      commit: c.id,
      parents: c.parents,
      files,
      message: object === null ? "" : commitMessage(object.content),
      headers: object === null ? "" : objectHeadersToScan(object.content.toString("utf8")),
    }));
  for (let from = 0; next !== undefined; from += BATCH) {
    const { batch, diffs } = await next;
    next = from + BATCH < commits.length ? diffBatch(from + BATCH) : undefined;
    // An unawaited rejection must not crash the process while this batch is read.
    next?.catch(() => {});
    let at = 0;
    for (const c of batch) {
      const n = Math.max(1, c.parents.length);
      const work = read(c, diffs.slice(at, at + n));
      work.catch(() => {}); // awaited in order below
      ahead.push(work);
      at += n;
      if (ahead.length > LOOKAHEAD) yield await (ahead.shift() as Promise<CommitChanges>);
    }
  }
  while (ahead.length > 0) yield await (ahead.shift() as Promise<CommitChanges>);
}

/** The message of a raw commit object: what follows the headers, decoded as its `encoding` header says. */
export function commitMessage(object: Buffer): string {
  const end = object.indexOf("\n\n");
  if (end < 0) return "";
  const headers = object.toString("latin1", 0, end);
  const body = object.subarray(end + 2);
  const encoding = /^encoding (.+)$/m.exec(headers)?.[1]?.trim();
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
    try {
      return new TextDecoder(encoding).decode(body);
    } catch {
      // An encoding Node does not know: UTF-8 is the best guess.
    }
  }
  return decodeText(body) ?? body.toString("utf8");
}

/** Commits (with parents), newest first, for `git rev-list` arguments (a range, or --all). */
export async function listCommits(args: readonly string[], git: GitContext): Promise<CommitRef[]> {
  const r = await gitBuffer(["rev-list", "--parents", ...args, "--"], git);
  const out: CommitRef[] = [];
  for (const line of r.stdout.toString("latin1").split("\n")) {
    if (line === "") continue;
    const [id = "", ...parents] = line.split(" ");
    out.push({ id, parents });
  }
  return out;
}

export type { LineRanges };
