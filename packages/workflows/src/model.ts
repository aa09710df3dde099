import type { CST, Document, LineCounter, Node, Pair, Scalar, YAMLMap } from "yaml";

/** What a file is: a GitHub workflow, a composite (or other) action's action.yml, or GitLab CI. */
export type WorkflowKind = "github-workflow" | "github-action" | "gitlab";

/** One step of a GitHub job or composite action, with the nodes audits point at. */
export interface Step {
  index: number;
  node: YAMLMap;
  id: string | undefined;
  name: string | undefined;
  /** `uses:` value node. */
  uses: Scalar | undefined;
  /** `run:` value node. */
  run: Scalar | undefined;
  with: YAMLMap | undefined;
  env: YAMLMap | undefined;
}

/** A GitHub job (or a composite action's steps as one pseudo-job, or a GitLab job). */
export interface Job {
  id: string;
  /** The job's key node (for locations). */
  key: Scalar;
  node: YAMLMap;
  steps: Step[];
  /** `permissions:` pair of the job, when present. */
  permissions: Pair | undefined;
  /** `uses:` of a reusable-workflow call. */
  uses: Scalar | undefined;
  env: YAMLMap | undefined;
}

/** One parsed file, with its positions. */
export interface WorkflowFile {
  /** Repository-relative path, forward slashes. */
  file: string;
  kind: WorkflowKind;
  text: string;
  doc: Document.Parsed;
  /** The concrete syntax tree the document was composed from: `fix` edits it and prints it back. */
  cst: CST.Token[];
  lines: LineCounter;
  root: YAMLMap;
  /** Event names of `on:` (GitHub workflows); empty otherwise. */
  triggers: Set<string>;
  /** The `on:` key (or the top of the file). */
  triggerKey: Node | undefined;
  /** Top-level `permissions:` pair (GitHub workflows). */
  permissions: Pair | undefined;
  env: YAMLMap | undefined;
  jobs: Job[];
}
