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
   * commit itself, and for a blob or tree (a tag may name one) the newest commit of the remote's
   * refs; undefined for a first push of a root commit. Its policy judges the push: never the
   * pushed commits', nor the working tree's.
   */
  trusted: string | undefined;
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
  if (!oldest) return { revs, trusted: await remoteHas(ref.localOid, remote, options), range: undefined };
  const parent = await git(["rev-parse", "--verify", "--quiet", `${oldest}^`], { ...options, okExitCodes: [1] });
  const trusted = parent.exitCode === 0 ? parent.stdout.trim() : undefined;
  return { revs, trusted, range: trusted === undefined ? ref.localOid : `${trusted}..${ref.localOid}` };
}

/**
 * The remote side of a push that adds no commit: the pushed commit (the remote has it), or for a
 * blob or tree the newest commit the remote's refs hold. Undefined when neither exists (a push to
 * a URL without remote-tracking refs): the caller's fallback, as for a first push of a root.
 */
async function remoteHas(oid: string, remote: string, options: GitOptions): Promise<string | undefined> {
  const quiet = { ...options, okExitCodes: [1, 128] };
  const tip = await git(["rev-parse", "--verify", "--quiet", `${oid}^{commit}`], quiet);
  if (tip.exitCode === 0) return tip.stdout.trim();
  const newest = await git(["rev-list", "-1", `--remotes=${remote}`, "--"], quiet);
  return newest.exitCode === 0 && newest.stdout.trim() !== "" ? newest.stdout.trim() : undefined;
}
