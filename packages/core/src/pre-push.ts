import { UsageError } from "./errors.js";

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
