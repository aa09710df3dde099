// @rampart/core/git: The git runner, cat-file batches and pushed-ref reading. A lean entry: it loads only these modules.

export { CatFileBatch, type GitObject, parseTree, type TreeEntry } from "../cat-file.js";
export {
  assertFullHistory,
  type GitOptions,
  type GitResult,
  type GitRunOptions,
  getGitDir,
  getHeadCommit,
  getRepoRoot,
  git,
  gitBuffer,
  gitSync,
  gitSyncBuffer,
  isShallowRepo,
  splitNul,
} from "../git.js";
export { headFromFiles } from "../head.js";
export {
  type PushedRef,
  type PushSide,
  parsePushLines,
  pushSide,
  type RemoteDefault,
  type RemoteDefaultLookup,
  remoteDefaultOnce,
  ZERO_OID,
} from "../pre-push.js";
export { parseDiffTree, parseRaw, type RawRecord, STAGED_DIFF_ARGS } from "../raw-diff.js";
