import { isScalar } from "yaml";
import { ALL_KINDS, type Audit } from "../audit.js";
import { entries, get, getMap, text } from "../nodes.js";

/** Variable names that hold credentials. */
const CREDENTIAL_NAME = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credentials?)$/i;

export const audit: Audit = {
  id: "hardcoded-credentials",
  summary: "a credential written into the pipeline file (container/service credentials, a secret-named variable)",
  severity: "error",
  confidence: "high",
  framework: ["SRC-2", "SRC-9"],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
  fix: "store it as a CI secret (GitHub: ${{ secrets.NAME }}; GitLab: a masked, protected CI/CD variable) and rotate the one in the file",
  kinds: ALL_KINDS,
  run(wf, report) {
    if (wf.kind === "gitlab") {
      for (const job of [{ id: "(top level)", env: wf.env }, ...wf.jobs.map((j) => ({ id: j.id, env: j.env }))])
        for (const [name, node] of entries(job.env)) {
          const value = isScalar(node) ? text(node) : text(get(node, "value"));
          if (CREDENTIAL_NAME.test(name) && literal(value))
            report({ at: node, message: `variable ${name} of ${job.id} holds a literal credential`, key: name });
        }
      return;
    }
    for (const job of wf.jobs) {
      const holders: Array<[string, unknown]> = [["container", getMap(job.node, "container")]];
      for (const [name, service] of entries(get(job.node, "services"))) holders.push([`service ${name}`, service]);
      for (const [where, holder] of holders) {
        const password = get(getMap(holder, "credentials"), "password");
        if (literal(text(password)))
          report({
            at: password,
            message: `job \`${job.id}\` ${where} has a literal registry password`,
            job,
            key: where,
          });
      }
      for (const step of job.steps)
        for (const [name, node] of [...entries(step.env), ...entries(step.with)])
          if (CREDENTIAL_NAME.test(name) && literal(text(node)) && (text(node) ?? "").length >= 12)
            report({
              at: node,
              message: `step input/env ${name} in job \`${job.id}\` holds a literal credential`,
              job,
              step,
              key: name,
            });
    }
  },
};

/** A value written out, not a reference to a secret or variable. */
function literal(value: string | undefined): boolean {
  if (!value || value.length < 6) return false;
  return !/\$\{\{|^\$|\$\{?[A-Z_]/.test(value) && !/^(true|false|\d+)$/i.test(value);
}
