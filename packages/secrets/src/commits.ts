import { CatFileBatch } from "@rampart/core";
import { type CommitRef, commitChanges, type GitContext } from "./changes.js";
import type { Scanner } from "./scanner.js";

export { type CommitRef, type GitContext, listCommits } from "./changes.js";

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
      onCommit?.();
    }
  } finally {
    cat.close();
  }
}
