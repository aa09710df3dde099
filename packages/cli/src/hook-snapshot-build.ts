import { buildWithLock } from "./hook-snapshot-blob.js";

// `node dist/hook-snapshot-build.js <git dir> [<since>]`: the background builder a hook starts after
// running without its snapshot (hook-snapshot-blob.ts rebuildAfterMiss), `since` the time that hook
// started (ms since the epoch): a blob placed after it is not built again. Exit 0 when a blob is in place.
const [gitDir, sinceText] = process.argv.slice(2);
const since = sinceText === undefined ? undefined : Number(sinceText);
if (gitDir === undefined || (since !== undefined && !Number.isFinite(since))) {
  process.stderr.write("usage: node hook-snapshot-build.js <git dir> [<since, ms since the epoch>]\n");
  process.exitCode = 2;
} else {
  process.exitCode = buildWithLock(gitDir, since) ? 0 : 1;
}
