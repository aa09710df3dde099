import { join } from "node:path";
import { RampartError, UsageError } from "@rampart/core/errors";
import type { GitOptions } from "@rampart/core/git";
import { runGit as git, runGitSync as gitSync } from "./run-git.js";

// Through getBuiltinModule: an ESM import of node:fs builds its export wrapper, ~3 ms of CPU at every start.
const { existsSync } = process.getBuiltinModule("node:fs");

export interface RepoInfo {
  commonDir: string;
  /** gpgsig for SHA-1 repositories, gpgsig-sha256 for SHA-256 ones. */
  sigHeader: string;
  oidBytes: number;
  /** Whether the commit graph git shows may differ from the objects' own (replace refs, grafts). */
  rewritten: boolean;
  /** The revisions passed to repoInfo as rev-parse resolves them (undefined: not resolved). */
  resolved?: string[];
  /** The root tree ids of the `trees` passed to repoInfo (undefined: not resolved). */
  rootTrees?: string[];
  /**
   * Asked for (`upstream: true`): HEAD's commit id and its upstream's (null: HEAD has none: no
   * branch, none configured, or not fetched), for the default range. Undefined: not resolved.
   */
  head?: string;
  upstream?: string | null;
}

const INFO = ["--is-shallow-repository", "--show-object-format", "--path-format=absolute", "--git-common-dir"];
const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * One `git rev-parse` for everything a run needs to know; refuses shallow clones. With `revs`,
 * the same process resolves them too (the key of their commit list in the cache), and with
 * `trees` the root tree of each of those revisions (the key of its `.rampart` tree in the
 * cache); revisions it cannot resolve are left to rev-list and cat-file, which report them as
 * they always have. With `upstream`, HEAD and its upstream too (the default range): asked last,
 * so that when HEAD has none, rev-parse has printed everything else before it stops (exit 128).
 */
export async function repoInfo(
  options: GitOptions,
  revs?: readonly string[],
  trees?: readonly string[],
  upstream = false,
): Promise<RepoInfo> {
  // The replace refs' targets come first: every line before "true"/"false" is one.
  const args = ["rev-parse", "--glob=refs/replace/*", ...INFO];
  for (const rev of trees ?? []) assertRevision(rev);
  // (`revs` and `upstream` do not go together: a range given is the range.)
  const asked = [...(trees ?? []).map((rev) => `${rev}^{tree}`), ...(upstream ? ["HEAD"] : (revs ?? []))];
  const extra = upstream ? [...asked, "@{upstream}"] : asked;
  // Synchronous: nothing runs beside it, and spawnSync makes no sockets for the pipes (a warm
  // run starts no other git process, so it would pay for them here alone).
  let r = extra.length > 0 ? gitSync([...args, ...extra, "--"], { ...options, okExitCodes: [128] }) : undefined;
  let resolvedAll = r !== undefined && r.exitCode === 0;
  // Stopped at @{upstream}, the last: every line before it is there (and only then).
  let noUpstream = false;
  if (upstream && r !== undefined && r.exitCode === 128) {
    const printed = r.stdout.trim().split("\n");
    const at = printed.findIndex((l) => l === "true" || l === "false");
    if (at >= 0 && printed.length - (at + 3) === asked.length) {
      resolvedAll = true;
      noUpstream = true;
      r = { stdout: `${r.stdout.trimEnd()}\n--\n`, exitCode: 0 };
    }
  }
  if (r === undefined || !resolvedAll) r = gitSync(args, options);
  const lines = r.stdout.trim().split("\n");
  const at = lines.findIndex((l) => l === "true" || l === "false");
  const [shallow, format, commonDir = ""] = lines.slice(at, at + 3);
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
  const env = options.env ?? process.env;
  const rewritten =
    at !== 0 ||
    env.GIT_REPLACE_REF_BASE !== undefined ||
    env.GIT_GRAFT_FILE !== undefined ||
    existsSync(join(commonDir, "info", "grafts"));
  const rest = lines.slice(at + 3);
  const n = trees?.length ?? 0;
  const ok = resolvedAll && rest.at(-1) === "--";
  const rootTrees = ok && n > 0 ? rest.slice(0, n) : undefined;
  const head = ok && upstream ? rest[n] : undefined;
  const up = noUpstream ? null : ok && upstream ? rest[n + 1] : undefined;
  return {
    commonDir,
    sigHeader: sha256 ? "gpgsig-sha256" : "gpgsig",
    oidBytes: sha256 ? 32 : 20,
    rewritten,
    ...(ok && revs && !upstream ? { resolved: rest.slice(n, -1) } : {}),
    ...(rootTrees?.every((t) => OID.test(t)) ? { rootTrees } : {}),
    ...(head !== undefined && OID.test(head) && (up === null || (up !== undefined && OID.test(up)))
      ? { head, upstream: up }
      : {}),
  };
}

/**
 * The default range (defaultRevs) and its resolved form (the key of its commit list) from what
 * repoInfo resolved with `upstream`; undefined when it did not (defaultRevs asks git then).
 */
export function defaultRange(
  info: RepoInfo,
  trustRoot: string | undefined,
): { revs: string[]; resolved: string[] } | undefined {
  const { head, upstream } = info;
  if (head === undefined || upstream === undefined) return undefined;
  if (upstream !== null) return { revs: ["HEAD", "--not", upstream], resolved: [head, `^${upstream}`] };
  if (trustRoot === undefined || trustRoot === "") return { revs: ["HEAD"], resolved: [head] };
  // A full id of this repository's width resolves to itself; anything else is git's to judge.
  if (trustRoot.length !== head.length || !OID.test(trustRoot)) return undefined;
  return { revs: ["HEAD", "--not", trustRoot], resolved: [head, `^${trustRoot}`] };
}

/** The revisions as rev-parse resolves them (ids, ^ids), or undefined when it cannot. */
export async function resolveRevs(revs: readonly string[], options: GitOptions): Promise<string[] | undefined> {
  const r = await git(["rev-parse", ...revs, "--"], { ...options, okExitCodes: [128] });
  const lines = r.stdout.trim().split("\n");
  return r.exitCode === 0 && lines.at(-1) === "--" ? lines.slice(0, -1) : undefined;
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
