import { UsageError } from "@rampart/core/errors";
import { CatFileBatch } from "@rampart/core/git";
import { type CommitRef, commitChanges, type GitContext } from "./changes.js";
import type { Scanner } from "./scanner.js";

export { type CommitRef, type GitContext, listCommits } from "./changes.js";

/** What findings in a commit's headers (author, committer, a mergetag, ...) name as their file. */
export const COMMIT_HEADERS = "commit headers";

/**
 * Blobs over this size are not compared line by line in history (a 64 MiB text file is a data
 * dump); what a commit adds is still held to the policy's maxFileSize.
 */
const HISTORY_READ_LIMIT = 64 * 1024 * 1024;

/**
 * Scans what the given commits added (changes.ts says exactly what that is) and their messages.
 * `onCommit` is called after each commit (progress).
 */
export async function scanCommits(
  scanner: Scanner,
  commits: readonly CommitRef[],
  git: GitContext,
  onCommit?: () => void,
): Promise<void> {
  const cat = new CatFileBatch(git);
  try {
    const readLimit = Math.max(scanner.maxFileSize, HISTORY_READ_LIMIT);
    for await (const c of commitChanges(commits, git, cat, { readLimit })) {
      for (const file of c.files) await scanner.scanChange(file, c.commit);
      await scanner.scanCommitMessage(c.message, c.commit);
      await scanner.scanObjectHeaders(c.headers, { file: COMMIT_HEADERS, commit: c.commit });
      onCommit?.();
    }
  } finally {
    cat.close();
  }
}

/** Ways to narrow a range or the whole history (CLI: --since, --max-commits). */
export interface Narrowing {
  /** Only commits made after this date: an ISO date (2024-01-31, 2024-01-31T12:00Z) or "N days ago". */
  since?: string;
  /** At most the N newest commits. */
  maxCommits?: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const RELATIVE_DATE = /^\d+[ .](?:second|minute|hour|day|week|month|year)s?[ .]ago$/;

/**
 * `git rev-list` arguments for a narrowing. A date git would not understand is refused: git's own
 * parser reads nonsense as some date and would narrow the scan silently.
 */
export function narrowingArgs(n: Narrowing): string[] {
  const args: string[] = [];
  if (n.since !== undefined) {
    const since = n.since.trim();
    if (!(ISO_DATE.test(since) && !Number.isNaN(Date.parse(since.replace(" ", "T")))) && !RELATIVE_DATE.test(since)) {
      throw new UsageError(`--since ${n.since} is not a date`, {
        hint: 'pass an ISO date (2024-01-31 or 2024-01-31T12:00Z) or a relative one ("90 days ago")',
      });
    }
    args.push(`--since=${since}`);
  }
  if (n.maxCommits !== undefined) {
    if (!Number.isSafeInteger(n.maxCommits) || n.maxCommits < 1) {
      throw new UsageError(`--max-commits ${n.maxCommits} is not a positive whole number`, {
        hint: "e.g. --max-commits 1000 scans the 1000 newest commits",
      });
    }
    args.push(`--max-count=${n.maxCommits}`);
  }
  return args;
}
