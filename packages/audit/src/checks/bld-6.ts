import { githubJobs } from "../jobs.js";
import { type AuditCheck, outcome } from "../model.js";

/** BLD-6: each build step (job) runs on its own worker: GitHub-hosted runners are a fresh VM per job. */
export const check: AuditCheck = {
  id: "BLD-6",
  title: "Each build step runs on its own worker or container",
  async run(ctx) {
    const jobs = (await githubJobs(ctx)).filter((j) => !j.call);
    if (jobs.length === 0)
      return outcome.unknown(
        ctx.ciFiles().length > 0
          ? "the CI is not GitHub Actions: answer: does each job get a fresh worker?"
          : "no CI workflow: no build step to judge",
      );
    const self = jobs.filter((j) => j.selfHosted && !j.container);
    if (self.length > 0)
      return outcome.unknown(
        "self-hosted runners are reused unless registered --ephemeral (or run by actions-runner-controller), which is set outside the repository; answer: are they ephemeral?",
        self
          .slice(0, 3)
          .map((j) => ({ file: j.file, line: j.line, text: `job ${j.id} runs on ${j.runsOn.join(", ")}` })),
      );
    return outcome.pass([{ text: `${jobs.length} job(s), each on a fresh GitHub-hosted runner or its own container` }]);
  },
};
