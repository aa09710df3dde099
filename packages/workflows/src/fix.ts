import { CST, isMap, Parser, type Scalar } from "yaml";
import { FULL_SHA } from "./audits/unpinned-action.js";
import { jobNeeds, type Scopes } from "./knowledge.js";
import { type ActionsLock, lockKey } from "./lock.js";
import type { Job, WorkflowFile } from "./model.js";
import { text } from "./nodes.js";
import { parseWorkflow } from "./parse.js";

/** An action (or reusable workflow) `fix` could not pin: the lock has no entry for it. */
export interface Unresolved {
  file: string;
  line: number;
  /** owner/repo */
  repo: string;
  ref: string;
}

export interface FixResult {
  file: string;
  before: string;
  after: string;
  /** owner/repo@ref -> sha pinned in this file. */
  pinned: Array<{ repo: string; ref: string; sha: string }>;
  unresolved: Unresolved[];
  /** What was done to permissions, one line each (or why a job was left to a person). */
  permissions: string[];
}

/** Every `owner/repo@ref` a file uses that is not pinned to a SHA (for --online resolution). */
export function unpinnedRefs(wf: WorkflowFile): Array<{ repo: string; ref: string; node: Scalar }> {
  const out: Array<{ repo: string; ref: string; node: Scalar }> = [];
  for (const job of wf.jobs) {
    const nodes = job.steps.map((s) => s.uses).filter((n): n is Scalar => n !== undefined);
    if (job.uses) nodes.push(job.uses);
    for (const node of nodes) {
      const value = text(node) ?? "";
      if (value.startsWith("./") || value.startsWith("docker://")) continue;
      const at = value.lastIndexOf("@");
      if (at < 0) continue;
      const ref = value.slice(at + 1);
      const repo = value.slice(0, at).split("/").slice(0, 2).join("/");
      if (!FULL_SHA.test(ref) && repo.includes("/")) out.push({ repo, ref, node });
    }
  }
  return out;
}

/**
 * Pins actions to the lock's SHAs (version in a trailing comment) and adds least permissions,
 * editing the YAML's concrete syntax tree: comments, quoting, blank lines and indentation of
 * everything else are kept byte for byte. Pure: returns the new text.
 */
export function fixWorkflow(file: string, source: string, lock: ActionsLock): FixResult {
  const wf = parseWorkflow(file, source);
  const result: FixResult = { file, before: source, after: source, pinned: [], unresolved: [], permissions: [] };
  if (wf.kind === "gitlab") return result;
  for (const { repo, ref, node } of unpinnedRefs(wf)) {
    const entry = lock.actions[lockKey(repo, ref)];
    if (!entry) {
      result.unresolved.push({ file, line: wf.lines.linePos(node.range?.[0] ?? 0).line, repo, ref });
      continue;
    }
    const value = text(node) ?? "";
    pinScalar(node, `${value.slice(0, value.lastIndexOf("@"))}@${entry.sha}`, ref);
    result.pinned.push({ repo, ref, sha: entry.sha });
  }
  if (wf.kind === "github-workflow" && !wf.permissions) addPermissions(wf, result);
  result.after = wf.cst.map((t) => CST.stringify(t)).join("");
  return result;
}

function pinScalar(node: Scalar, value: string, ref: string): void {
  const token = node.srcToken as CST.FlowScalar | undefined;
  if (!token) return;
  CST.setScalarValue(token, value);
  if (!token.end) return;
  const comment = token.end.find((t) => t.type === "comment");
  if (comment) comment.source = `# ${ref}`;
  else {
    const at = token.end.findIndex((t) => t.type === "newline");
    if (at < 0) return; // inside a flow collection: no room for a comment
    token.end.splice(
      at,
      0,
      { type: "space", offset: 0, indent: 0, source: " " },
      { type: "comment", offset: 0, indent: 0, source: `# ${ref}` },
    );
  }
}

/** Top-level `permissions: {}` plus, for each job without its own, what its steps need. */
function addPermissions(wf: WorkflowFile, result: FixResult): void {
  let allCovered = true;
  for (const job of wf.jobs) {
    if (job.permissions) continue;
    if (job.uses) {
      allCovered = false;
      result.permissions.push(
        `job \`${job.id}\` calls a reusable workflow: give it the permissions that workflow needs`,
      );
      continue;
    }
    const { needs, known } = jobNeeds(job.steps);
    if (!known) {
      allCovered = false;
      result.permissions.push(`job \`${job.id}\` uses steps rampart does not know: set its permissions by hand`);
      continue;
    }
    insertJobPermissions(job, needs);
    result.permissions.push(`job \`${job.id}\`: ${describe(needs)}`);
  }
  const top: Scopes = allCovered ? {} : { contents: "read" };
  insertItem(wf.root.srcToken as CST.BlockMap | undefined, "jobs", 0, top);
  result.permissions.push(`top level: ${describe(top)}`);
}

function describe(scopes: Scopes): string {
  const keys = Object.keys(scopes);
  return keys.length === 0
    ? "permissions: {}"
    : keys
        .sort()
        .map((k) => `${k}: ${scopes[k]}`)
        .join(", ");
}

function insertJobPermissions(job: Job, needs: Scopes): void {
  const token = job.node.srcToken as CST.BlockMap | undefined;
  if (token?.type !== "block-map" || !isMap(job.node)) return;
  insertItem(token, undefined, token.indent, needs);
}

/** Inserts `permissions:` into a block map: before the `before` key, else after the first item. */
function insertItem(map: CST.BlockMap | undefined, before: string | undefined, indent: number, scopes: Scopes): void {
  if (map?.type !== "block-map") return;
  const pad = " ".repeat(indent);
  const keys = Object.keys(scopes).sort();
  const snippet =
    keys.length === 0
      ? `${pad}permissions: {}\n`
      : `${pad}permissions:\n${keys.map((k) => `${pad}  ${k}: ${scopes[k]}\n`).join("")}`;
  const item = parseSnippet(snippet);
  if (!item) return;
  let at =
    before === undefined ? -1 : map.items.findIndex((i) => i.key && CST.isScalar(i.key) && i.key.source === before);
  if (at < 0) at = Math.min(1, map.items.length);
  // The first item's indentation belongs to its parent; any later one carries its own.
  if (at > 0 && indent > 0) item.start = [{ type: "space", offset: 0, indent, source: pad }];
  // Blank lines before the key we insert ahead of now separate the new key from what precedes it.
  const next = map.items[at];
  if (before !== undefined && next && indent === 0) {
    const blank = next.start.findIndex((t) => t.type !== "newline");
    const moved = next.start.splice(0, blank < 0 ? next.start.length : blank);
    item.start = [...moved, ...item.start];
  }
  map.items.splice(at, 0, item);
}

function parseSnippet(snippet: string): CST.BlockMap["items"][number] | undefined {
  for (const token of new Parser().parse(snippet))
    if (token.type === "document" && token.value?.type === "block-map") return token.value.items[0];
  return undefined;
}
