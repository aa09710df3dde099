import { RampartError } from "@rampart/core";
import {
  type Alias,
  Composer,
  type CST,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  Parser,
  type Scalar,
  visit,
  type YAMLMap,
} from "yaml";
import type { Job, Step, WorkflowFile, WorkflowKind } from "./model.js";
import { entries, get, getMap, getScalar, pairOf, text } from "./nodes.js";

/** GitLab's reserved top-level keys: everything else at the top of .gitlab-ci.yml is a job. */
const GITLAB_RESERVED = new Set([
  "default",
  "include",
  "stages",
  "variables",
  "workflow",
  "image",
  "services",
  "cache",
  "before_script",
  "after_script",
  "spec",
]);

export function kindOf(file: string): WorkflowKind {
  const base = file.split("/").pop() ?? file;
  if (/(^|\.)gitlab-ci\.ya?ml$/.test(base) || file.startsWith(".gitlab/")) return "gitlab";
  if (/^action\.ya?ml$/.test(base)) return "github-action";
  return "github-workflow";
}

/**
 * Parses one workflow file into its model, keeping the CST (source tokens) so that `fix` can edit
 * the file in place. Throws RampartError WORKFLOW_INVALID naming the file and line on bad YAML.
 */
export function parseWorkflow(file: string, source: string, kind: WorkflowKind = kindOf(file)): WorkflowFile {
  const lines = new LineCounter();
  let tokens: CST.Token[];
  let docs: Document.Parsed[];
  try {
    tokens = [...new Parser(lines.addNewLine).parse(source)];
    // Duplicate keys are found below, in one pass: the yaml package compares each key with every
    // key before it in its map (uniqueKeys), quadratic in a map's size.
    // logLevel "error": a document turned into objects (audit's doc.toJSON()) would have the yaml
    // package print its own warning, quoting 36 characters of a collection key, past redaction.
    docs = [
      ...new Composer({ keepSourceTokens: true, uniqueKeys: false, logLevel: "error" }).compose(
        tokens,
        true,
        source.length,
      ),
    ];
  } catch (error) {
    // The yaml package recurses per nesting level: input nested deeper than the stack is bad input.
    if (error instanceof RangeError) throw invalid(file, lines, 0, "nested too deeply to read");
    throw error;
  }
  const doc = docs[0];
  const problem = doc?.errors[0] ?? docs[1]?.errors[0];
  const duplicate = doc === undefined ? undefined : firstDuplicateKey(doc);
  // Whichever comes first in the file, as the yaml package reports its errors.
  if (duplicate !== undefined && (problem === undefined || duplicate <= problem.pos[0]))
    throw invalid(file, lines, duplicate, "Map keys must be unique");
  if (problem) throw invalid(file, lines, problem.pos[0], problem.message.split("\n")[0] ?? "invalid YAML");
  if (docs.length > 1) throw invalid(file, lines, docs[1]?.range[0] ?? 0, "more than one YAML document");
  if (!doc || !isMap(doc.contents)) throw invalid(file, lines, 0, "the file is not a YAML mapping");
  followAliases(file, lines, doc);
  const root = doc.contents;
  const wf: WorkflowFile = {
    file,
    kind,
    text: source,
    doc,
    cst: tokens,
    lines,
    root,
    triggers: new Set(),
    triggerKey: undefined,
    permissions: undefined,
    env: undefined,
    jobs: [],
  };
  if (kind === "gitlab") readGitlab(wf);
  else if (kind === "github-action") readAction(wf);
  else readWorkflow(wf);
  return wf;
}

/**
 * Where the first key that repeats an earlier key of its map is (the yaml package's uniqueKeys:
 * scalar keys of strictly equal values; an alias or collection key equals no other), in one pass
 * with a set per map.
 */
function firstDuplicateKey(doc: Document.Parsed): number | undefined {
  let first: number | undefined;
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        const value = key.value;
        if (typeof value === "number" && Number.isNaN(value)) continue; // NaN === NaN is false
        if (!seen.has(value)) {
          seen.add(value);
          continue;
        }
        const at = key.range?.[0] ?? 0;
        if (first === undefined || at < first) first = at;
        break;
      }
    },
  });
  return first;
}

/** Nodes a document's aliases may expand to (YAML "billion laughs": audits walk the expansion). */
const MAX_EXPANDED = 100_000;

/**
 * Puts the anchored node in each alias's place: GitHub Actions (since 2025-09) and GitLab follow
 * `*name`, so `steps: *steps` runs the anchored steps, which every audit must see (an Alias node
 * hid them all). An alias inside its own anchor, or aliases expanding past MAX_EXPANDED nodes,
 * are refused (WORKFLOW_INVALID): the file is then not judged as if it were harmless.
 */
function followAliases(file: string, lines: LineCounter, doc: Document.Parsed): void {
  // One walk, in document order: an alias names the last node anchored before it (the yaml
  // package's own Alias.resolve walks the whole document for each alias: quadratic).
  const anchors = new Map<string, unknown>();
  const found: Array<{ parent: unknown; key: unknown; target: unknown }> = [];
  visit(doc, {
    Node(key, node, path) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        const at = node.range?.[0] ?? 0;
        if (target === undefined) throw invalid(file, lines, at, `the alias *${node.source} names no anchor`);
        if (inside(node, target, path))
          throw invalid(file, lines, at, `the alias *${node.source} is inside its own anchor`);
        found.push({ parent: path[path.length - 1], key, target });
      } else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  // Every target is found before any alias is replaced: the walk above would otherwise go on into
  // the (possibly huge) expansion.
  for (const { parent, key, target } of found) {
    if (isPair(parent)) {
      if (key === "key") parent.key = target;
      else parent.value = target;
    } else if (isSeq(parent) || isMap(parent)) parent.items[key as number] = target as never;
    else if (parent === doc) doc.contents = target as never;
  }
  // GitLab's merge key: `<<: *defaults` (or a list of them) gives the map the pairs it does not
  // set itself, the first source first. Done sources-first, once per map. Each pair given adds at
  // least two nodes (key, value) to the expansion measured below: past half the cap in pairs, the
  // file is refused here, before the work of giving them (a thousand maps merging a thousand keys).
  let given = 0;
  const merged = new Set<unknown>();
  const merge = (node: unknown, depth: number): void => {
    if (depth > 200) throw invalid(file, lines, 0, "aliases nest too deeply");
    if (merged.has(node)) return;
    merged.add(node);
    if (isSeq(node)) for (const item of node.items) merge(item, depth + 1);
    if (!isMap(node)) return;
    for (const item of node.items) merge(item.value, depth + 1);
    const at = node.items.findIndex((p) => isScalar(p.key) && p.key.type === "PLAIN" && p.key.value === "<<");
    if (at < 0) return;
    const from = node.items[at]?.value;
    const sources = isSeq(from) ? from.items : [from];
    const has = new Set(node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : p.key)));
    for (const source of sources) {
      if (!isMap(source)) continue;
      for (const p of source.items) {
        const k = isScalar(p.key) ? String(p.key.value) : p.key;
        if (k === "<<" || has.has(k)) continue;
        if (++given > MAX_EXPANDED / 2) throw tooLarge(file, lines);
        has.add(k);
        node.items.push(p);
      }
    }
  };
  merge(doc.contents, 0);
  const sizes = new Map<unknown, number>();
  const size = (node: unknown, depth: number): number => {
    if (depth > 200) throw invalid(file, lines, 0, "aliases nest too deeply");
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let n = 1;
    if (isMap(node)) for (const item of node.items) n += size(item.key, depth + 1) + size(item.value, depth + 1);
    else if (isSeq(node)) for (const item of node.items) n += size(item, depth + 1);
    if (n > MAX_EXPANDED) throw tooLarge(file, lines);
    sizes.set(node, n);
    return n;
  };
  size(doc.contents as Node, 0);
}

/**
 * Whether an alias stands inside the node it names (`&a [*a]`): its place in the source is within
 * the node's, which is the node being one of its ancestors (`path`) in a document as parsed. One
 * comparison, not a search of the path (deep nesting times many aliases).
 */
function inside(alias: Alias, target: unknown, path: readonly unknown[]): boolean {
  const range = (target as { range?: [number, number, number] }).range;
  const at = alias.range?.[0];
  if (range === undefined || at === undefined) return path.includes(target);
  return range[0] <= at && at < range[2];
}

function tooLarge(file: string, lines: LineCounter): RampartError {
  return invalid(file, lines, 0, `aliases expand the file past ${MAX_EXPANDED} nodes`);
}

function invalid(file: string, lines: LineCounter, offset: number, message: string): RampartError {
  const { line, col } = lines.linePos(offset);
  return new RampartError("WORKFLOW_INVALID", `invalid YAML: ${message}`, {
    file,
    line,
    column: col,
    hint: "fix the YAML syntax (indentation, quotes, duplicate keys); the other files are still checked",
  });
}

function readWorkflow(wf: WorkflowFile): void {
  // `on` is a boolean to YAML 1.1 readers; the yaml package reads YAML 1.2, where it is a string.
  const on = pairOf(wf.root, "on") ?? pairOf(wf.root, "true");
  wf.triggerKey = (on?.key ?? undefined) as Scalar | undefined;
  const value = on?.value;
  if (isScalar(value) && text(value)) wf.triggers.add(String(value.value));
  else if (isSeq(value)) {
    for (const item of value.items) {
      const name = text(item);
      if (name) wf.triggers.add(name);
    }
  } else if (isMap(value)) {
    for (const [name] of entries(value)) wf.triggers.add(name);
  }
  wf.permissions = pairOf(wf.root, "permissions");
  wf.env = getMap(wf.root, "env");
  for (const [id, node, pair] of entries(get(wf.root, "jobs"))) {
    if (!isMap(node)) continue;
    wf.jobs.push({
      id,
      key: pair.key as Scalar,
      node,
      steps: readSteps(get(node, "steps")),
      permissions: pairOf(node, "permissions"),
      uses: getScalar(node, "uses"),
      env: getMap(node, "env"),
    });
  }
}

function readAction(wf: WorkflowFile): void {
  const runs = getMap(wf.root, "runs");
  const key = pairOf(wf.root, "runs")?.key as Scalar | undefined;
  if (!runs || !key) return;
  wf.jobs.push({
    id: "(action)",
    key,
    node: runs,
    steps: readSteps(get(runs, "steps")),
    permissions: undefined,
    uses: undefined,
    env: undefined,
  });
}

function readSteps(node: unknown): Step[] {
  if (!isSeq(node)) return [];
  const steps: Step[] = [];
  node.items.forEach((item, index) => {
    if (!isMap(item)) return;
    steps.push({
      index,
      node: item,
      id: text(get(item, "id")),
      name: text(get(item, "name")),
      uses: getScalar(item, "uses"),
      run: getScalar(item, "run"),
      with: getMap(item, "with"),
      env: getMap(item, "env"),
    });
  });
  return steps;
}

function readGitlab(wf: WorkflowFile): void {
  wf.env = getMap(wf.root, "variables");
  for (const [id, node, pair] of entries(wf.root)) {
    if (GITLAB_RESERVED.has(id) || id.startsWith(".") || !isMap(node)) continue;
    wf.jobs.push(gitlabJob(id, pair.key as Scalar, node));
  }
  const defaults = getMap(wf.root, "default");
  const key = (pairOf(wf.root, "default")?.key ?? undefined) as Scalar | undefined;
  if (defaults && key) wf.jobs.push(gitlabJob("default", key, defaults));
  // Top-level (deprecated) image/before_script: a pseudo-job over the root.
  const rootKey = wf.root.items[0]?.key as Scalar | undefined;
  if (rootKey && (get(wf.root, "image") || get(wf.root, "before_script") || get(wf.root, "after_script")))
    wf.jobs.push(gitlabJob("(top level)", rootKey, wf.root as YAMLMap));
}

function gitlabJob(id: string, key: Scalar, node: YAMLMap): Job {
  return { id, key, node, steps: [], permissions: undefined, uses: undefined, env: getMap(node, "variables") };
}

/** The script lines of a GitLab job (before_script, script, after_script), as scalars. */
export function gitlabScripts(job: Job): Scalar[] {
  const out: Scalar[] = [];
  for (const key of ["before_script", "script", "after_script"]) {
    const v = get(job.node, key);
    if (isScalar(v)) out.push(v);
    else if (isSeq(v))
      for (const item of v.items) {
        if (isScalar(item)) out.push(item);
        else if (isSeq(item)) for (const inner of item.items) if (isScalar(inner)) out.push(inner);
      }
  }
  return out;
}
