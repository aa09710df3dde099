import type { Scalar } from "yaml";
import { startOf } from "./nodes.js";

/** One `${{ ... }}` in a scalar, with its source offset (of the `$`). */
export interface Expression {
  body: string;
  offset: number;
  /** The whole `${{ ... }}` as written. */
  raw: string;
}

const EXPR = /\$\{\{([\s\S]*?)\}\}/g;

/**
 * Expressions in a scalar, found in its source text so the offsets are exact (block scalars,
 * quotes and folding included).
 */
export function expressionsIn(source: string, node: Scalar | undefined): Expression[] {
  if (!node?.range) return [];
  const start = startOf(node);
  const written = source.slice(start, node.range[1]);
  const out: Expression[] = [];
  for (const m of written.matchAll(EXPR)) out.push({ body: (m[1] ?? "").trim(), offset: start + m.index, raw: m[0] });
  return out;
}

/** Context references in an expression body (`github.event.issue.title`, `steps.x.outputs.y`), string literals skipped. */
export function contextsIn(body: string): string[] {
  // An index by a string literal is a property access (github['event']['issue']['title'] is
  // github.event.issue.title): written as one before string literals are blanked.
  const dotted = body.replace(
    /(?<=[\w\]*])\s*\[\s*'((?:[^']|'')*)'\s*\]/g,
    (_, key: string) => `.${/^[\w-]+$/.test(key) ? key : "*"}`,
  );
  const code = dotted.replace(/'(?:[^']|'')*'/g, "''");
  const out: string[] = [];
  for (const m of code.matchAll(/(?<![\w.-])([A-Za-z_][\w-]*(?:\.[\w-]+|\.\*|\[[^\]]*\])+)/g)) {
    const ref = (m[1] ?? "").replace(/\[\s*'([^']*)'\s*\]/g, ".$1").replace(/\[[^\]]*\]/g, ".*");
    // Skip function names (`contains(`) and a literal number.
    if (/^\d/.test(ref)) continue;
    out.push(ref.toLowerCase());
  }
  // A whole context (toJSON(github), toJSON(inputs)) holds every field of it.
  for (const m of code.matchAll(/(?<![\w.-])(github|inputs)(?![\w.[-]|\s*\()/gi)) out.push((m[1] ?? "").toLowerCase());
  return out;
}

/**
 * True when the expression's value is a boolean or number whatever its inputs: a comparison, a
 * negation, or a call of a boolean function, with no `||`/`&&` (which pass an operand through).
 */
export function yieldsScalarOnly(body: string): boolean {
  const code = body.replace(/'(?:[^']|'')*'/g, "''").trim();
  if (/\|\||&&/.test(code)) return false;
  if (/^!/.test(code)) return true;
  if (/(==|!=|<=|>=|<|>)/.test(code)) return true;
  return /^(contains|startsWith|endsWith|success|failure|always|cancelled|hashFiles)\s*\(/i.test(code);
}

/** Attacker-controllable fields of `github.event` (last segments or whole paths), high confidence. */
const DANGEROUS_SUFFIX =
  /\.(title|body|message|label|head_ref|head_branch|page_name|default_branch|description|display_title|email|name)$/;
const DANGEROUS_EXACT = new Set([
  "github.head_ref",
  "github.event.pull_request.head.ref",
  "github.event.workflow_run.head_branch",
  "github.event.check_suite.head_branch",
  "github.event.check_run.check_suite.head_branch",
  "github.event.workflow_run.pull_requests.*.head.ref",
]);
/**
 * Objects of `github.event` that hold attacker-controllable fields (a title, a body, a message, a
 * branch, an author's name): the object itself, as toJSON() or join() renders it, is attacker text.
 */
const ATTACKER_OBJECT =
  /\.(issue|pull_request|pull_requests|comment|review|review_comment|head_commit|commits|commit|discussion|answer|workflow_run|workflow_job|check_suite|check_run|release|pages|head|author|committer|pusher|milestone|label|labels|changes|repo|head_repository)(\.\*)*$/;
/** Fields whose values GitHub restricts to numbers, hex ids, booleans, logins or repository names. */
const SAFE_SUFFIX =
  /\.(number|id|node_id|sha|[a-z_]*_sha|before|after|merged|draft|locked|fork|private|state|action|created_at|updated_at|closed_at|merged_at|login|full_name|html_url|url|size|additions|deletions|commits|changed_files|author_association|run_number|run_attempt|forced|deleted|created|event|conclusion|status|workflow_id|check_suite_id|type|visibility)$/;
/** Safe contexts outside github.event. */
const SAFE_GITHUB =
  /^github\.(repository|repository_id|repository_owner|repository_owner_id|sha|run_id|run_number|run_attempt|actor|actor_id|triggering_actor|event_name|ref|ref_name|ref_type|ref_protected|base_ref|workflow|workflow_ref|workflow_sha|job|server_url|api_url|graphql_url|workspace|action|action_path|action_ref|action_repository|action_status|path|env|output|retention_days|secret_source|token|repositoryurl|repository_visibility)$/;

export type Taint = "attacker" | "possible" | "safe" | "unknown";

/** How far an attacker controls the value of a context reference (before env/steps/needs lookups). */
export function classifyContext(ref: string): Taint {
  if (DANGEROUS_EXACT.has(ref)) return "attacker";
  if (ref === "github.event" || ref === "github") return "attacker"; // toJSON(github.event)
  if (ref.startsWith("github.event.")) {
    if (ref === "github.event.pull_request.base.ref" || ref === "github.event.repository.default_branch") return "safe";
    if (ref.startsWith("github.event.inputs.") || ref === "github.event.inputs") return "possible";
    // Repository names are restricted to [A-Za-z0-9._-]; a commit author's name is free text.
    if (/(\.repo|\.repository|\.head_repository)\.name$/.test(ref)) return "safe";
    if (DANGEROUS_SUFFIX.test(ref)) return "attacker";
    if (SAFE_SUFFIX.test(ref)) return "safe";
    // A whole object holding attacker text (toJSON(github.event.issue), a commit's author).
    if (ATTACKER_OBJECT.test(ref)) return "attacker";
    return "unknown";
  }
  if (ref.startsWith("github.")) return SAFE_GITHUB.test(ref) ? "safe" : "unknown";
  if (ref === "inputs" || ref.startsWith("inputs.")) return "possible";
  return "safe";
}
