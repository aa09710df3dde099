export type { Accepted, AcceptedAtOptions } from "./accepted.js";
export { type CheckLockfileOptions, checkLockfile, type LockfileStats } from "./checks/check.js";
export { diffLockfiles, type LockfileChange, type LockfileDiffStats } from "./checks/diff.js";
export { type LockfilePolicy, RULES, type RuleId } from "./checks/rules.js";
export { type RepoSettings, readRepoSettings } from "./checks/settings.js";
export type { DiffRevisionsOptions, DiffRevisionsStats } from "./diff-git.js";
export type { LoadedLockfiles, LoadLockfilesOptions } from "./load.js";
export type * from "./model.js";
export { packageLine } from "./parse/context.js";
export { LOCKFILE_NAMES, type ParseLockfileOptions, parseLockfile } from "./parse/index.js";
export { integrityCheck } from "./parse/integrity.js";

import type { CheckResult } from "@rampart/core/findings";
import type { Accepted, AcceptedAtOptions } from "./accepted.js";
import type { LockfilePolicy } from "./checks/rules.js";
import type { DiffRevisionsOptions, DiffRevisionsStats } from "./diff-git.js";
import type { LoadedLockfiles, LoadLockfilesOptions } from "./load.js";

// The git-backed entry points load on first call: `rampart lockfile check FILE` (the pre-commit
// path) never needs them, and every module costs start-up time.

/** Parses the given lockfiles, or every lockfile `git ls-files` knows (nested projects included). */
export async function loadLockfiles(options: LoadLockfilesOptions): Promise<LoadedLockfiles> {
  return (await import("./load.js")).loadLockfiles(options);
}

/**
 * Tracked lockfiles, shortest path first (the root's before nested ones), node_modules excluded;
 * relative to the repository root, from any directory of the repository.
 */
export async function listLockfiles(root: string, env?: NodeJS.ProcessEnv): Promise<string[]> {
  return (await import("./load.js")).listLockfiles(root, env);
}

/** Each staged lockfile against its version at `rev` (default HEAD), both read from git objects. */
export async function diffLockfileRevisions(options: DiffRevisionsOptions): Promise<CheckResult<DiffRevisionsStats>> {
  return (await import("./diff-git.js")).diffLockfileRevisions(options);
}
export { type AdoptionState, adoptionState, type HeldEntry, heldAtAdoption } from "./checks/adopt.js";

/**
 * What an adopting change's lockfile policy accepts: what the trusted revision's lockfiles held,
 * each other error of theirs for its own package only (accepted.ts; CI's --policy-rev and the hooks).
 */
export async function acceptedAt(policy: LockfilePolicy, at: AcceptedAtOptions): Promise<Accepted> {
  return (await import("./accepted.js")).acceptedAt(policy, at);
}
export { errorCodes as lockfileErrorCodes, type LockfileErrorCode } from "./error-codes.js";
export {
  type PinInstallConfigOptions,
  type PinnedFile,
  pinInstallConfig,
  pinnedWorkspaceYaml,
  WORKSPACE_KEYS_FROM_CHANGE,
} from "./pin-config.js";
