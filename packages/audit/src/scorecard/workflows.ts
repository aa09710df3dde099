import type { AuditContext } from "../context.js";
import { type Plain, plain } from "./model.js";

/** GitHub workflows as plain data, with their path and the line of each job, for the Scorecard checks. */
export interface PlainWorkflow {
  file: string;
  data: Plain;
  triggers: Set<string>;
  jobs: Array<{ id: string; line: number; data: Plain }>;
}

const memo = new WeakMap<AuditContext, Promise<PlainWorkflow[]>>();

/** Converted once per audit, shared by the checks that read them. */
export function plainWorkflows(ctx: AuditContext): Promise<PlainWorkflow[]> {
  let pending = memo.get(ctx);
  if (pending === undefined) {
    pending = convert(ctx);
    memo.set(ctx, pending);
  }
  return pending;
}

async function convert(ctx: AuditContext): Promise<PlainWorkflow[]> {
  const { files } = await ctx.workflows();
  return files
    .filter((wf) => wf.kind === "github-workflow")
    .map((wf) => ({
      file: wf.file,
      data: plain(wf.doc.toJSON()),
      triggers: wf.triggers,
      jobs: wf.jobs.map((j) => ({
        id: j.id,
        line: wf.lines.linePos(j.key.range?.[0] ?? 0).line,
        data: plain(j.node.toJSON()),
      })),
    }));
}

/** Every `uses:` and `run:` of a job's steps. */
export function steps(job: Plain): Array<{ uses?: string; run?: string; with: Plain }> {
  const raw = Array.isArray(job.steps) ? job.steps : [];
  return raw.map((s) => {
    const step = plain(s);
    return {
      ...(typeof step.uses === "string" ? { uses: step.uses } : {}),
      ...(typeof step.run === "string" ? { run: step.run } : {}),
      with: plain(step.with),
    };
  });
}
