import { githubJobs } from "../jobs.js";
import { type AuditCheck, outcome } from "../model.js";

/** BLD-8: build workers are network-isolated as far as possible (an egress allow-list). */
export const check: AuditCheck = {
  id: "BLD-8",
  title: "Build workers and the pipeline are network-isolated as far as possible",
  async run(ctx) {
    const jobs = (await githubJobs(ctx)).filter((j) => !j.call);
    if (jobs.length === 0)
      return outcome.unknown(
        ctx.ciFiles().length > 0
          ? "the CI is not GitHub Actions; answer: what can its workers reach on the network?"
          : "no CI workflow: no worker to judge",
      );
    if (jobs.some((j) => j.selfHosted && !j.container))
      return outcome.unknown(
        "self-hosted runners: their network is set on the machines; answer: is egress restricted to an allow-list?",
      );
    const blocked = jobs.filter((j) => j.egress === "block");
    const audited = jobs.filter((j) => j.egress === "audit");
    const evidence = [
      {
        text: `${blocked.length} of ${jobs.length} job(s) with an egress allow-list (harden-runner egress-policy: block), ${audited.length} auditing only`,
      },
    ];
    const fix =
      "restrict egress: step-security/harden-runner with egress-policy: block and allowed-endpoints, first step of each job";
    if (blocked.length === jobs.length) return outcome.pass(evidence);
    if (blocked.length + audited.length > 0) return outcome.partial(evidence, fix);
    return outcome.fail([...evidence, { text: "GitHub-hosted runners reach the whole internet by default" }], fix);
  },
};
