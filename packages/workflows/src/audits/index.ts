import type { RuleRegistry } from "@rampart/core";
import type { Audit } from "../audit.js";
import { audit as cachePoisoning } from "./cache-poisoning.js";
import { audit as curlPipeShell } from "./curl-pipe-shell.js";
import { audit as dangerousTrigger } from "./dangerous-trigger.js";
import { audit as githubEnvInjection } from "./github-env-injection.js";
import { audit as hardcodedCredentials } from "./hardcoded-credentials.js";
import { audit as idTokenWrite } from "./id-token-write.js";
import { audit as includeNotAudited } from "./include-not-audited.js";
import { audit as installScripts } from "./install-scripts.js";
import { audit as localActionNotAudited } from "./local-action-not-audited.js";
import { audit as npmInstall } from "./npm-install.js";
import { audit as permissionsExcessive } from "./permissions-excessive.js";
import { audit as permissionsMissing } from "./permissions-missing.js";
import { audit as permissionsWriteAll } from "./permissions-write-all.js";
import { audit as persistCredentials } from "./persist-credentials.js";
import { audit as pinCommentMismatch } from "./pin-comment-mismatch.js";
import { audit as secretsInherit } from "./secrets-inherit.js";
import { audit as selfHostedPr } from "./self-hosted-pr.js";
import { audit as templateInjection } from "./template-injection.js";
import { audit as unguardedCommentTrigger } from "./unguarded-comment-trigger.js";
import { audit as unpinnedAction } from "./unpinned-action.js";
import { audit as unpinnedImage } from "./unpinned-image.js";
import { audit as unpinnedInclude } from "./unpinned-include.js";
import { audit as unsecureCommands } from "./unsecure-commands.js";
import { audit as unverifiedDownload } from "./unverified-download.js";
import { audit as workflowEnvSecret } from "./workflow-env-secret.js";

/** Every audit, in report order. The registry: ids, severities, framework ids and fixes come from each audit file. */
export const AUDITS: readonly Audit[] = [
  cachePoisoning,
  curlPipeShell,
  dangerousTrigger,
  githubEnvInjection,
  hardcodedCredentials,
  idTokenWrite,
  includeNotAudited,
  installScripts,
  localActionNotAudited,
  npmInstall,
  permissionsExcessive,
  permissionsMissing,
  permissionsWriteAll,
  persistCredentials,
  pinCommentMismatch,
  secretsInherit,
  selfHostedPr,
  templateInjection,
  unguardedCommentTrigger,
  unpinnedAction,
  unpinnedImage,
  unpinnedInclude,
  unsecureCommands,
  unverifiedDownload,
  workflowEnvSecret,
];

/** "unpinned-action" -> "Unpinned action": an audit's id is already its name. */
const titleOf = (id: string) => `${id[0]?.toUpperCase() ?? ""}${id.slice(1).replaceAll("-", " ")}`;

/** The audits as core's rule registry (ruleId workflows/<id>): SARIF rule metadata and the README table. */
export const RULES: RuleRegistry = Object.fromEntries(
  AUDITS.map((a) => [
    `workflows/${a.id}`,
    {
      title: titleOf(a.id),
      description: a.summary,
      help: a.fix,
      severity: a.severity,
      framework: a.framework,
      confidence: a.confidence,
    },
  ]),
);
