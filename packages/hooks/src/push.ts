import { RampartError } from "@rampart/core";

/** One line git gives a pre-push hook on stdin. */
export interface PushedRef {
  localRef: string;
  localOid: string;
  remoteRef: string;
  remoteOid: string;
}

export const ZERO_OID = /^0+$/;

export function parsePushLines(lines: readonly string[]): PushedRef[] {
  const refs: PushedRef[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const [localRef, localOid, remoteRef, remoteOid, ...rest] = line.trim().split(/\s+/);
    if (
      localRef === undefined ||
      localOid === undefined ||
      remoteRef === undefined ||
      remoteOid === undefined ||
      rest.length > 0
    ) {
      throw new RampartError(
        "USAGE_INVALID",
        `pre-push input line ${i + 1} is not "<local ref> <local oid> <remote ref> <remote oid>"`,
        {
          hint: "rampart hook pre-push is run by git, which writes those lines on stdin",
        },
      );
    }
    refs.push({ localRef, localOid, remoteRef, remoteOid });
  }
  return refs;
}

/** Branch name of a pushed remote ref (refs/heads/x -> x), or undefined for tags and others. */
export function branchOf(remoteRef: string): string | undefined {
  return remoteRef.startsWith("refs/heads/") ? remoteRef.slice("refs/heads/".length) : undefined;
}

/**
 * The revision range a pushed ref adds: `remote..local` for an update, and for a new branch
 * everything not yet on the remote (`local --not --remotes=<remote>`). Deletions add nothing.
 */
export function pushedRange(ref: PushedRef, remote: string): string[] | undefined {
  if (ZERO_OID.test(ref.localOid)) return undefined;
  if (ZERO_OID.test(ref.remoteOid)) return [ref.localOid, "--not", `--remotes=${remote}`];
  return [`${ref.remoteOid}..${ref.localOid}`];
}
