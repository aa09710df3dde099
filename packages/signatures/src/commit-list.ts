import type { GitOptions } from "@rampart/core/git";
import type { Cache } from "./cache.js";
import { type RepoInfo, revList } from "./repo.js";

/** How many lists the cache keeps (a branch's range, the same after a trust root, a pre-push...). */
const LISTS = 8;
/** A longer list is listed again each run rather than kept (the cache file is read whole). */
const MAX_LINES = 100_000;
const RESOLVED = /^\^?[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const LIST = /^[0-9a-f]{40}(?:[0-9a-f]{24})?(?:\n[0-9a-f]{40}(?:[0-9a-f]{24})?)*$/;

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
  info: Pick<RepoInfo, "rewritten">,
  cache: Cache | undefined,
  git: GitOptions,
): Promise<string[]> {
  const key =
    cache === undefined || info.rewritten || resolved === undefined || !resolved.every((r) => RESOLVED.test(r))
      ? undefined
      : resolved.join(" ");
  const known = key === undefined ? undefined : cache?.lists.get(key);
  // Anything but ids, one a line (a damaged or foreign entry), is a miss.
  if (known === "") return [];
  if (known !== undefined && LIST.test(known)) return known.split("\n");
  const list = await revList(revs, git);
  if (key !== undefined && cache !== undefined && list.length <= MAX_LINES) {
    cache.lists.delete(key);
    cache.lists.set(key, list.join("\n"));
    for (const k of cache.lists.keys()) {
      if (cache.lists.size <= LISTS) break;
      cache.lists.delete(k); // insertion order: the oldest first
    }
  }
  return list;
}
