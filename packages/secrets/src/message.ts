import type { CheckResult } from "@rampart/core/findings";
import { CatFileBatch, STAGED_DIFF_ARGS } from "@rampart/core/git";
import { parseRaw } from "./changes.js";
import { runGit } from "./light-git.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import type { LineRanges } from "./scanner.js";
import { finishScan, prepareScanner } from "./setup.js";

export interface ScanMessageOptions extends Omit<ScanOptions, "cwd"> {
  /** The commit message (e.g. the content of the file git passes to commit-msg). */
  text: string;
  /** Repository root, for the baseline and the repo's own rule configs; optional. */
  cwd?: string;
  /** Name shown as the finding's file (default "COMMIT_EDITMSG"). */
  name?: string;
}

/** A line shaped like git's scissors line (any comment string: core.commentChar/commentString). */
const SCISSORS = /^\S+ -+ >8 -+\r?$/m;

/**
 * Scans a commit message: a token pasted into a message is in history just the same.
 *
 * The whole text is scanned, below a scissors line too. git cuts the message there only with
 * `git commit -v` (or commit.verbose) or with --cleanup=scissors when an editor runs; the
 * commit-msg hook sees neither the option nor the configuration's override, so
 * `git commit -m subject -m "# ---…--- >8 ---…---" -m <key>`, `-F`, `-e -F` with the default
 * cleanup and --cleanup=whitespace/verbatim all commit what is below. Lines starting with '#' are
 * scanned too: git strips them only when it strips comments (an edited message with the default
 * cleanup); `-m`/`-F` clean up whitespace only, as do --cleanup=verbatim and another
 * core.commentChar, and the line is committed.
 *
 * What `git commit -v` writes below the scissors is the staged diff: a line there that is, after
 * its one-character diff prefix, a line of the staged or HEAD (HEAD^: --amend) version of a file
 * the index changes is already in the tree being committed or in history, and the pre-commit
 * hook judged it (with the baseline, ignorePaths and allow comments, which cannot apply to a
 * message). Such lines do not count: a match that touches no other line is not reported, so a
 * clean `git commit -v` passes. Anything else below the scissors (a `-vv` diff of unstaged
 * edits, text typed there) is judged as message text. The repository is read only when a match
 * lies below a scissors line.
 */
export async function scanMessage(options: ScanMessageOptions): Promise<CheckResult<SecretsStats>> {
  const scanOptions: ScanOptions = { ...options, cwd: options.cwd ?? "." };
  const root = options.cwd;
  const file = options.name ?? "COMMIT_EDITMSG";
  const text = options.text;
  let scanner = await prepareScanner(root, scanOptions);
  scanner.stats.bytes += Buffer.byteLength(text);
  await scanner.scanText(text, { file });
  const cut = scissorsLine(text);
  if (cut !== undefined && root !== undefined && scanner.findings.some((f) => (f.line ?? 0) > cut)) {
    const own = await ownLines(text, cut, root, options.env);
    if (own !== undefined) {
      scanner = await prepareScanner(root, scanOptions);
      scanner.stats.bytes += Buffer.byteLength(text);
      await scanner.scanText(text, { file, added: own });
    }
  }
  return finishScan(scanner, root, scanOptions);
}

/** 1-based number of the first scissors-shaped line, or undefined. */
function scissorsLine(text: string): number | undefined {
  const m = SCISSORS.exec(text);
  if (m === null) return undefined;
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < m.index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * The message's lines that are its own (every line but the diff lines below the scissors that
 * are verbatim in the staged change's files), as line ranges; undefined when the repository
 * cannot be read (then every line counts).
 */
async function ownLines(
  text: string,
  cut: number,
  root: string,
  env: NodeJS.ProcessEnv | undefined,
): Promise<LineRanges | undefined> {
  let known: KnownLines;
  try {
    known = await stagedChangeLines(root, env);
  } catch {
    return undefined;
  }
  const ranges: Array<[number, number]> = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    if (n > cut && known.has(lines[i] as string)) continue;
    const last = ranges.at(-1);
    if (last !== undefined && last[1] === n - 1) last[1] = n;
    else ranges.push([n, n]);
  }
  return ranges;
}

const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@(?: (.*))?$/;

/** Lines of the files a staged change touches, as `git commit -v` shows them. */
class KnownLines {
  readonly #lines = new Set<string>();
  /** Lines by their first 16 characters, for a hunk header's function context (a prefix). */
  readonly #byStart = new Map<string, string[]>();

  add(content: string): void {
    for (const line of content.split("\n")) {
      if (this.#lines.has(line)) continue;
      this.#lines.add(line);
      if (line.length > 16) {
        const key = line.slice(0, 16);
        const list = this.#byStart.get(key);
        if (list === undefined) this.#byStart.set(key, [line]);
        else list.push(line);
      }
    }
  }

  /** Whether a diff line shows a known line: ' ', '+' or '-' and the line, or a hunk header. */
  has(diffLine: string): boolean {
    const sign = diffLine[0];
    if (sign === " " || sign === "+" || sign === "-") {
      if (this.#lines.has(diffLine.slice(1))) return true;
    }
    const hunk = HUNK.exec(diffLine);
    if (hunk === null) return false;
    // git shows at most 80 bytes of the function line, trailing blanks trimmed; a cut UTF-8
    // character reads as U+FFFD.
    const context = (hunk[1] ?? "").replace(/\uFFFD$/, "");
    if (context === "") return true;
    for (const line of this.#lines.has(context) ? [context] : (this.#byStart.get(context.slice(0, 16)) ?? [])) {
      if (line.startsWith(context)) return true;
    }
    return false;
  }
}

/** Blob modes whose content git diffs as text (a submodule's commit id is not read). */
const CONTENT_MODES = new Set(["100644", "100755", "120000"]);

async function stagedChangeLines(root: string, env: NodeJS.ProcessEnv | undefined): Promise<KnownLines> {
  const git = { cwd: root, ...(env === undefined ? {} : { env }) };
  // The index against HEAD, and against HEAD^ for `git commit --amend -v` (absent in a new
  // repository or at a root commit).
  const [head, parent] = await Promise.all([
    runGit(STAGED_DIFF_ARGS, git),
    runGit([...STAGED_DIFF_ARGS, "HEAD^", "--"], git).catch(() => undefined),
  ]);
  const oids = new Set<string>();
  for (const out of parent === undefined ? [head] : [head, parent]) {
    for (const r of parseRaw(out)) {
      if (CONTENT_MODES.has(r.oldMode) && !/^0+$/.test(r.oldOid)) oids.add(r.oldOid);
      if (CONTENT_MODES.has(r.newMode) && !/^0+$/.test(r.newOid)) oids.add(r.newOid);
    }
  }
  const known = new KnownLines();
  if (oids.size === 0) return known;
  const cat = new CatFileBatch(git);
  try {
    const blobs = await Promise.all([...oids].map((oid) => cat.read(oid)));
    for (const blob of blobs) if (blob !== null && blob.type === "blob") known.add(blob.content.toString("utf8"));
  } finally {
    cat.close();
  }
  return known;
}
