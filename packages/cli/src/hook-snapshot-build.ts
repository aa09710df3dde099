import { buildWithLock } from "./hook-snapshot-blob.js";

// `node dist/hook-snapshot-build.js <git dir>`: the background builder a hook starts after running
// without its snapshot (hook-snapshot-blob.ts rebuildAfterMiss). Exit 0 when a blob is in place.
const gitDir = process.argv[2];
if (gitDir === undefined) {
  process.stderr.write("usage: node hook-snapshot-build.js <git dir>\n");
  process.exitCode = 2;
} else {
  process.exitCode = buildWithLock(gitDir) ? 0 : 1;
}
