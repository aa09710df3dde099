import { isMap, isScalar, isSeq, type Node } from "yaml";
import { ALL_KINDS, type Audit } from "../audit.js";
import { entries, get, text } from "../nodes.js";

const DIGEST = /@sha256:[0-9a-f]{64}$/;

export const audit: Audit = {
  id: "unpinned-image",
  summary: "a container image not pinned to a digest (a tag can be re-pushed)",
  severity: "warning",
  confidence: "high",
  framework: ["BLD-5", "BLD-1"],
  fix: "pin the image by digest (image:tag@sha256:<digest>) and let Dependabot/Renovate bump it",
  kinds: ALL_KINDS,
  run(wf, report) {
    const check = (node: Node | undefined, where: string, job?: (typeof wf.jobs)[number]) => {
      const image = isMap(node) ? get(node, wf.kind === "gitlab" ? "name" : "image") : node;
      const value = text(image);
      if (!value || !isScalar(image) || DIGEST.test(value) || value.includes("${{")) return;
      report({
        at: image,
        message: `${where} image ${value} is not pinned to a digest`,
        key: `${where}:${value}`,
        ...(job ? { job } : {}),
      });
    };
    if (wf.kind === "gitlab") {
      for (const job of wf.jobs) {
        check(get(job.node, "image"), `job \`${job.id}\``, job);
        const services = get(job.node, "services");
        if (isSeq(services)) for (const s of services.items) check(s as Node, `job \`${job.id}\` service`, job);
      }
      return;
    }
    for (const job of wf.jobs) {
      // A Docker action (runs: using: docker) runs its image the way a `uses: docker://` step does;
      // `image: Dockerfile` is built from the repository instead.
      if (wf.kind === "github-action") {
        const image = get(job.node, "image");
        const value = text(image);
        if (value?.startsWith("docker://") && isScalar(image) && !DIGEST.test(value))
          report({ at: image, message: `action image ${value.slice(9)} is not pinned to a digest`, job, key: value });
      }
      check(get(job.node, "container"), `job \`${job.id}\` container`, job);
      for (const [name, service] of entries(get(job.node, "services")))
        check(service, `job \`${job.id}\` service ${name}`, job);
      for (const step of job.steps) {
        const value = text(step.uses);
        if (value?.startsWith("docker://") && !DIGEST.test(value))
          report({
            at: step.uses,
            message: `step image ${value.slice(9)} is not pinned to a digest`,
            job,
            step,
            key: value,
          });
      }
    }
  },
};
