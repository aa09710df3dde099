import { ALL_KINDS, type Audit } from "../audit.js";
import { commandsOf, scriptsOf } from "../scripts.js";

const PIPE =
  /\b(curl|wget|iwr|Invoke-WebRequest)\b[^|]*\|\s*(sudo\s+(-\S+\s+)*)?(env\s+\S+=\S+\s+)*(ba|z|da|k|fi)?sh\b|\b(curl|wget)\b[^|]*\|\s*(sudo\s+)?(python3?|node|perl|ruby|iex)\b/;
const SUBSHELL =
  /\b(ba|z)?sh\s+(-c\s+)?["']?(<\(|\$\()\s*(curl|wget)\b|\biex\s*\(\s*(iwr|Invoke-WebRequest|\(New-Object)/i;

export const audit: Audit = {
  id: "curl-pipe-shell",
  summary: "a script downloaded and run in one go (curl | sh): whatever the server sends runs, unchecked",
  severity: "error",
  confidence: "high",
  framework: ["BLD-5", "BLD-7"],
  fix: "download to a file, verify its checksum or signature (sha256sum -c), then run it; or use a pinned action or package",
  kinds: ALL_KINDS,
  run(wf, report) {
    for (const script of scriptsOf(wf))
      for (const { command, offset } of commandsOf(script))
        if (PIPE.test(command) || SUBSHELL.test(command))
          report({
            at: offset,
            message: "pipes a download straight into an interpreter",
            job: script.job,
            ...(script.step ? { step: script.step } : {}),
            key: command,
          });
  },
};
