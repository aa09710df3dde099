import { type Audit, GITHUB } from "../audit.js";
import { expressionsIn } from "../expressions.js";
import { entries, text } from "../nodes.js";
import { commandsOf, scriptsOf } from "../scripts.js";
import { taintOf, taintOfNode } from "../taint.js";

const WRITES = /(>>?|\btee\b(\s+-a)?)\s*"?\$\{?(GITHUB_ENV|GITHUB_PATH)\b/;

export const audit: Audit = {
  id: "github-env-injection",
  summary:
    "untrusted data written to $GITHUB_ENV or $GITHUB_PATH (sets variables such as LD_PRELOAD or NODE_OPTIONS for every later step)",
  severity: "error",
  confidence: "high",
  framework: ["BLD-7"],
  fix: "do not write attacker-controlled text to GITHUB_ENV/GITHUB_PATH; pass it as a step output or validate it against a strict pattern first",
  kinds: GITHUB,
  run(wf, report) {
    const privileged = ["pull_request_target", "workflow_run"].some((t) => wf.triggers.has(t));
    for (const script of scriptsOf(wf)) {
      const tainted = new Set<string>();
      for (const map of [script.step?.env, script.job.env, wf.env])
        for (const [name, node] of entries(map))
          if (taintOfNode(wf, script.job, script.step, node).some((h) => h.taint === "attacker")) tainted.add(name);
      for (const { command, offset } of commandsOf(script)) {
        const target = WRITES.exec(command)?.[3];
        if (!target) continue;
        const fromExpr = expressionsIn(command, { range: [0, command.length, command.length] } as never).some((e) =>
          taintOf(wf, script.job, script.step, e.body).some((h) => h.taint === "attacker"),
        );
        const fromEnv = [...tainted].find((name) => new RegExp(`\\$\\{?${name}\\b`).test(command));
        const fromFile = privileged && /\$\(\s*cat\b|<\s*\S|\bcat\s+\S+\s*(>>|\|)/.test(command);
        if (!fromExpr && !fromEnv && !fromFile) continue;
        report({
          at: offset,
          message: `writes ${fromEnv ? `$${fromEnv} (attacker-controllable)` : fromExpr ? "an attacker-controllable expression" : "a file of the untrusted checkout/artifact"} to $${target}`,
          confidence: fromFile && !fromExpr && !fromEnv ? "medium" : "high",
          job: script.job,
          ...(script.step ? { step: script.step } : {}),
          key: `${target}:${text(script.step?.node.get("name") as never) ?? script.step?.index}`,
        });
      }
    }
  },
};
