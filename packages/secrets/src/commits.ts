import { gitBuffer } from "@rampart/core";
import { type DiffEntry, hasNewBlob, parseRawPatch } from "./diff.js";
import { readObjects } from "./light-git.js";
import type { Scanner } from "./scanner.js";
import { DIFF_FLAGS } from "./staged.js";

/**
 * Each commit's own changes as patches: non-merges against their parent, merges as a
 * remerge-diff (what the merge introduced beyond git's automatic merge: conflict resolutions
 * and "evil" edits). So each added line is judged once, in the commit that wrote it.
 */
const LOG_FLAGS = [
  "log",
  "--no-walk=unsorted",
  "--stdin",
  "--format=%x01%x02%H",
  ...DIFF_FLAGS,
  "--diff-merges=remerge",
  // A user's log.showRoot=false would hide the first commit, log.showSignature would mix gpg's
  // output into what we parse.
  "--root",
  "--no-show-signature",
] as const;

const MARK = Buffer.from([1, 2]);
/** Commits per git process: bounds memory on large histories. */
const BATCH = 200;

export interface GitContext {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** Scans the lines the given commits added. */
export async function scanCommits(scanner: Scanner, commits: readonly string[], git: GitContext): Promise<void> {
  for (let i = 0; i < commits.length; i += BATCH) {
    const batch = commits.slice(i, i + BATCH);
    const out = await gitBuffer(LOG_FLAGS, { ...git, input: `${batch.join("\n")}\n` });
    // Files git shows as binary (a NUL byte, or a `-diff` attribute a secret could hide behind)
    // have no text in the patch: read those blobs and judge them by content.
    const binary: Array<{ entry: DiffEntry; commit: string }> = [];
    for (const { commit, body } of splitCommits(out.stdout)) {
      // Deletions, pure renames and mode changes add nothing.
      for (const entry of parseRawPatch(body, "added").filter(hasNewBlob)) {
        if (entry.binary && !scanner.isIgnored(entry.path)) binary.push({ entry, commit });
        else await scanner.scanAdded(entry, commit);
      }
    }
    const blobs = await readObjects(
      binary.map((b) => b.entry.newOid),
      git,
    );
    for (const [i, { entry, commit }] of binary.entries()) {
      const content = blobs[i];
      if (content) await scanner.scan({ file: entry.path, content, commit, oid: entry.newOid });
    }
    scanner.stats.commits = (scanner.stats.commits ?? 0) + batch.length;
  }
}

/** Splits `git log` output at each commit's header ("\x01\x02<id>\0\n"). */
export function* splitCommits(out: Buffer): Generator<{ commit: string; body: Buffer }> {
  let at = out.indexOf(MARK);
  while (at >= 0) {
    const idEnd = out.indexOf(0, at);
    const commit = out.toString("latin1", at + 2, idEnd);
    const next = out.indexOf(MARK, idEnd);
    let start = idEnd + 1;
    if (out[start] === 0x0a) start++;
    yield { commit, body: out.subarray(start, next < 0 ? out.length : next) };
    at = next;
  }
}

/** Commit ids, newest first, for `git rev-list` arguments (a range, or --all). */
export async function listCommits(args: readonly string[], git: GitContext): Promise<string[]> {
  const r = await gitBuffer(["rev-list", ...args, "--"], git);
  return r.stdout
    .toString("latin1")
    .split("\n")
    .filter((l) => l !== "");
}
