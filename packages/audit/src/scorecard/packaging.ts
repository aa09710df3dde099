import { result, type ScorecardCheck } from "./model.js";
import { plainWorkflows, steps } from "./workflows.js";

/** Publishing steps Scorecard recognises in GitHub workflows (npm, PyPI, containers, Go, Rust, Ruby, NuGet, Maven/Gradle). */
const PUBLISH =
  /\b(?:npm|pnpm|yarn)\s+publish\b|\bchangeset\s+publish\b|pypa\/gh-action-pypi-publish@|\btwine\s+upload\b|docker\/build-push-action@|\bdocker\s+push\b|goreleaser\/goreleaser-action@|\bcargo\s+publish\b|\bgem\s+push\b|\bdotnet\s+nuget\s+push\b|\bmvn\b[^\n]*\bdeploy\b|\bgradle\w*\s+publish\b|\bsemantic-release\b/i;

/** Packaging (Scorecard): 10 when a workflow publishes a package, inconclusive otherwise. */
export const scorecardCheck: ScorecardCheck = {
  name: "Packaging",
  framework: "ART-3",
  async run(ctx) {
    for (const wf of await plainWorkflows(ctx)) {
      for (const job of wf.jobs) {
        const hit = steps(job.data).find((s) => PUBLISH.test(`${s.uses ?? ""}\n${s.run ?? ""}`));
        if (hit)
          return result(this, 10, "packaging workflow detected", [
            { file: wf.file, line: job.line, text: `job ${job.id} publishes` },
          ]);
      }
    }
    return result(this, null, "packaging workflow not detected");
  },
};
