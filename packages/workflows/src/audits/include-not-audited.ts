import { isMap, isScalar } from "yaml";
import type { Audit } from "../audit.js";
import { includeItems } from "../includes.js";
import { get, text } from "../nodes.js";

export const audit: Audit = {
  id: "include-not-audited",
  summary:
    "a GitLab include from outside this repository (remote, project, component): its jobs run in the pipeline but are not audited here (GitLab's own template: includes are the platform's and are not named)",
  severity: "warning",
  confidence: "high",
  framework: ["BLD-5", "BLD-7"],
  fix: "audit the included CI files where they live (rampart workflows check in that repository) or copy the jobs into this repository; to accept them unaudited, set workflows.audits.include-not-audited: off in the policy",
  kinds: ["gitlab"],
  run(wf, report) {
    for (const item of includeItems(wf.root)) {
      if (isScalar(item)) {
        const value = text(item) ?? "";
        if (/^https?:\/\//i.test(value))
          report({ at: item, message: `remote include ${value}: its jobs are not audited`, key: value });
        continue;
      }
      if (!isMap(item)) continue;
      for (const kind of ["remote", "project", "component"] as const) {
        const value = text(get(item, kind));
        if (value === undefined) continue;
        const files = kind === "project" ? text(get(item, "file")) : undefined;
        report({
          at: get(item, kind),
          message: `${kind} include ${value}${files === undefined ? "" : ` (${files})`}: its jobs are not audited`,
          key: `${kind}:${value}`,
        });
      }
    }
  },
};
