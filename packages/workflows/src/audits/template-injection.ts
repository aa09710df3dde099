import type { Scalar } from "yaml";
import type { Report } from "../audit.js";
import { type Audit, GITHUB } from "../audit.js";
import { expressionsIn } from "../expressions.js";
import type { Job, Step, WorkflowFile } from "../model.js";
import { entries, text } from "../nodes.js";
import { actionName, taintOf } from "../taint.js";

/** Inputs of any action that a shell or an interpreter runs as code. */
const CODE_INPUTS = new Set(["script", "run", "command", "commands", "cmd", "args", "inlinescript", "shell-script"]);

export const audit: Audit = {
  id: "template-injection",
  summary: "an attacker-controllable value is expanded into code (run:, github-script, a shell-like input)",
  severity: "error",
  confidence: "high",
  framework: ["BLD-7", "SRC-4"],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
  fix: 'pass the value through env: (e.g. env: TITLE: ${{ github.event.issue.title }}) and use "$TITLE" in the script',
  kinds: GITHUB,
  run(wf, report) {
    for (const job of wf.jobs)
      for (const step of job.steps) {
        if (step.run) sink(wf, job, step, step.run, "run:", report);
        const action = actionName(step.uses);
        for (const [key, node] of entries(step.with)) {
          const lower = key.toLowerCase();
          if (
            lower === "script" ? action === "actions/github-script" || CODE_INPUTS.has(lower) : CODE_INPUTS.has(lower)
          )
            sink(wf, job, step, node as Scalar, `with.${key}`, report);
        }
      }
  },
};

function sink(wf: WorkflowFile, job: Job, step: Step, node: Scalar, where: string, report: (r: Report) => void): void {
  for (const e of expressionsIn(wf.text, node)) {
    const hits = taintOf(wf, job, step, e.body);
    const worst = hits.find((h) => h.taint === "attacker") ?? hits.find((h) => h.taint === "possible") ?? hits[0];
    if (!worst) continue;
    const name = envName(worst.ref);
    const severity = worst.taint === "attacker" ? "error" : "warning";
    const confidence =
      worst.taint === "attacker"
        ? worst.via === worst.ref
          ? "high"
          : "medium"
        : worst.taint === "possible"
          ? "medium"
          : "low";
    const chain = worst.via === worst.ref ? "" : ` (${worst.via})`;
    report({
      at: e.offset,
      message: `${e.raw} expands ${worst.taint === "unknown" ? "an unvetted context" : "attacker-controllable text"} into ${where}${chain}`,
      severity,
      confidence,
      job,
      step,
      key: `${where}:${worst.ref}`,
      fix: `move it into the step's env: (${name}: ${e.raw}) and use "$${name}" in the ${where === "run:" ? "script" : "input"}${text(step.uses) ? " (process.env in github-script)" : ""}`,
    });
  }
}

/** An env var name for a context: github.event.issue.title -> ISSUE_TITLE. */
function envName(ref: string): string {
  const parts = ref
    .replace(/^github\.event\./, "")
    .replace(/^github\./, "")
    .split(".")
    .filter((p) => p !== "*");
  return (
    parts
      .slice(-2)
      .join("_")
      .replace(/[^A-Za-z0-9_]/g, "_")
      .toUpperCase() || "VALUE"
  );
}
