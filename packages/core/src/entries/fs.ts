// @rampart/core/fs: Safe file writes and reads (no symlinks, atomic) and the caches in git's common dir. A lean entry: it loads only these modules.
export {
  isPlainRelativePath,
  mkdirSafe,
  readFileSafe,
  removeSafe,
  type SafePathOptions,
  type SafeWriteOptions,
  writeFileSafe,
  writeOutputFile,
} from "../fs/safe-write.js";
export { digestOf, readCache, readCacheFile, writeCache } from "../git-cache.js";
