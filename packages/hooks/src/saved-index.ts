import { dirname, join } from "node:path";
import { UsageError } from "@rampart/core/errors";
import { readCacheFile, removeSafe, writeFileSafe } from "@rampart/core/fs";
import { git, gitBuffer } from "@rampart/core/git";

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
  writeIndex(backup);
  await git(["checkout-index", "--all", "--force"], { cwd: root, env: env ?? process.env });
}

/** The backup's bytes as the index, with its time a millisecond earlier (see restoreIndex). */
function writeIndex(backup: IndexBackup): void {
  // Through index.lock, as git writes it: a git process writing the index at the same moment (an
  // editor's `git status`) waits or fails instead of putting back what it read before.
  writeFileSafe(backup.index, backup.bytes, {
    root: backup.gitDir,
    name: ".git/index",
    gitLock: { waitMs: 1000 },
    mtime: new Date(Math.floor(backup.mtimeMs) - 1),
  });
}

/** What `rampart hooks restore-index` did: nothing to restore, or restored with these files left as they were. */
export type RestoreSavedIndexResult = { restored: false } | { restored: true; kept: string[] };

/**
 * `rampart hooks restore-index`: the index a killed pre-commit saved, put back, then the saved
 * copy removed. The working tree may hold what the user wrote since the kill (or what a task
 * wrote before it: git cannot tell them apart), so without `force` nothing anyone wrote is lost:
 *   - a tracked file that differs from the saved index is left as it is (`kept`, in git's order:
 *     `git diff` then shows it against what is staged again); one that is missing is checked out;
 *   - the index is put back only when no content staged since would go with it: a path staged
 *     since with content that is not also in its file (or a conflict) refuses the whole restore,
 *     before anything is written.
 * With `force`, every tracked file is checked out of the saved index too (what lint-staged's
 * revert would have done), and what was staged since is dropped. Only a file this user owns that
 * no one else may write is believed (core's readCacheFile); anything else is refused.
 */
export async function restoreSavedIndex(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  force?: boolean;
}): Promise<RestoreSavedIndexResult> {
  const env = options.env ?? process.env;
  const out = await git(["rev-parse", "--show-toplevel", "--path-format=absolute", "--git-dir", "--git-common-dir"], {
    cwd: options.cwd,
    env,
  });
  const [root = "", gitDir = "", commonDir = ""] = out.stdout.trim().split("\n");
  if (!savedIndexLeft(commonDir)) return { restored: false };
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
  // git's own view of the repository, whatever index the caller's environment names.
  const gitEnv = { ...env };
  delete gitEnv.GIT_INDEX_FILE;
  const index = join(commonDir, "index");
  if (options.force !== true) {
    const lost = await stagedSince(root, gitEnv, join(commonDir, "rampart", SAVED_INDEX));
    if (lost.length > 0) {
      throw new UsageError(
        `restore-index would drop what was staged since the pre-commit was stopped, which is in no file: ${listed(lost)}`,
        {
          hint: `\`git diff --cached\` shows it; commit or keep it elsewhere first, or run \`npx --no-install rampart hooks restore-index --force\` to drop it (${SAVED_INDEX_PATH} is kept until then)`,
        },
      );
    }
  }
  const backup = { gitDir: commonDir, index, bytes: saved.bytes, mtimeMs: saved.mtimeMs };
  let kept: string[] = [];
  if (options.force === true) await restoreIndex(backup, root, gitEnv);
  else {
    writeIndex(backup);
    // Only the files that are not there: an existing file is never written (no --force).
    const missing = await gitBuffer(["ls-files", "--deleted", "-z"], { cwd: root, env: gitEnv });
    if (missing.stdout.length > 0)
      await git(["checkout-index", "-z", "--stdin"], { cwd: root, env: gitEnv, input: missing.stdout });
    kept = paths(
      (await gitBuffer(["diff", "--name-only", "-z", "--no-ext-diff", "--no-textconv"], { cwd: root, env: gitEnv }))
        .stdout,
    );
  }
  discardSavedIndex(commonDir);
  return { restored: true, kept };
}

/**
 * Paths whose entry in the current index differs from the saved one's (staged since the save, by
 * a task or by the user) with content that is in no file: the file differs from that entry, or
 * the entry is a conflict. Putting the saved index back would lose those; any other difference
 * is also in the working tree, where it stays.
 */
async function stagedSince(root: string, env: NodeJS.ProcessEnv, savedIndex: string): Promise<string[]> {
  const entries = async (indexFile?: string) => {
    const r = await gitBuffer(["ls-files", "--stage", "-z"], {
      cwd: root,
      env: indexFile === undefined ? env : { ...env, GIT_INDEX_FILE: indexFile },
    });
    const byPath = new Map<string, string>();
    for (const line of paths(r.stdout)) {
      const tab = line.indexOf("\t");
      const path = line.slice(tab + 1);
      byPath.set(path, `${byPath.get(path) ?? ""}${line.slice(0, tab)};`);
    }
    return byPath;
  };
  const now = await entries();
  const then = await entries(savedIndex);
  const unstaged = new Set(
    paths(
      (await gitBuffer(["diff", "--name-only", "-z", "--no-ext-diff", "--no-textconv"], { cwd: root, env })).stdout,
    ),
  );
  const lost: string[] = [];
  for (const [path, entry] of now) {
    if (entry === then.get(path)) continue;
    // "<mode> <oid> <stage>;" per stage: a stage other than 0 is a conflict.
    if (unstaged.has(path) || !/^\d+ [0-9a-f]+ 0;$/.test(entry)) lost.push(path);
  }
  return lost;
}

/** NUL-separated git output as strings that keep every byte (latin1), for comparing and for git. */
function paths(out: Buffer): string[] {
  return out.length === 0 ? [] : out.toString("latin1").replace(/\0$/, "").split("\0");
}

/** The first few paths (as UTF-8, which is what file names nearly always are), for a message. */
function listed(list: readonly string[]): string {
  const shown = list.slice(0, 5).map((p) => Buffer.from(p, "latin1").toString("utf8"));
  return `${shown.join(", ")}${list.length > 5 ? ` and ${list.length - 5} more` : ""}`;
}
