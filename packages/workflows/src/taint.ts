import { isMap, isScalar, type Node, type Scalar } from "yaml";
import { classifyContext, contextsIn, expressionsIn, type Taint, yieldsScalarOnly } from "./expressions.js";
import type { Job, Step, WorkflowFile } from "./model.js";
import { entries, get, getMap, scalars, text } from "./nodes.js";

/** One attacker-influenced reference inside an expression. */
export interface TaintHit {
  ref: string;
  taint: Exclude<Taint, "safe">;
  /** The chain that led to an attacker context, e.g. "env.TITLE <- github.event.issue.title". */
  via: string;
}

/** Actions whose outputs carry attacker-chosen text (file names of the PR, branch names). */
const TAINTED_OUTPUT_ACTIONS = new Set(["tj-actions/changed-files", "dorny/paths-filter", "tj-actions/branch-names"]);

/** Typed inputs (boolean, number, choice) cannot carry a shell payload. */
function inputType(wf: WorkflowFile, name: string): string | undefined {
  const on = get(wf.root, "on") ?? get(wf.root, "true");
  for (const event of ["workflow_dispatch", "workflow_call"]) {
    const input = get(getMap(getMap(on, event), "inputs"), name);
    const type = text(get(input, "type"));
    if (type) return type;
  }
  const action = get(getMap(wf.root, "inputs"), name);
  return isMap(action) ? "string" : undefined;
}

/** The attacker-influenced references an expression body expands, following env, step outputs and job outputs. */
export function taintOf(
  wf: WorkflowFile,
  job: Job | undefined,
  step: Step | undefined,
  body: string,
  depth = 0,
): TaintHit[] {
  if (yieldsScalarOnly(body) || depth > 4) return [];
  const hits: TaintHit[] = [];
  for (const ref of contextsIn(body)) {
    const direct = classifyContext(ref);
    if (direct === "possible") {
      const name = ref.replace(/^(github\.event\.)?inputs\./, "");
      const type = inputType(wf, name);
      if (type === "boolean" || type === "number" || type === "choice" || type === "environment") continue;
      hits.push({ ref, taint: "possible", via: ref });
    } else if (direct !== "safe") hits.push({ ref, taint: direct, via: ref });
    else for (const hit of indirect(wf, job, step, ref, depth)) hits.push({ ...hit, via: `${ref} <- ${hit.via}` });
  }
  return hits;
}

function indirect(
  wf: WorkflowFile,
  job: Job | undefined,
  step: Step | undefined,
  ref: string,
  depth: number,
): TaintHit[] {
  const parts = ref.split(".");
  if (parts[0] === "env" && parts[1]) {
    for (const map of [step?.env, job?.env, wf.env]) {
      const value = map ? entries(map).find(([k]) => k.toLowerCase() === parts[1])?.[1] : undefined;
      if (value !== undefined) return taintOfNode(wf, job, undefined, value, depth + 1);
    }
    return [];
  }
  if (parts[0] === "steps" && parts[1] && parts[2] === "outputs" && job) {
    const source = job.steps.find((s) => s.id?.toLowerCase() === parts[1]);
    if (!source) return [];
    const action = actionName(source.uses);
    if (action && TAINTED_OUTPUT_ACTIONS.has(action)) return [{ ref, taint: "attacker", via: action }];
    const hits: TaintHit[] = [];
    for (const node of [source.run, source.with, source.env])
      hits.push(...taintOfNode(wf, job, source, node, depth + 1));
    return hits;
  }
  if (parts[0] === "needs" && parts[1] && parts[2] === "outputs" && parts[3]) {
    const producer = wf.jobs.find((j) => j.id.toLowerCase() === parts[1]);
    const output = producer
      ? entries(get(producer.node, "outputs")).find(([k]) => k.toLowerCase() === parts[3])
      : undefined;
    return output ? taintOfNode(wf, producer, undefined, output[1], depth + 1) : [];
  }
  return [];
}

/** Taint of every expression under a node. */
export function taintOfNode(
  wf: WorkflowFile,
  job: Job | undefined,
  step: Step | undefined,
  node: Node | undefined,
  depth = 0,
): TaintHit[] {
  const hits: TaintHit[] = [];
  for (const scalar of scalars(node))
    for (const e of expressionsIn(wf.text, scalar)) hits.push(...taintOf(wf, job, step, e.body, depth));
  return hits;
}

/** `owner/repo` of a `uses:` value (path and ref dropped), lower case; undefined for local and docker. */
export function actionName(uses: Scalar | undefined): string | undefined {
  const value = text(uses);
  if (!value || value.startsWith("./") || value.startsWith("docker://")) return undefined;
  const [path] = value.split("@");
  const [owner, repo] = (path ?? "").split("/");
  return owner && repo ? `${owner}/${repo}`.toLowerCase() : undefined;
}

/** `owner/repo/path` of a `uses:` value, lower case (for the knowledge base of sub-actions). */
export function actionPath(uses: Scalar | undefined): string | undefined {
  const value = text(uses);
  if (!value || value.startsWith("./") || value.startsWith("docker://")) return undefined;
  return (value.split("@")[0] ?? "").toLowerCase();
}

export function isScalarNode(node: unknown): node is Scalar {
  return isScalar(node);
}
