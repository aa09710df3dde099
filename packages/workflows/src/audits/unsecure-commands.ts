import { ALL_KINDS, type Audit } from "../audit.js";
import { entries, text } from "../nodes.js";

export const audit: Audit = {
  id: "unsecure-commands",
  summary: "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables ::set-env/::add-path, which any printed text can trigger",
  severity: "error",
  confidence: "high",
  framework: ["BLD-7"],
  fix: "remove ACTIONS_ALLOW_UNSECURE_COMMANDS and write to $GITHUB_ENV / $GITHUB_PATH files instead",
  kinds: ALL_KINDS,
  run(wf, report) {
    const maps = [wf.env, ...wf.jobs.flatMap((j) => [j.env, ...j.steps.map((s) => s.env)])];
    for (const map of maps)
      for (const [name, node] of entries(map))
        if (name === "ACTIONS_ALLOW_UNSECURE_COMMANDS" && !/^(false|0|)$/i.test(text(node) ?? ""))
          report({ at: node, message: "ACTIONS_ALLOW_UNSECURE_COMMANDS is enabled" });
  },
};
