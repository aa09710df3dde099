import type { Scalar } from "yaml";
import type { Job, Step, WorkflowFile } from "./model.js";
import { entries, text } from "./nodes.js";
import { gitlabScripts } from "./parse.js";

/** A shell script of the pipeline: a step's `run:` or a GitLab script line, with its source. */
export interface Script {
  job: Job;
  step: Step | undefined;
  node: Scalar;
  /** The script as written in the file (indentation of block scalars included). */
  source: string;
  /** Offset of `source` in the file. */
  offset: number;
}

export function* scriptsOf(wf: WorkflowFile): Generator<Script> {
  for (const job of wf.jobs) {
    const nodes: Array<[Scalar, Step | undefined]> =
      wf.kind === "gitlab"
        ? gitlabScripts(job).map((n) => [n, undefined])
        : job.steps.filter((s) => s.run).map((s) => [s.run as Scalar, s]);
    for (const [node, step] of nodes) {
      if (!node.range) continue;
      yield { job, step, node, source: wf.text.slice(node.range[0], node.range[1]), offset: node.range[0] };
    }
  }
}

/** Shell commands of a script: split on newlines (joined continuations), `;`, `&&`, `||`; pipes kept. */
export function* commandsOf(script: Script): Generator<{ command: string; offset: number }> {
  const re = /[^\n;&|]+(?:\|(?!\|)[^\n;&|]*)*/g;
  const joined = script.source.replace(/\\\n/g, "  ");
  for (const m of joined.matchAll(re)) {
    const lead = m[0].length - m[0].trimStart().length;
    const command = m[0].trim();
    if (command !== "" && !command.startsWith("#")) yield { command, offset: script.offset + m.index + lead };
  }
}

/** Whether a variable is set to a truthy value in the step's, job's or file's env (or GitLab variables). */
export function envSet(wf: WorkflowFile, script: Script, name: RegExp, value: RegExp): boolean {
  for (const map of [script.step?.env, script.job.env, wf.env])
    for (const [key, node] of entries(map)) if (name.test(key) && value.test(text(node) ?? "")) return true;
  return false;
}
