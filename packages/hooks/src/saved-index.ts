import { dirname, join } from "node:path";
import { UsageError } from "@rampart/core/errors";
import { readCacheFile, removeSafe, writeFileSafe } from "@rampart/core/fs";
import { git } from "@rampart/core/git";

// When the pre-commit keeps lint-staged's backup itself (hook/lint-staged.ts: the index alone is
// the state to put back), the index's bytes must outlive the hook process: a hook killed while
// the tasks run (SIGKILL, a closed terminal, a crash) would otherwise take the only copy of what
// was staged with it, where lint-staged's own stash survives in `git stash list`. So the bytes are
// written to git's common dir (`rampart/pre-commit-index`, 0600, through core's safe writes: no
// symlink followed, atomic) before any task runs, and removed once the hook has put the index
// back or the tasks passed. One still there was left by a hook that did not finish: the next
// pre-commit says so (and leaves it alone: it backs up with lint-staged's stash while it is
// there), `rampart hooks status` fails on it, and `rampart hooks restore-index` puts it back.

/** The saved index, in git's common dir (only the main worktree's index is ever saved). */
export const SAVED_INDEX = "pre-commit-index";
export const SAVED_INDEX_PATH = `.git/rampart/${SAVED_INDEX}`;

/** The index a failed lint-staged run is put back to. */
export interface IndexBackup {
  gitDir: string;
  /** `<gitDir>/index`. */
  index: string;
  bytes: Buffer;
  /** The index file's time: git takes an entry as racily clean (and compares content) by it. */
  mtimeMs: number;
}

/**
 * The index `index` (`<commonDir>/index`) as it is now, written to `<commonDir>/rampart/
 * pre-commit-index` (with the index's time) before it is returned: throws when it cannot be
 * (a symlinked or read-only `rampart/`, a leftover save), and the caller then lets lint-staged
 * keep its own backup.
 */
export function saveIndex(index: string): IndexBackup {
  const { readFileSync, statSync } = process.getBuiltinModule("node:fs");
  const gitDir = dirname(index);
  const { mtimeMs } = statSync(index);
  const bytes = readFileSync(index);
  if (savedIndexLeft(gitDir)) throw new Error(`${SAVED_INDEX_PATH} is there already`);
  writeFileSafe(`rampart/${SAVED_INDEX}`, bytes, {
    root: gitDir,
    name: SAVED_INDEX_PATH,
    createParents: true,
    mode: 0o600,
    mtime: new Date(Math.floor(mtimeMs)),
  });
  return { gitDir, index, bytes, mtimeMs };
}

/** True when a saved index is there (left by a pre-commit that did not finish). One lstat. */
export function savedIndexLeft(commonDir: string): boolean {
  const { lstatSync } = process.getBuiltinModule("node:fs");
  return lstatSync(join(commonDir, "rampart", SAVED_INDEX), { throwIfNoEntry: false }) !== undefined;
}

/** Removes the saved index (the hook is done with it). */
export function discardSavedIndex(commonDir: string): void {
  removeSafe(`rampart/${SAVED_INDEX}`, { root: commonDir, name: SAVED_INDEX_PATH });
}

/**
 * Puts the index and every tracked file back as they were when `backup` was taken (the working
 * tree then matched the index): after a failed lint-staged run without its stash. checkout-index
 * rewrites a file only when its stat data differ from the entry's, and a task's same-size
 * rewrite in the second the entry was recorded differs in none that git compares: git then
 * compares content only because the entry is not older than the index file ("racily clean").
 * So the index file gets its time back (a millisecond earlier, never later: more entries racy,
 * never fewer), or a file such a task rewrote would be taken for clean and kept.
 */
export async function restoreIndex(
  backup: IndexBackup,
  root: string,
  env: NodeJS.ProcessEnv | undefined,
): Promise<void> {
  // Through index.lock, as git writes it: a git process writing the index at the same moment (an
  // editor's `git status`) waits or fails instead of putting back what it read before.
  writeFileSafe(backup.index, backup.bytes, {
    root: backup.gitDir,
    name: ".git/index",
    gitLock: { waitMs: 1000 },
    mtime: new Date(Math.floor(backup.mtimeMs) - 1),
  });
  await git(["checkout-index", "--all", "--force"], { cwd: root, env: env ?? process.env });
}

/** What `rampart hooks restore-index` did. */
export type RestoreSavedIndexResult = "restored" | "none";

/**
 * `rampart hooks restore-index`: the index a killed pre-commit saved, and every tracked file
 * from it, put back (tracked files' changes since are overwritten, as lint-staged's revert
 * would have); then the saved copy is removed. Only a file this user owns that no one else may
 * write is believed (core's readCacheFile); anything else is refused, never restored.
 */
export async function restoreSavedIndex(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}): Promise<RestoreSavedIndexResult> {
  const env = options.env ?? process.env;
  const out = await git(["rev-parse", "--show-toplevel", "--path-format=absolute", "--git-dir", "--git-common-dir"], {
    cwd: options.cwd,
    env,
  });
  const [root = "", gitDir = "", commonDir = ""] = out.stdout.trim().split("\n");
  if (!savedIndexLeft(commonDir)) return "none";
  const { realpathSync } = process.getBuiltinModule("node:fs");
  if (realpathSync(gitDir) !== realpathSync(commonDir)) {
    throw new UsageError("the saved index is the main worktree's: restore it there", {
      hint: `run \`npx --no-install rampart hooks restore-index\` in the folder that holds ${commonDir}`,
    });
  }
  const saved = readCacheFile(commonDir, SAVED_INDEX);
  if (saved === undefined || saved.bytes.subarray(0, 4).toString("latin1") !== "DIRC") {
    throw new UsageError(`${SAVED_INDEX_PATH} is not an index file this user saved (owner, mode, type or content)`, {
      hint: `look at it, then remove it (rm ${SAVED_INDEX_PATH}) if it is not yours to restore`,
    });
  }
  await restoreIndex(
    { gitDir: commonDir, index: join(commonDir, "index"), bytes: saved.bytes, mtimeMs: saved.mtimeMs },
    root,
    env,
  );
  discardSavedIndex(commonDir);
  return "restored";
}
