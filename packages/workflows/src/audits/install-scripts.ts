import { ALL_KINDS, type Audit } from "../audit.js";
import { commandsOf, envSet, scriptsOf } from "../scripts.js";

export const audit: Audit = {
  id: "install-scripts",
  summary: "dependencies' install scripts run in the pipeline (npm ci/install, yarn install without disabling them)",
  severity: "warning",
  confidence: "medium",
  framework: ["MAT-3", "BLD-7"],
  fix: "add --ignore-scripts (yarn berry: --mode=skip-build, or enableScripts: false) and run the few builds you trust explicitly",
  kinds: ALL_KINDS,
  run(wf, report) {
    for (const script of scriptsOf(wf)) {
      const disabled =
        envSet(wf, script, /^npm_config_ignore_scripts$/i, /^(true|1)$/i) ||
        envSet(wf, script, /^YARN_ENABLE_SCRIPTS$/, /^(false|0)$/i);
      if (disabled) continue;
      for (const { command, offset } of commandsOf(script)) {
        const tool = /^(?:sudo\s+)?(npm\s+(ci|install|i)|yarn(\s+install)?)(\s+-[^\n]*)?\s*$/.exec(command)?.[1];
        if (!tool) continue;
        if (/--ignore-scripts|--mode[= ]skip-build/.test(command)) continue;
        if (/\s-g\b|--global/.test(command)) continue;
        report({
          at: offset,
          message: `\`${tool.replace(/\s+/g, " ")}\` runs every dependency's install scripts with the job's token and secrets`,
          job: script.job,
          ...(script.step ? { step: script.step } : {}),
          key: command,
        });
      }
    }
  },
};
