import { githubJobs, pinnedImage } from "../jobs.js";
import { type AuditCheck, outcome } from "../model.js";

/** BLD-1: build workers are hardened, minimal containers: digest-pinned job containers or hardened runners. */
export const check: AuditCheck = {
  id: "BLD-1",
  title: "Build workers run on hardened, minimal containers",
  async run(ctx) {
    const jobs = (await githubJobs(ctx)).filter((j) => !j.call);
    if (jobs.length === 0)
      return outcome.unknown(
        ctx.ciFiles().length > 0
          ? "the CI is not GitHub Actions: its worker images are set elsewhere; answer: what image does each job run in?"
          : "no CI workflow: no build worker to judge",
      );
    const self = jobs.filter((j) => j.selfHosted && !j.container);
    if (self.length > 0)
      return outcome.unknown(
        "self-hosted runners: their hardening is set on the machines; answer: are they minimal, ephemeral and patched?",
        self
          .slice(0, 3)
          .map((j) => ({ file: j.file, line: j.line, text: `job ${j.id} runs on ${j.runsOn.join(", ")}` })),
      );
    const hardened = jobs.filter((j) => (j.container && pinnedImage(j.container)) || j.egress !== undefined);
    const evidence = [
      { text: `${hardened.length} of ${jobs.length} job(s) in a digest-pinned container or on a hardened runner` },
      ...jobs
        .filter((j) => !hardened.includes(j))
        .slice(0, 3)
        .map((j) => ({
          file: j.file,
          line: j.line,
          text: `job ${j.id}: ${j.container ? `container ${j.container} not pinned by digest` : `GitHub-hosted ${j.runsOn.join(", ")} (full image)`}`,
        })),
    ];
    const fix =
      "run jobs in a minimal container pinned by digest (container: image@sha256:...) or add step-security/harden-runner";
    if (hardened.length === jobs.length) return outcome.pass(evidence);
    // GitHub-hosted runners are fresh VMs per job, maintained by GitHub: hardened, but not minimal.
    return outcome.partial(evidence, fix);
  },
};
