import { type Audit, WORKFLOW_ONLY } from "../audit.js";
import type { Job, Step, WorkflowFile } from "../model.js";
import { get, text } from "../nodes.js";
import { actionName, actionPath } from "../taint.js";

/** Triggers whose runs share the default branch's cache scope while running on others' input. */
const SHARED_SCOPE_TRIGGERS = ["pull_request_target", "workflow_run", "issue_comment"];
/** Publishing steps: a release job. */
const PUBLISH =
  /\b(npm|pnpm|yarn)\s+publish\b|\bgh\s+release\s+(create|upload)\b|\bdocker\s+push\b|\btwine\s+upload\b|\bcargo\s+publish\b|\bchangeset\s+publish\b/;
const PUBLISH_ACTIONS = new Set([
  "softprops/action-gh-release",
  "pypa/gh-action-pypi-publish",
  "changesets/action",
  "docker/build-push-action",
  "actions/attest-build-provenance",
]);

export const audit: Audit = {
  id: "cache-poisoning",
  summary: "a release job restores a cache that a pull-request-triggered job can write",
  severity: "error",
  confidence: "medium",
  framework: ["BLD-5", "BLD-6"],
  fix: "do not restore caches in release jobs (drop `cache:` from setup-* and actions/cache there), or use actions/cache/restore only and never save from untrusted runs",
  kinds: WORKFLOW_ONLY,
  run(wf, report, ctx) {
    const writers = writersOf(ctx.files);
    if (writers.length === 0) return;
    for (const job of wf.jobs) {
      if (!isRelease(wf, job)) continue;
      for (const step of job.steps) {
        if (!usesCache(step)) continue;
        const writer = writers.find((w) => w.file !== wf || w.job !== job) ?? writers[0];
        if (!writer) continue;
        const shared = SHARED_SCOPE_TRIGGERS.some((t) => writer.file.triggers.has(t));
        report({
          at: step.uses ?? step.node,
          message: `release job \`${job.id}\` restores a cache that ${writer.file.file} job \`${writer.job.id}\` writes on ${[...writer.file.triggers].filter((t) => t.startsWith("pull_request") || SHARED_SCOPE_TRIGGERS.includes(t)).join("/")}`,
          confidence: shared ? "high" : "low",
          severity: shared ? "error" : "warning",
          job,
          step,
        });
      }
    }
  },
};

/** The PR-triggered cache writers of a run's files, computed once per run (not once per file). */
const WRITERS = new WeakMap<readonly WorkflowFile[], Array<{ file: WorkflowFile; job: Job }>>();
function writersOf(files: readonly WorkflowFile[]): Array<{ file: WorkflowFile; job: Job }> {
  let writers = WRITERS.get(files);
  if (!writers) {
    writers = files.flatMap((f) => prWriters(f));
    WRITERS.set(files, writers);
  }
  return writers;
}

function prWriters(wf: WorkflowFile): Array<{ file: WorkflowFile; job: Job }> {
  if (
    wf.kind !== "github-workflow" ||
    ![...wf.triggers].some((t) => t.startsWith("pull_request") || SHARED_SCOPE_TRIGGERS.includes(t))
  )
    return [];
  return wf.jobs
    .filter((j) => j.steps.some((s) => usesCache(s) && actionPath(s.uses) !== "actions/cache/restore"))
    .map((job) => ({ file: wf, job }));
}

/** setup-* with `cache:`, setup-go (caches by default), actions/cache(/restore). */
export function usesCache(step: Step): boolean {
  const path = actionPath(step.uses);
  if (path === "actions/cache" || path === "actions/cache/restore") return true;
  const name = actionName(step.uses);
  if (name === "actions/setup-go") return text(get(step.with, "cache")) !== "false";
  if (name?.startsWith("actions/setup-") || name === "pnpm/action-setup") {
    const cache = text(get(step.with, "cache"));
    return cache !== undefined && cache !== "" && cache !== "false";
  }
  return false;
}

function isRelease(wf: WorkflowFile, job: Job): boolean {
  if (job.steps.some((s) => PUBLISH.test(text(s.run) ?? "") || PUBLISH_ACTIONS.has(actionName(s.uses) ?? "")))
    return true;
  // A workflow that only runs on releases: every job of it is a release job.
  return wf.triggers.size > 0 && [...wf.triggers].every((t) => t === "release" || t === "workflow_dispatch");
}
