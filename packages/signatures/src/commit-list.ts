import type { GitOptions } from "@rampart/core/git";
import type { Cache } from "./cache.js";
import { type RepoInfo, revList } from "./repo.js";

/** How many lists the cache keeps (a branch's range, the same after a trust root, a pre-push...). */
const LISTS = 8;
/** A longer list is listed again each run rather than kept (the cache file is read whole). */
const MAX_LINES = 100_000;
const RESOLVED = /^\^?[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * The commits `git rev-list revs` lists, one id each. With a cache, a list is kept under the
 * revisions as rev-parse resolved them (`resolved`: ids and ^ids, nothing else): a commit id
 * fixes its parents and so all of its history, so the same resolved revisions always list the
 * same commits, in the same order, and a moved branch resolves to another key. Never kept when
 * git shows a graph other than the objects' own (replace refs, grafts: `info.rewritten`), nor
 * for revisions rev-parse did not resolve to plain ids (an option it passed through as it was).
 */
export async function listCommits(
  revs: readonly string[],
  resolved: readonly string[] | undefined,
  info: Pick<RepoInfo, "rewritten" | "oidBytes">,
  cache: Cache | undefined,
  git: GitOptions,
): Promise<string[]> {
  const key =
    cache === undefined || info.rewritten || resolved === undefined || !resolved.every((r) => RESOLVED.test(r))
      ? undefined
      : resolved.join(" ");
  const known = key === undefined ? undefined : cache?.lists.get(key);
  const width = info.oidBytes * 2;
  // Anything but whole lower-case ids (a damaged or foreign entry) is a miss.
  if (known !== undefined && isIds(known, width)) {
    const ids = new Array<string>(known.length / width);
    for (let i = 0; i < ids.length; i++) ids[i] = known.slice(i * width, (i + 1) * width);
    return ids;
  }
  const list = await revList(revs, git);
  if (key !== undefined && cache !== undefined && list.length <= MAX_LINES) {
    cache.lists.delete(key);
    cache.lists.set(key, list.join(""));
    for (const k of cache.lists.keys()) {
      if (cache.lists.size <= LISTS) break;
      cache.lists.delete(k); // insertion order: the oldest first
    }
  }
  return list;
}

/**
 * Whether `text` is ids of `width` hex digits, back to back (how a list is kept: no separator).
 * Checked by node's hex decoder, which stops at the first character that is not a hex digit: a
 * regular expression over 80 KB runs in V8's regexp interpreter the one time a run needs it.
 */
function isIds(text: string, width: number): boolean {
  return (
    text.length % width === 0 && text === text.toLowerCase() && Buffer.from(text, "hex").length * 2 === text.length
  );
}
