import { TOOLS } from "../detect.js";
import type { Evidence } from "../model.js";
import { type AuditCheck, graded, outcome } from "../model.js";

/** BLD-3: every step is automated apart from review and sign-off: CI on each change, and releases from CI. */
export const check: AuditCheck = {
  id: "BLD-3",
  title: "Every step is automated, apart from code review and final sign-off",
  async run(ctx) {
    const { files } = await ctx.workflows();
    const triggered: Evidence[] = files
      .filter(
        (f) =>
          f.kind === "gitlab" ||
          f.triggers.has("pull_request") ||
          f.triggers.has("push") ||
          f.triggers.has("merge_group"),
      )
      .map((f) => ({
        file: f.file,
        text: f.kind === "gitlab" ? "GitLab pipeline" : `runs on ${[...f.triggers].sort().join(", ")}`,
      }));
    for (const file of ctx
      .ciFiles()
      .filter((f) => !files.some((w) => w.file === f))
      .slice(0, 2))
      triggered.push({ file, text: "pipeline file" });
    if (triggered.length === 0)
      return outcome.fail(
        [{ text: "no CI pipeline runs on pushes or pull requests" }],
        "run build and checks in CI on every push and pull request (rampart init writes the workflow)",
      );
    const ciPublish = ctx.ciGrep(TOOLS.publish, 3);
    const scriptPublish = ctx.scriptsGrep(TOOLS.publish);
    const manual = ciPublish.length === 0 && scriptPublish.length > 0;
    return graded([
      {
        ok: triggered.length > 0,
        evidence: triggered.slice(0, 5),
        fix: "run build and checks in CI on every push and pull request (rampart init writes the workflow)",
      },
      {
        ok: !manual,
        evidence: manual
          ? scriptPublish.map((e) => ({ ...e, text: `released by hand from a package script: ${e.text}` }))
          : ciPublish.length > 0
            ? ciPublish
            : [{ text: "no release step found: nothing is published from this repository" }],
        fix: "release from CI on a tag (a release workflow), not from a maintainer's machine",
      },
    ]);
  },
};
