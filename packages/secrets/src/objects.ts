import type { CheckResult } from "@rampart/core/findings";
import { CatFileBatch, getRepoRoot, parseTree } from "@rampart/core/git";
import { objectHeadersToScan, tagTextToScan } from "./armour.js";
import type { ScanOptions, SecretsStats } from "./options.js";
import type { Scanner } from "./scanner.js";
import { finishScan, prepareScanner } from "./setup.js";

export interface ScanRefsOptions extends ScanOptions {
  /** Objects refs name (`oid`) with the ref's name (`refs/tags/v1`), as findings name what no file holds. */
  refs: ReadonlyArray<{ oid: string; name: string }>;
}

/** Submodules (gitlinks) name a commit of another repository: nothing of theirs is in this one. */
const GITLINK = "160000";
/** Tags of tags are followed this deep (git itself stops peeling at a loop, never at a depth). */
const MAX_TAG_DEPTH = 16;

/**
 * Scans what refs hold outside any commit: the message of each annotated tag (and of the tags it
 * points at; a signature block left out only when it is the armour git signs with, armour.ts), and a blob or tree a ref names directly (a
 * lightweight or annotated tag of a file or a tree, any refs/*): each blob judged whole, as a file
 * named after the ref (`refs/tags/v1`, a tree's blobs `refs/tags/v1:path`). A commit at the end of
 * a chain is left to the range and history scans, which read commits. Pushing such a tag sends
 * that text with no commit, and `git rev-list --all` lists no object of it.
 */
export async function scanRefs(options: ScanRefsOptions): Promise<CheckResult<SecretsStats>> {
  const git = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  const root = options.root ?? (await getRepoRoot(git));
  const scanner = await prepareScanner(root, options);
  await scanRefObjects(scanner, { ...git, cwd: root }, options.refs);
  return finishScan(scanner, root, options);
}

/** scanRefs' walk with the caller's scanner, in a cat-file process of its own (history and range scans use it after the commits). */
export async function scanRefObjects(
  scanner: Scanner,
  git: { cwd: string; env?: NodeJS.ProcessEnv },
  refs: ReadonlyArray<{ oid: string; name: string }>,
): Promise<void> {
  if (refs.length === 0) return;
  const batch = new CatFileBatch(git);
  try {
    await walkRefs(scanner, batch, refs);
  } finally {
    batch.close();
  }
}

async function walkRefs(
  scanner: Scanner,
  batch: CatFileBatch,
  refs: ReadonlyArray<{ oid: string; name: string }>,
): Promise<void> {
  const seen = new Set<string>();
  const walk = async (oid: string, name: string): Promise<void> => {
    if (seen.has(oid)) return;
    seen.add(oid);
    const object = await batch.read(oid);
    if (object?.type === "blob") {
      await scanner.scan({ file: name, content: object.content, oid: object.oid });
      return;
    }
    if (object?.type !== "tree") return;
    for (const entry of parseTree(object.content, object.oid.length / 2)) {
      if (entry.mode === GITLINK) continue;
      await walk(entry.oid, name.includes(":") ? `${name}/${entry.name}` : `${name}:${entry.name}`);
    }
  };
  for (const ref of refs) {
    let oid = ref.oid;
    for (let depth = 0; depth < MAX_TAG_DEPTH && !seen.has(oid); depth++) {
      const object = await batch.read(oid);
      if (object?.type === "blob" || object?.type === "tree") {
        await walk(oid, ref.name);
        break;
      }
      if (object?.type !== "tag") break;
      seen.add(oid);
      const text = object.content.toString("utf8");
      const cut = text.indexOf("\n\n");
      const header = cut < 0 ? text : text.slice(0, cut);
      const body = cut < 0 ? "" : text.slice(cut + 2);
      const message = tagTextToScan(body);
      const name = /^tag (.+)$/m.exec(header)?.[1] ?? ref.name.replace(/^refs\/tags\//, "");
      if (message.trim() !== "") {
        scanner.stats.messages = (scanner.stats.messages ?? 0) + 1;
        scanner.stats.bytes += Buffer.byteLength(message);
        await scanner.scanText(message, { file: `tag ${name}` });
      }
      // The tagger (any name git accepts), the tag's name, a gpgsig-sha256 header, headers git never writes.
      await scanner.scanObjectHeaders(objectHeadersToScan(header), { file: `tag ${name} headers` });
      const next = /^object ([0-9a-f]{40,64})$/m.exec(header)?.[1];
      if (next === undefined) break;
      oid = next;
    }
  }
}
