import type { Confidence, FrameworkId, Severity } from "@rampart/core";
import type { LocalActionRefs } from "./local-actions.js";
import type { ActionsLock } from "./lock.js";
import type { Job, Step, WorkflowFile, WorkflowKind } from "./model.js";

/** What an audit reports; the runner turns it into a core Finding with the file's position. */
export interface Report {
  /** The node (or source offset) the finding points at: the offending key or expression. */
  at: unknown;
  message: string;
  severity?: Severity;
  confidence?: Confidence;
  job?: Job;
  step?: Step;
  /** A stable part of the fingerprint besides file, job and rule (e.g. the context or action). */
  key?: string;
  /** A fix specific to this finding; the audit's `fix` otherwise. */
  fix?: string;
}

export interface AuditContext {
  /** Every file of the run, for audits across workflows (cache poisoning). */
  files: readonly WorkflowFile[];
  lock: ActionsLock;
  /** The local actions the caller followed (followLocalActions): what each `./path` resolved to. */
  localActions?: LocalActionRefs;
}

/** One audit: its metadata (the registry) and its check. One file per audit in ./audits. */
export interface Audit {
  /** Kebab-case id; the finding's ruleId is `workflows/<id>`. */
  id: string;
  summary: string;
  severity: Severity;
  confidence: Confidence;
  framework: FrameworkId[];
  /** How to fix it, one sentence (the finding's hint). */
  fix: string;
  kinds: readonly WorkflowKind[];
  run(wf: WorkflowFile, report: (r: Report) => void, ctx: AuditContext): void;
}

export const GITHUB: readonly WorkflowKind[] = ["github-workflow", "github-action"];
export const WORKFLOW_ONLY: readonly WorkflowKind[] = ["github-workflow"];
export const ALL_KINDS: readonly WorkflowKind[] = ["github-workflow", "github-action", "gitlab"];
