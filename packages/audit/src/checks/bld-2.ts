import { type AuditCheck, outcome } from "../model.js";

/** BLD-2: build and test pipelines are kept as code in the repository. */
export const check: AuditCheck = {
  id: "BLD-2",
  title: "Build and test pipelines are kept as code",
  run(ctx) {
    const files = ctx.ciFiles();
    if (files.length > 0)
      return outcome.pass([
        { text: `${files.length} pipeline file(s)` },
        ...files.slice(0, 5).map((file) => ({ file, text: "pipeline as code" })),
      ]);
    return outcome.fail(
      [{ text: "no pipeline file (.github/workflows, .gitlab-ci.yml, Jenkinsfile, ...)" }],
      "keep CI as code: rampart init writes .github/workflows/rampart.yml (or .gitlab/rampart.gitlab-ci.yml)",
    );
  },
};
