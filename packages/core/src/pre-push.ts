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
   * The remote side: the remote tip when this clone has it, else the parent of the oldest commit
   * no ref of the remote has (a new branch, an empty remote, a tip this clone lacks); when the
   * remote has every pushed commit already (a tag or a new branch name on pushed work), the pushed
   * commit itself, and for a blob or tree (a tag may name one) the tip of the remote's default
   * branch (`refs/remotes/<remote>/HEAD`), never the newest commit of its refs (any unreviewed
   * branch with a committer date in the future would be that), nor a branch the working tree's
   * policy names (the pusher's own, uncommitted word); undefined for a first push of a root
   * commit, or with `unknown`.
   * Its policy judges the push: never the pushed commits', nor the working tree's.
   */
  trusted: string | undefined;
  /**
   * A blob or tree pushed where the remote's default branch is not known (no remote-tracking HEAD:
   * a remote added without `git remote set-head`, a push to a URL): no revision of the remote
   * judges it; the caller applies the defaults (never the working tree's policy, as for a new history).
   */
  unknown?: true;
  /**
   * One range for scanners: `trusted..local`; the local id alone when there is no remote side (a
   * first push of a root); undefined when the remote has every commit already.
   */
  range: string | undefined;
}

/**
 * The remote side of one pushed ref, worked out once for every pre-push step (signatures,
 * secrets, the dependency gate). A deletion adds nothing: undefined.
 */
export async function pushSide(ref: PushedRef, remote: string, options: GitOptions): Promise<PushSide | undefined> {
  if (ZERO_OID.test(ref.localOid)) return undefined;
  const has = async (oid: string) =>
    (await git(["cat-file", "-e", `${oid}^{commit}`], { ...options, okExitCodes: [1, 128] })).exitCode === 0;
  if (!ZERO_OID.test(ref.remoteOid) && (await has(ref.remoteOid))) {
    return {
      revs: [ref.localOid, "--not", ref.remoteOid],
      trusted: ref.remoteOid,
      range: `${ref.remoteOid}..${ref.localOid}`,
    };
  }
  const revs = [ref.localOid, "--not", `--remotes=${remote}`];
  const listed = await git(["rev-list", "--reverse", ...revs, "--"], options);
  const oldest = listed.stdout.split("\n")[0];
  if (!oldest) return { revs, ...(await remoteHas(ref.localOid, remote, options)), range: undefined };
  const parent = await git(["rev-parse", "--verify", "--quiet", `${oldest}^`], { ...options, okExitCodes: [1] });
  const trusted = parent.exitCode === 0 ? parent.stdout.trim() : undefined;
  return { revs, trusted, range: trusted === undefined ? ref.localOid : `${trusted}..${ref.localOid}` };
}

/**
 * The remote side of a push that adds no commit: the pushed commit (the remote has it), or for a
 * blob or tree the tip of the remote's default branch as this clone knows it: its remote-tracking
 * HEAD (`git clone`, `git remote set-head <remote> --auto`). Not known (a push to a URL, a remote
 * added without its HEAD): `unknown`.
 */
async function remoteHas(
  oid: string,
  remote: string,
  options: GitOptions,
): Promise<{ trusted: string | undefined; unknown?: true }> {
  const quiet = { ...options, okExitCodes: [1, 128] };
  const tip = await git(["rev-parse", "--verify", "--quiet", `${oid}^{commit}`], quiet);
  if (tip.exitCode === 0) return { trusted: tip.stdout.trim() };
  if (REF_PART.test(remote)) {
    const ref = `refs/remotes/${remote}/HEAD^{commit}`;
    const r = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", ref], quiet);
    if (r.exitCode === 0 && r.stdout.trim() !== "") return { trusted: r.stdout.trim() };
  }
  return { trusted: undefined, unknown: true };
}

/** A remote name read as a ref name only (a URL, `..`, `:` or a revision suffix is not one). */
const REF_PART = /^(?![-/.])(?!.*(?:\.\.|\/\/|@\{))[A-Za-z0-9._/-]+$/;
