import { UsageError } from "./errors.js";
import { type GitOptions, git } from "./git.js";

/** One line git gives a pre-push hook on stdin (githooks(5)). */
export interface PushedRef {
  localRef: string;
  localOid: string;
  remoteRef: string;
  remoteOid: string;
}

/** The all-zero object id git writes for "no such ref" (a new branch, a deletion). */
export const ZERO_OID = /^0+$/;

const OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * Parses git's pre-push stdin: `<local ref> <local oid> <remote ref> <remote oid>` per line. The
 * one parser the hooks and the signature enforcer share; a malformed line is a usage error
 * naming it, never a guess.
 */
export function parsePushLines(lines: readonly string[]): PushedRef[] {
  const refs: PushedRef[] = [];
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const parts = line.split(/\s+/);
    const [localRef, localOid, remoteRef, remoteOid] = parts;
    if (
      parts.length !== 4 ||
      localRef === undefined ||
      remoteRef === undefined ||
      !OID.test(localOid ?? "") ||
      !OID.test(remoteOid ?? "")
    ) {
      throw new UsageError(`pre-push input line ${i + 1} is not "<local ref> <local oid> <remote ref> <remote oid>"`, {
        hint: "run this from git's pre-push hook, which writes those lines on stdin",
        line: i + 1,
      });
    }
    refs.push({ localRef, localOid: localOid!, remoteRef, remoteOid: remoteOid! });
  }
  return refs;
}

/** What a pushed ref adds and the revision it is judged against (`pushSide`). */
export interface PushSide {
  /** rev-list arguments for the commits the remote lacks: [local, "--not", remote tip | --remotes=R]. */
  revs: string[];
  /**
   * The remote side: the tip of the remote's default branch (`remoteDefault`), whatever the push
   * (to that branch, to a feature branch, a tag, a blob or a tree), as CI judges a pull request by
   * its base. Never the pushed ref's own remote tip nor the parent of the pushed commits (on any
   * branch but the default one, that is the pusher's own earlier, unreviewed push: a policy
   * relaxed in one push would judge the next), never the newest commit of the remote's refs (any
   * unreviewed branch with a committer date in the future would be that), nor a branch the
   * working tree's policy names (the pusher's own, uncommitted word), nor the pushed commits'
   * policy. Undefined for a push to a remote with no refs at all (a new history), or with `unknown`.
   */
  trusted: string | undefined;
  /**
   * The remote's default branch is not known: no remote-tracking HEAD (a remote added without
   * `git remote set-head`, a push to a URL) and the remote did not say (it could not be asked, its
   * HEAD names no branch, its tip is not in this clone). No revision of the remote judges the
   * push; the caller applies the defaults (never the pushed or the working tree's policy).
   */
  unknown?: true;
  /**
   * One range for scanners, what the push adds: `<remote tip>..local` when this clone has the
   * pushed ref's remote tip, else `<parent of the oldest commit no ref of the remote has>..local`,
   * the local id alone for a history of its own (every commit of it is pushed); undefined when
   * the remote has every commit already.
   */
  range: string | undefined;
}

/** The tip of a remote's default branch, as `pushSide` judges a push by it (see `PushSide`). */
export interface RemoteDefault {
  trusted: string | undefined;
  unknown?: true;
}

/** One push's lookup of the remote's default branch: the first call asks, later ones share its answer. */
export type RemoteDefaultLookup = () => Promise<RemoteDefault>;

/**
 * The remote's default branch for one push (`remote` as git passes it to the hook), looked up on
 * first use and then shared by every pushed ref and every pre-push step (the hook's secret guard
 * and dependency gate, the signature check): without origin/HEAD that is a `git ls-remote`, once
 * per push, not once per ref and step. Make one per push: the remote's HEAD may move between pushes.
 */
export function remoteDefaultOnce(remote: string, options: GitOptions): RemoteDefaultLookup {
  let answer: Promise<RemoteDefault> | undefined;
  return () => {
    answer ??= remoteDefault(remote, options);
    return answer;
  };
}

/**
 * The remote side of one pushed ref, worked out once for every pre-push step (signatures,
 * secrets, the dependency gate). A deletion adds nothing: undefined. `remote`: as git passes it to
 * the hook, a remote's name or the URL pushed to. `judgeOf`: the push's one lookup of the remote's
 * default branch (`remoteDefaultOnce(remote, options)`), shared by its refs and steps; without it,
 * this ref's own lookup.
 */
export async function pushSide(
  ref: PushedRef,
  remote: string,
  options: GitOptions,
  judgeOf: RemoteDefaultLookup = remoteDefaultOnce(remote, options),
): Promise<PushSide | undefined> {
  if (ZERO_OID.test(ref.localOid)) return undefined;
  const judge = judgeOf();
  judge.catch(() => undefined); // awaited below; a git failure before that is the one reported
  if (!ZERO_OID.test(ref.remoteOid) && (await hasCommit(ref.remoteOid, options))) {
    return {
      revs: [ref.localOid, "--not", ref.remoteOid],
      ...(await judge),
      range: `${ref.remoteOid}..${ref.localOid}`,
    };
  }
  const revs = [ref.localOid, "--not", `--remotes=${remote}`];
  // Topological, not by date: the first commit listed then has no parent among those pushed, so
  // the range from its parent holds every one (by committer date, a commit dated before its
  // parent came first, and the range from that pushed parent left the parent's own lines out).
  const listed = await git(["rev-list", "--topo-order", "--reverse", ...revs, "--"], options);
  const oldest = listed.stdout.split("\n")[0];
  // The remote has every pushed commit (a tag or a new branch name on pushed work), or a blob or tree.
  if (!oldest) return { revs, ...(await judge), range: undefined };
  const parent = await git(["rev-parse", "--verify", "--quiet", `${oldest}^`], { ...options, okExitCodes: [1] });
  // A root: every commit of a history of its own is pushed.
  const range = parent.exitCode === 0 ? `${parent.stdout.trim()}..${ref.localOid}` : ref.localOid;
  return { revs, ...(await judge), range };
}

async function hasCommit(oid: string, options: GitOptions): Promise<boolean> {
  const r = await git(["cat-file", "-e", `${oid}^{commit}`], { ...options, okExitCodes: [1, 128] });
  return r.exitCode === 0;
}

/**
 * The tip of the remote's default branch: its remote-tracking HEAD when this clone has one (`git
 * clone`, `git remote set-head <remote> --auto`; as fresh as the last fetch), else what the remote
 * says (`git ls-remote --symref`, never a prompt). A remote with no refs at all: a new history
 * (trusted undefined).
 * Not known (the remote could not be asked, its HEAD names no branch, its tip is not in this
 * clone): `unknown`.
 */
async function remoteDefault(remote: string, options: GitOptions): Promise<RemoteDefault> {
  const quiet = { ...options, okExitCodes: [1, 128] };
  const tip = async (rev: string) => {
    const r = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], quiet);
    return r.exitCode === 0 && r.stdout.trim() !== "" ? r.stdout.trim() : undefined;
  };
  if (REF_PART.test(remote)) {
    const known = await tip(`refs/remotes/${remote}/HEAD`);
    if (known !== undefined) return { trusted: known };
  }
  const env = { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: "0" };
  // The remote's name (its fetch URL, which its remote-tracking HEAD describes too), or the URL.
  const said = await git(["ls-remote", "--symref", "--end-of-options", remote], {
    ...options,
    env,
    okExitCodes: [1, 2, 128],
  }).catch(() => undefined);
  if (said === undefined || said.exitCode !== 0) return { trusted: undefined, unknown: true };
  const lines = said.stdout.split("\n").filter((l) => l !== "");
  if (lines.length === 0) return { trusted: undefined }; // no refs at all: a new history
  const head = lines.find((l) => /^[0-9a-f]+\tHEAD$/.test(l))?.split("\t")[0];
  const trusted = head !== undefined && OID.test(head) ? await tip(head) : undefined;
  return trusted === undefined ? { trusted: undefined, unknown: true } : { trusted };
}

/** A remote name read as a ref name only (a URL, `..`, `:` or a revision suffix is not one). */
const REF_PART = /^(?![-/.])(?!.*(?:\.\.|\/\/|@\{))[A-Za-z0-9._/-]+$/;
