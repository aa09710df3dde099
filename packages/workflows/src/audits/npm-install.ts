import { ALL_KINDS, type Audit } from "../audit.js";
import { commandsOf, scriptsOf } from "../scripts.js";

const NPM_INSTALL = /^(?:sudo\s+)?npm\s+(install|i|add|isntall)(\s+.*)?$/;
const YARN_CLASSIC_INSTALL = /^(?:sudo\s+)?yarn(\s+install)?(\s+(?!add\b|run\b|dlx\b|workspace\b|global\b)[^\s]+)*\s*$/;

export const audit: Audit = {
  id: "npm-install",
  summary:
    "the pipeline installs without the lockfile's guarantee (npm install, yarn without --frozen-lockfile), or a tool without a version",
  severity: "error",
  confidence: "high",
  framework: ["BLD-5", "MAT-1"],
  fix: "install from the lockfile: `npm ci` (or `yarn install --frozen-lockfile` / `--immutable`); give global tools an exact version (npm install -g tool@1.2.3)",
  kinds: ALL_KINDS,
  run(wf, report) {
    for (const script of scriptsOf(wf))
      for (const { command, offset } of commandsOf(script)) {
        const m = NPM_INSTALL.exec(command);
        if (m) {
          const args = (m[2] ?? "")
            .trim()
            .split(/\s+/)
            .filter((a) => a !== "");
          const packages = args.filter((a) => !a.startsWith("-"));
          if (packages.length === 0) {
            report({
              at: offset,
              message: "`npm install` resolves afresh and may rewrite the lockfile; CI should run `npm ci`",
              job: script.job,
              ...(script.step ? { step: script.step } : {}),
              key: command,
            });
            continue;
          }
          const loose = packages.filter(
            (p) => !/^(@[^/@]+\/)?[^@]+@\d/.test(p) && !/^[./]/.test(p) && !p.includes("$"),
          );
          if (loose.length > 0)
            report({
              at: offset,
              message: `installs ${loose.join(", ")} without a version: whatever is latest at run time`,
              job: script.job,
              ...(script.step ? { step: script.step } : {}),
              key: command,
              severity: "warning",
            });
          continue;
        }
        if (
          YARN_CLASSIC_INSTALL.test(command) &&
          !/--frozen-lockfile|--immutable/.test(command) &&
          /^(sudo\s+)?yarn(\s+install)?(\s+-|\s*$)/.test(command)
        )
          report({
            at: offset,
            message: "`yarn install` without --frozen-lockfile/--immutable may update the lockfile",
            job: script.job,
            ...(script.step ? { step: script.step } : {}),
            key: command,
            confidence: "medium",
          });
      }
  },
};
