import {
  type CheckResult,
  type Finding,
  fingerprint,
  isRampartError,
  type Severity,
  sortFindings,
} from "@rampart/core";
import type { Audit, AuditContext, Report } from "./audit.js";
import { AUDITS } from "./audits/index.js";
import type { LocalActionRefs } from "./local-actions.js";
import { type ActionsLock, emptyLock } from "./lock.js";
import type { WorkflowFile, WorkflowKind } from "./model.js";
import { startOf } from "./nodes.js";
import { parseWorkflow } from "./parse.js";
import { failsAt, type WorkflowsPolicy } from "./policy.js";

export interface WorkflowSource {
  /** Repository-relative path, forward slashes. */
  file: string;
  text: string;
  /** What the file is, when its path does not say (a GitLab CI file another one includes). */
  kind?: WorkflowKind;
}

/** A file that could not be judged (malformed YAML): one line naming file and line. */
export interface WorkflowFileError {
  file: string;
  line?: number;
  column?: number;
  message: string;
  hint?: string;
}

export interface WorkflowStats {
  files: number;
  audits: number;
  errors: WorkflowFileError[];
}

export interface CheckWorkflowsOptions {
  policy?: WorkflowsPolicy;
  lock?: ActionsLock;
  /**
   * The same files already parsed with parseWorkflow, so a caller that needs the parse itself
   * (rampart audit) does not pay for it twice; `sources` are then not parsed again.
   */
  parsed?: readonly WorkflowFile[];
  /**
   * The local actions followed from these files (followLocalActions; their action files are among
   * the sources): the local-action-not-audited audit reports each `uses: ./path` not resolved here.
   */
  localActions?: LocalActionRefs;
}

/**
 * Runs every audit the policy leaves on over the files. A malformed file is reported in
 * stats.errors and the others are still judged. `ok` is false when a finding is at or above the
 * policy's severity threshold.
 */
export function checkWorkflows(
  sources: readonly WorkflowSource[],
  options: CheckWorkflowsOptions = {},
): CheckResult<WorkflowStats> {
  const policy = options.policy ?? {};
  const files: WorkflowFile[] = options.parsed ? [...options.parsed] : [];
  const errors: WorkflowFileError[] = [];
  for (const source of options.parsed ? [] : sources) {
    try {
      files.push(parseWorkflow(source.file, source.text, source.kind));
    } catch (error) {
      if (!isRampartError(error)) throw error;
      errors.push({
        file: source.file,
        ...(error.line === undefined ? {} : { line: error.line }),
        ...(error.column === undefined ? {} : { column: error.column }),
        message: error.message,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      });
    }
  }
  const ctx: AuditContext = {
    files,
    lock: options.lock ?? emptyLock(),
    ...(options.localActions === undefined ? {} : { localActions: options.localActions }),
  };
  const findings: Finding[] = [];
  let audits = 0;
  const settings: Readonly<Record<string, Severity | "off" | undefined>> = policy.audits ?? {};
  for (const audit of AUDITS) {
    const setting = settings[audit.id];
    if (setting === "off") continue;
    audits++;
    for (const wf of files) {
      if (!audit.kinds.includes(wf.kind)) continue;
      audit.run(wf, (r) => findings.push(toFinding(audit, wf, r, setting)), ctx);
    }
  }
  const sorted = sortFindings(findings);
  return {
    ok: !sorted.some((f) => failsAt(f.severity, policy)),
    findings: sorted,
    stats: { files: files.length, audits, errors },
  };
}

function toFinding(audit: Audit, wf: WorkflowFile, r: Report, setting: Finding["severity"] | undefined): Finding {
  const offset = typeof r.at === "number" ? r.at : startOf(r.at);
  const { line, col } = wf.lines.linePos(offset);
  const ruleId = `workflows/${audit.id}`;
  return {
    ruleId,
    severity: setting ?? r.severity ?? audit.severity,
    message: r.message,
    file: wf.file,
    line,
    column: col,
    framework: [...audit.framework],
    fingerprint: fingerprint(
      ruleId,
      wf.file,
      r.job?.id,
      r.step?.id ?? r.step?.name ?? r.step?.index,
      r.key ?? r.message,
    ),
    hint: r.fix ?? audit.fix,
    confidence: r.confidence ?? audit.confidence,
    properties: {
      ...(r.job ? { job: r.job.id } : {}),
      ...(r.step ? { step: r.step.id ?? r.step.name ?? r.step.index + 1 } : {}),
    },
  };
}
