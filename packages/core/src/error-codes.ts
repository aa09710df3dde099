import type { ErrorCodeTable } from "./errors.js";

/** The codes core raises (git, policy, safe writes, usage); every package may pass them on. */
export const errorCodes = {
  GIT_NOT_FOUND: {
    meaning: "git is not installed or not on PATH",
    hint: "install git and check that `git --version` works in the same shell",
  },
  NOT_A_GIT_REPO: {
    meaning: "the directory is not inside a git repository",
    hint: "run inside a repository or pass `--cwd <repo>`",
  },
  GIT_UNBORN_HEAD: {
    meaning: "the repository has no commits yet and the command needs history",
    hint: "make a first commit, or use a command that does not need one (e.g. `secrets scan --staged`)",
  },
  GIT_SHALLOW_CLONE: {
    meaning: "a shallow clone cannot show the history the check needs",
    hint: "`git fetch --unshallow`; in GitHub Actions, actions/checkout with `fetch-depth: 0`",
  },
  GIT_FAILED: {
    meaning: "a git command failed (its first line of stderr is in the message)",
    hint: "run the same git command yourself to see the whole message",
  },
  CONFIG_INVALID: {
    meaning: "`.rampart/config.yaml` is unreadable, not YAML, fails the schema, or is under another name",
    hint: "fix the file and line named; `rampart hooks status` checks the whole file",
  },
  CONFIG_MISSING: {
    meaning:
      "with --policy-rev: neither that revision nor the working tree has `.rampart/config.yaml`, but rampart's CI template or hook block is here (the policy was deleted)",
    hint: "restore the policy (git checkout REV~1 -- .rampart/config.yaml), or remove rampart's CI job and hooks in a reviewed change",
  },
  POLICY_REV_UNKNOWN: {
    meaning: "--policy-rev names no commit this clone has",
    hint: "fetch the base branch first (e.g. git fetch origin main) and pass it: --policy-rev origin/main",
  },
  FS_OUTSIDE_ROOT: {
    meaning: "a file rampart would write is outside the repository (or the folder of the output you named)",
    hint: "write inside the repository; rampart refuses anything else",
  },
  FS_SYMLINK_REFUSED: {
    meaning: "the file to write, or a folder on its way, is a symbolic link; rampart never writes through one",
    hint: "replace the link with a real file or folder, or remove it",
  },
  FS_NO_PARENT: {
    meaning: "the folder of a file to write does not exist",
    hint: "create the folder first",
  },
  FS_NOT_A_FILE: {
    meaning: "the path to write exists and is not a regular file",
    hint: "move it out of the way",
  },
  FS_NOT_A_DIRECTORY: {
    meaning: "a folder on the way to a file to write is a file",
    hint: "move that file out of the way",
  },
  FS_GIT_DIR_REFUSED: {
    meaning:
      "a file to write or remove is inside a .git folder below the root: git's own files (config, hooks) are never rampart's to change",
    hint: "name a path outside .git; rampart's caches live in .git/rampart through their own root",
  },
  FS_WRITE_FAILED: {
    meaning: "the write itself failed (permissions, disk full, read-only file system)",
    hint: "check the path, its permissions and the free space, and try again",
  },
  USAGE_INVALID: {
    meaning: "a usage mistake: unknown command or option, a missing or malformed argument (`UsageError`)",
    hint: "`rampart <command> --help` shows the usage",
  },
  USAGE_CANCELLED: {
    meaning: "an interactive prompt was cancelled (Ctrl-C); nothing was written",
    hint: "run the command again, or pass `--yes` to take the defaults",
  },
} as const satisfies ErrorCodeTable;

export type CoreErrorCode = keyof typeof errorCodes;
