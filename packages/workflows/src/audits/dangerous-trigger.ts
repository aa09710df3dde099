import { type Audit, WORKFLOW_ONLY } from "../audit.js";
import { expressionsIn } from "../expressions.js";
import type { Step } from "../model.js";
import { get, text } from "../nodes.js";
import { actionName } from "../taint.js";

/** Contexts that name the pull request's (or triggering run's) head: checking them out fetches the fork's code. */
const HEAD =
  /github\.event\.(pull_request\.head\.(sha|ref|repo)|workflow_run\.head_(sha|branch)|workflow_run\.head_repository|number|pull_request\.number|issue\.number)|github\.head_ref|refs\/pull\//;
/** Commands that run code from the working tree: package scripts, build tools, local scripts. */
const RUNS_CODE =
  /\b(npm|pnpm|yarn|bun|npx|node|deno|make|cmake|cargo|go|mvn|gradle|\.\/gradlew|pip3?|python3?|poetry|tox|bundle|rake|composer|dotnet|docker\s+(build|compose)|sh|bash)\b|(^|\s)\.\/[\w./-]+/;

export const audit: Audit = {
  id: "dangerous-trigger",
  summary: "a privileged trigger (pull_request_target, workflow_run) checks out or runs the pull request's code",
  severity: "error",
  confidence: "high",
  framework: ["BLD-7", "SRC-9"],
  fix: "run untrusted code under `pull_request` (no secrets, read-only token); keep pull_request_target for labelling or commenting on the base's code",
  kinds: WORKFLOW_ONLY,
  run(wf, report) {
    const trigger = ["pull_request_target", "workflow_run"].find((t) => wf.triggers.has(t));
    if (!trigger) return;
    for (const job of wf.jobs) {
      const index = job.steps.findIndex((s) => fetchesHead(wf.text, s));
      if (index < 0) continue;
      const fetch = job.steps[index] as Step;
      const runner = job.steps.slice(index + 1).find((s) => runsCode(s));
      report({
        at: fetch.uses ?? fetch.run ?? fetch.node,
        message: runner
          ? `${trigger} job \`${job.id}\` fetches the head's code, then step ${label(runner)} runs it with the base's token and secrets`
          : `${trigger} job \`${job.id}\` checks out the head's code with the base's token and secrets`,
        severity: runner ? "error" : "warning",
        confidence: runner ? "high" : "medium",
        job,
        step: fetch,
      });
    }
  },
};

function fetchesHead(source: string, step: Step): boolean {
  const action = actionName(step.uses);
  if (action === "actions/checkout") {
    const refs = [get(step.with, "ref"), get(step.with, "repository")];
    return refs.some(
      (n) => expressionsIn(source, n as never).some((e) => HEAD.test(e.body)) || HEAD.test(text(n) ?? ""),
    );
  }
  if (action === "actions/download-artifact" || action === "dawidd6/action-download-artifact")
    return (
      expressionsIn(source, get(step.with, "run-id") as never).some((e) => /workflow_run\.id/.test(e.body)) ||
      action.startsWith("dawidd6")
    );
  const script = text(step.run) ?? "";
  return /\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|checkout|pull)\b[^\n]*(pull\/|head_ref|head\.ref|head\.sha|HEAD_REF|PR_REF|head_sha)/.test(
    script,
  );
}

function runsCode(step: Step): boolean {
  if (text(step.uses)?.startsWith("./")) return true;
  const script = text(step.run);
  return script !== undefined && RUNS_CODE.test(script);
}

function label(step: Step): string {
  return step.name ? `"${step.name}"` : `#${step.index + 1}`;
}
