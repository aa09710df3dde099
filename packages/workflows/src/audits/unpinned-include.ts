import { isMap, isScalar } from "yaml";
import type { Audit } from "../audit.js";
import { includeItems } from "../includes.js";
import { get, text } from "../nodes.js";
import { FULL_SHA } from "./unpinned-action.js";

export const audit: Audit = {
  id: "unpinned-include",
  summary: "a GitLab include (project, remote, component) not pinned to a commit SHA or integrity hash",
  severity: "error",
  confidence: "high",
  framework: ["BLD-5"],
  fix: "pin project includes with ref: <full commit sha>, components with @<sha>, and remote includes with integrity: sha256-…",
  kinds: ["gitlab"],
  run(wf, report) {
    for (const item of includeItems(wf.root)) {
      if (isScalar(item)) {
        const value = text(item) ?? "";
        if (/^https?:\/\//.test(value))
          report({ at: item, message: `remote include ${value} has no integrity hash`, key: value });
        continue;
      }
      if (!isMap(item)) continue;
      const project = text(get(item, "project"));
      const remote = text(get(item, "remote"));
      const component = text(get(item, "component"));
      if (project !== undefined && !FULL_SHA.test(text(get(item, "ref")) ?? ""))
        report({
          at: get(item, "ref") ?? get(item, "project"),
          message: `include of project ${project} is not pinned to a commit (ref: ${text(get(item, "ref")) ?? "default branch"})`,
          key: project,
        });
      if (remote !== undefined && !get(item, "integrity"))
        report({ at: get(item, "remote"), message: `remote include ${remote} has no integrity hash`, key: remote });
      if (component !== undefined && !FULL_SHA.test(component.split("@")[1] ?? ""))
        report({
          at: get(item, "component"),
          message: `component ${component} is not pinned to a commit SHA`,
          key: component,
        });
    }
  },
};
