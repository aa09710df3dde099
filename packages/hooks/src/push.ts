import { type PushedRef, ZERO_OID } from "@rampart/core/git";

// The one pre-push line parser lives in core (the signature enforcer uses it too).
export { type PushedRef, parsePushLines, ZERO_OID } from "@rampart/core/git";

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
