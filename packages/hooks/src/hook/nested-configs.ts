import { readCache, writeCache } from "@rampart/core/fs";
import type { TreeEntry } from "@rampart/core/git";
import type { HeadObjects } from "./head-copy.js";

// Which of HEAD's folders below the package folder hold a lint-staged config: every pre-commit
// with a module config asks (lint-staged.ts nestedConfigsAt). Listing HEAD's whole tree for it
// (`git ls-tree -r`) is a git process whose cost grows with the files tracked, for an answer that
// only changes when a folder does. A folder's answer is a function of its tree id alone (the
// names it holds, a manifest's "lint-staged" key, its subfolders' ids), so it is kept by that id
// in `.git/rampart/` (core's cache: no commit can write it; written atomically, never through a
// symlink; a file not this user's is not read). A commit changes the ids of the folders on the
// paths it touches, and only those are read again, through the hook's cat-file process; every
// other folder is answered from the record, however deep. The record holds the folders of the
// last HEAD asked about, no others. One that does not parse, or lists a name that is no config,
// is ignored as a whole; a folder it lacks is read from git: the record never skips a folder
// it does not describe.

const CACHE = "lint-staged-nested.json";
/** The record's format, and what a folder's answer means (lint-staged.ts's idea of a config): a record of another is not read. */
const VERSION = 1;
const OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** git's mode of a folder in a tree object. */
const TREE_MODE = "40000";

/** A folder of HEAD, by its tree id: the lint-staged configs it holds itself (names) and its folders (name, tree id). */
type Folder = [configs: string[], folders: Array<[name: string, oid: string]>];

/**
 * The repository paths of the lint-staged configs in HEAD's folders below `prefix` (the package
 * folder, repository-relative with a trailing slash; "" for the root), sorted; `isConfig` says
 * whether a file of HEAD (its path and blob id) is one. Undefined when a folder cannot be read
 * through `objects` (the caller then lists HEAD's tree with git).
 */
export async function cachedNestedConfigs(
  objects: HeadObjects,
  prefix: string,
  commonDir: string,
  names: readonly string[],
  isConfig: (path: string, oid: string) => Promise<boolean>,
): Promise<string[] | undefined> {
  const top = await objects.tree(prefix.replace(/\/$/, ""));
  if (top === undefined) return undefined;
  const known = recorded(readCache(commonDir, CACHE), names);
  let found = await walk(top, prefix, known, objects, names, isConfig);
  // A record that names a folder inside itself is not believed: the folders are read again.
  if (found === "cycle") found = await walk(top, prefix, undefined, objects, names, isConfig);
  if (typeof found === "string") return undefined;
  if (found.read || known === undefined || known.size !== Object.keys(found.kept).length)
    writeCache(commonDir, CACHE, JSON.stringify({ v: VERSION, names, folders: found.kept }));
  return found.paths.sort();
}

/** HEAD's package folder's folders, from `known` where it has them: the configs' paths, the folders seen, whether any was read. */
async function walk(
  top: readonly TreeEntry[],
  prefix: string,
  known: Map<string, Folder> | undefined,
  objects: HeadObjects,
  names: readonly string[],
  isConfig: (path: string, oid: string) => Promise<boolean>,
): Promise<{ paths: string[]; kept: Record<string, Folder>; read: boolean } | "cycle" | "unreadable"> {
  const kept: Record<string, Folder> = Object.create(null);
  const paths: string[] = [];
  let read = false;
  const above = new Set<string>(); // the folders being visited
  let failed: "cycle" | "unreadable" | undefined;
  const visit = async (path: string, oid: string): Promise<boolean> => {
    if (above.has(oid)) {
      failed = "cycle"; // only a record can say so: git's ids cannot
      return false;
    }
    let folder = Object.hasOwn(kept, oid) ? kept[oid] : known?.get(oid);
    if (folder === undefined) {
      const entries = await objects.tree(path);
      if (entries === undefined) {
        failed = "unreadable"; // a name cat-file cannot take (a newline), or no such folder
        return false;
      }
      read = true;
      folder = [[], []];
      for (const e of entries) {
        if (e.mode === TREE_MODE) folder[1].push([e.name, e.oid]);
        else if (names.includes(e.name) && (await isConfig(`${path}/${e.name}`, e.oid))) folder[0].push(e.name);
      }
    }
    kept[oid] = folder;
    for (const name of folder[0]) paths.push(`${path}/${name}`);
    above.add(oid);
    for (const [name, child] of folder[1]) if (!(await visit(`${path}/${name}`, child))) return false;
    above.delete(oid);
    return true;
  };
  for (const e of top) {
    if (e.mode === TREE_MODE && !(await visit(`${prefix}${e.name}`, e.oid))) return failed ?? "unreadable";
  }
  return { paths, kept, read };
}

/** The record's folders by tree id, when it is one for these config names and every entry is well formed; else undefined. */
function recorded(text: string | undefined, names: readonly string[]): Map<string, Folder> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as { v?: unknown; names?: unknown; folders?: unknown };
    if (value.v !== VERSION || !Array.isArray(value.names) || value.names.join("\0") !== names.join("\0"))
      return undefined;
    const { folders } = value;
    if (typeof folders !== "object" || folders === null || Array.isArray(folders)) return undefined;
    const out = new Map<string, Folder>();
    for (const [oid, folder] of Object.entries(folders)) {
      if (!OID.test(oid) || !Array.isArray(folder) || folder.length !== 2) return undefined;
      const [configs, children] = folder as unknown[];
      if (!Array.isArray(configs) || !configs.every((n) => typeof n === "string" && names.includes(n)))
        return undefined;
      if (!Array.isArray(children) || !children.every(isChild)) return undefined;
      out.set(oid, [configs as string[], children as Folder[1]]);
    }
    return out;
  } catch {
    return undefined;
  }
}

/** A folder's entry in the record: [name, tree id], the name one path segment. */
function isChild(entry: unknown): boolean {
  if (!Array.isArray(entry) || entry.length !== 2) return false;
  const [name, oid] = entry as unknown[];
  return (
    typeof name === "string" &&
    name !== "" &&
    name !== "." &&
    name !== ".." &&
    !name.includes("/") &&
    typeof oid === "string" &&
    OID.test(oid)
  );
}
