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
   * no ref of the remote has (a new branch, a tip this clone lacks); when the remote has every
   * pushed commit already (a tag or a new branch name on pushed work), the pushed commit itself.
   * A history of its own (the oldest pushed commit has no parent: `git checkout --orphan`), a blob
   * or a tree (a tag may name one): the tip of the remote's default branch (`remoteDefault`),
   * never the newest commit of its refs (any unreviewed branch with a committer date in the
   * future would be that), nor a branch the working tree's policy names (the pusher's own,
   * uncommitted word), nor the pushed commit's own policy. Undefined for a push to a remote with
   * no refs at all (a new history), or with `unknown`.
   * Its policy judges the push: never the pushed commits', nor the working tree's.
   */
  trusted: string | undefined;
  /**
   * The remote's default branch judges this push and is not known: no remote-tracking HEAD (a
   * remote added without `git remote set-head`, a push to a URL) and the remote did not say (it
   * could not be asked, its HEAD names no branch, its tip is not in this clone). No revision of the
   * remote judges it; the caller applies the defaults (never the pushed or working tree's policy).
   */
  unknown?: true;
  /**
   * One range for scanners: `trusted..local`; the local id alone for a history of its own (every
   * commit of it is pushed); undefined when the remote has every commit already.
   */
  range: string | undefined;
}

/**
 * The remote side of one pushed ref, worked out once for every pre-push step (signatures,
 * secrets, the dependency gate). A deletion adds nothing: undefined. `url`: the one git passes
 * the hook (where the push goes), asked for the remote's default branch when this clone does not
 * know it; the remote's name by default.
 */
export async function pushSide(
  ref: PushedRef,
  remote: string,
  options: GitOptions,
  url?: string,
): Promise<PushSide | undefined> {
  if (ZERO_OID.test(ref.localOid)) return undefined;
  if (!ZERO_OID.test(ref.remoteOid) && (await hasCommit(ref.remoteOid, options))) {
    return {
      revs: [ref.localOid, "--not", ref.remoteOid],
      trusted: ref.remoteOid,
      range: `${ref.remoteOid}..${ref.localOid}`,
    };
  }
  const revs = [ref.localOid, "--not", `--remotes=${remote}`];
  const listed = await git(["rev-list", "--reverse", ...revs, "--"], options);
  const oldest = listed.stdout.split("\n")[0];
  if (!oldest) {
    // The remote has every pushed commit: the pushed commit; a blob or tree: the default branch.
    if (await hasCommit(ref.localOid, options)) return { revs, trusted: ref.localOid, range: undefined };
    return { revs, ...(await remoteDefault(remote, url, options)), range: undefined };
  }
  const parent = await git(["rev-parse", "--verify", "--quiet", `${oldest}^`], { ...options, okExitCodes: [1] });
  if (parent.exitCode === 0) {
    const trusted = parent.stdout.trim();
    return { revs, trusted, range: `${trusted}..${ref.localOid}` };
  }
  // A root: a new history only where the remote has no refs at all; to a remote with refs, a
  // history of its own (an orphan branch) is judged by that remote's default branch.
  return { revs, ...(await remoteDefault(remote, url, options)), range: ref.localOid };
}

async function hasCommit(oid: string, options: GitOptions): Promise<boolean> {
  const r = await git(["cat-file", "-e", `${oid}^{commit}`], { ...options, okExitCodes: [1, 128] });
  return r.exitCode === 0;
}

/**
 * The tip of the remote's default branch: its remote-tracking HEAD when this clone has one (`git
 * clone`, `git remote set-head <remote> --auto`), else what the remote says (`git ls-remote
 * --symref`, never a prompt). A remote with no refs at all: a new history (trusted undefined).
 * Not known (the remote could not be asked, its HEAD names no branch, its tip is not in this
 * clone): `unknown`.
 */
async function remoteDefault(
  remote: string,
  url: string | undefined,
  options: GitOptions,
): Promise<{ trusted: string | undefined; unknown?: true }> {
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
  const said = await git(["ls-remote", "--symref", "--end-of-options", url ?? remote], {
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
