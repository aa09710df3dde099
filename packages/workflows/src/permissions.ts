import { isMap, isScalar, type Node, type Pair } from "yaml";
import type { Job, WorkflowFile } from "./model.js";
import { entries, text } from "./nodes.js";

/** A job's effective `permissions:` pair: its own, else the workflow's, else undefined (the default token). */
export function effectivePermissions(wf: WorkflowFile, job: Job): Pair | undefined {
  return job.permissions ?? wf.permissions;
}

/** Scopes granted `write` by a permissions value, with the node of each (the key for a map entry). */
export function writeScopes(value: unknown): Array<[string, Node]> {
  const out: Array<[string, Node]> = [];
  if (!isMap(value)) return out;
  for (const [scope, node, pair] of entries(value)) if (text(node) === "write") out.push([scope, pair.key as Node]);
  return out;
}

export function isWriteAll(value: unknown): boolean {
  return isScalar(value) && text(value) === "write-all";
}
