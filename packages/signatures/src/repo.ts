import { type GitOptions, RampartError, UsageError } from "@rampart/core";
import { runGit as git } from "./run-git.js";

export interface RepoInfo {
  commonDir: string;
  /** gpgsig for SHA-1 repositories, gpgsig-sha256 for SHA-256 ones. */
  sigHeader: string;
  oidBytes: number;
}

/** One `git rev-parse` for everything a run needs to know; refuses shallow clones. */
export async function repoInfo(options: GitOptions): Promise<RepoInfo> {
  const r = await git(
    ["rev-parse", "--is-shallow-repository", "--show-object-format", "--path-format=absolute", "--git-common-dir"],
    options,
  );
  const [shallow, format, commonDir = ""] = r.stdout.trim().split("\n");
  if (shallow === "true") {
    throw new RampartError(
      "GIT_SHALLOW_CLONE",
      "this is a shallow clone, so commit signatures cannot be checked against the policy history",
      {
        hint: "run `git fetch --unshallow` (in GitHub Actions: actions/checkout with fetch-depth: 0)",
      },
    );
  }
  const sha256 = format === "sha256";
  return { commonDir, sigHeader: sha256 ? "gpgsig-sha256" : "gpgsig", oidBytes: sha256 ? 32 : 20 };
}

/** Lines of `git rev-list`; an empty list of revisions lists nothing. */
export async function revList(args: readonly string[], options: GitOptions): Promise<string[]> {
  const r = await git(["rev-list", ...args, "--"], options);
  return r.stdout.split("\n").filter(Boolean);
}

/** The default range: the branch since its upstream, else since the trust root, else all of HEAD. */
export async function defaultRevs(options: GitOptions, trustRoot: string | undefined): Promise<string[]> {
  const up = await git(["rev-parse", "--verify", "--quiet", "--symbolic-full-name", "@{upstream}"], {
    ...options,
    okExitCodes: [1, 128],
  });
  if (up.exitCode === 0 && up.stdout.trim() !== "") return ["HEAD", "--not", up.stdout.trim()];
  if (trustRoot) return ["HEAD", "--not", trustRoot];
  return ["HEAD"];
}

/** Refuses revisions that git would read as options (a user-typed range is passed to rev-list). */
export function assertRevision(rev: string): void {
  if (rev.startsWith("-") || rev.includes("\n")) {
    throw new UsageError(`"${rev}" is not a revision range`, {
      hint: "pass e.g. main..HEAD or a commit id",
    });
  }
}

/** The `.rampart` tree ids of revisions (null: none), in one `git cat-file --batch-check`. */
export async function policyTrees(revs: readonly string[], options: GitOptions): Promise<Array<string | null>> {
  for (const rev of revs) assertRevision(rev);
  const input = revs.map((rev) => `${rev}:.rampart\n`).join("");
  const r = await git(["cat-file", "--batch-check"], { ...options, input });
  const lines = r.stdout.split("\n").filter(Boolean);
  return revs.map((_, i) => {
    const [oid = "", type] = (lines[i] ?? "").split(" ");
    return type === "tree" ? oid : null;
  });
}
