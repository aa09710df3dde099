import type { Scalar } from "yaml";
import { ALL_KINDS, type Audit } from "../audit.js";
import { expressionsIn } from "../expressions.js";
import { entries } from "../nodes.js";

export const audit: Audit = {
  id: "workflow-env-secret",
  summary: "a secret in workflow-level env: every step of every job (and every action) can read it",
  severity: "warning",
  confidence: "high",
  framework: ["SRC-9"],
  fix: "move the secret into the env: of the one step that needs it",
  kinds: ALL_KINDS,
  run(wf, report) {
    if (wf.kind === "gitlab") return; // GitLab variables hold no secret references; see hardcoded-credentials
    for (const [name, node] of entries(wf.env))
      for (const e of expressionsIn(wf.text, node as Scalar))
        if (/\bsecrets\./.test(e.body))
          report({ at: e.offset, message: `workflow-level env ${name} carries a secret to every job`, key: name });
  },
};
