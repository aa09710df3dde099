import { ALL_KINDS, type Audit } from "../audit.js";
import { commandsOf, scriptsOf } from "../scripts.js";

const DOWNLOAD = /\b(curl|wget)\b[^\n]*?(https?:\/\/\S+)/;
const ARTIFACT =
  /\.(tar\.gz|tgz|tar\.xz|tar\.bz2|zip|deb|rpm|apk|exe|msi|bin|AppImage|jar|whl|sh|ps1)(["'?#\s]|$)|\/releases\/(download|latest)\//;
const VERIFY =
  /\b(sha256sum|sha512sum|shasum|sha1sum|gpg\s+--verify|gpgv|cosign\s+verify(-blob)?|minisign|slsa-verifier|gh\s+attestation\s+verify|Get-FileHash|openssl\s+dgst)\b/;

export const audit: Audit = {
  id: "unverified-download",
  summary: "a tool or archive downloaded without a checksum or signature check",
  severity: "warning",
  confidence: "medium",
  framework: ["BLD-5"],
  fix: 'pin the version in the URL and check the file (echo "<sha256>  file" | sha256sum -c) before using it',
  kinds: ALL_KINDS,
  run(wf, report) {
    for (const script of scriptsOf(wf)) {
      // A check anywhere in the same script (or job, for GitLab's line-per-command scripts) counts.
      const whole = wf.kind === "gitlab" ? wf.text : script.source;
      if (VERIFY.test(whole)) continue;
      for (const { command, offset } of commandsOf(script)) {
        const m = DOWNLOAD.exec(command);
        if (!m?.[2] || !ARTIFACT.test(m[2])) continue;
        const latest = /\/latest\//.test(m[2]);
        report({
          at: offset,
          message: `downloads ${m[2].replace(/["']+$/, "")}${latest ? ' (a moving "latest")' : ""} without checking a checksum or signature`,
          job: script.job,
          ...(script.step ? { step: script.step } : {}),
          key: m[2],
        });
      }
    }
  },
};
