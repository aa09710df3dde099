import type { CheckResult, Finding } from "@rampart/core/findings";
import { CatFileBatch, getRepoRoot, parseTree } from "@rampart/core/git";
import { maskSecret } from "@rampart/core/redact";
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
  await scanRefNames(
    scanner,
    options.refs.map((r) => r.name),
  );
  await scanRefObjects(scanner, { ...git, cwd: root }, options.refs);
  return finishScan(scanner, root, options);
}

/** What a ref-name finding's `file` is while its name is judged, before the name is shown masked. */
const REF_NAME_WHILE_SCANNED = "ref name";

/**
 * Ref names are pushed and published like content (`git push origin HEAD:refs/heads/<token>`, a
 * lightweight tag named with a key), and no commit, tree or tag object holds a branch's or a
 * lightweight tag's name: each name is judged as one line of text by every rule. A finding names
 * the ref as `ref <name>` with what matched masked (its preview), never whole: the name is the
 * secret's location and its carrier at once. Each name once.
 */
export async function scanRefNames(scanner: Scanner, names: Iterable<string>): Promise<void> {
  for (const name of new Set(names)) {
    if (name === "") continue;
    const before = scanner.findings.length;
    scanner.stats.bytes += Buffer.byteLength(name);
    await scanner.scanText(name, { file: REF_NAME_WHILE_SCANNED });
    const found = scanner.findings.slice(before);
    if (found.length === 0) continue;
    const shown = `ref ${maskedName(name, found)}`;
    for (const f of found) f.file = shown;
  }
}

/**
 * The name with each finding's match replaced by its masked preview; the whole name masked when
 * a finding does not say where its match is (a sensitive-name hit, a rule without a span).
 */
function maskedName(name: string, found: readonly Finding[]): string {
  const spans: Array<{ start: number; end: number; preview: string }> = [];
  for (const f of found) {
    const length = f.properties?.length;
    const preview = f.properties?.secretPreview;
    if (f.line !== 1 || f.column === undefined || typeof length !== "number" || typeof preview !== "string")
      return maskSecret(name);
    const start = f.column - 1;
    // The span must hold what the finding masked: else (a rule reporting another column) all of it.
    if (maskSecret(name.slice(start, start + length)) !== preview) return maskSecret(name);
    spans.push({ start, end: start + length, preview });
  }
  spans.sort((a, b) => b.start - a.start);
  let out = name;
  let limit = name.length;
  for (const span of spans) {
    if (span.end > limit) return maskSecret(name); // overlapping matches: mask it all
    out = out.slice(0, span.start) + span.preview + out.slice(span.end);
    limit = span.start;
  }
  return out;
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
