import type { Scalar } from "yaml";
import { type Audit, GITHUB } from "../audit.js";
import { text } from "../nodes.js";

export const FULL_SHA = /^[0-9a-f]{40}$/;

export const audit: Audit = {
  id: "unpinned-action",
  summary: "an action or reusable workflow not pinned to a full commit SHA (a tag or branch can be moved)",
  severity: "error",
  confidence: "high",
  framework: ["BLD-5"],
  fix: "pin to the commit SHA with the version in a comment (uses: owner/repo@<sha> # v1.2.3); `rampart workflows fix` does it from .rampart/actions.lock.json",
  kinds: GITHUB,
  run(wf, report) {
    for (const job of wf.jobs) {
      const uses: Array<[Scalar, (typeof job.steps)[number] | undefined]> = job.steps
        .filter((s) => s.uses)
        .map((s) => [s.uses as Scalar, s]);
      if (job.uses) uses.push([job.uses, undefined]);
      for (const [node, step] of uses) {
        const value = text(node) ?? "";
        if (value.startsWith("./") || value.startsWith("docker://")) continue;
        const at = value.lastIndexOf("@");
        const ref = at < 0 ? "" : value.slice(at + 1);
        if (FULL_SHA.test(ref)) continue;
        const what = step ? "action" : "reusable workflow";
        report({
          at: node,
          message:
            ref === ""
              ? `${what} ${value} has no ref at all`
              : `${what} ${value.slice(0, at)} is pinned to \`${ref}\`, not a commit SHA`,
          job,
          ...(step ? { step } : {}),
          key: value,
        });
      }
    }
  },
};
