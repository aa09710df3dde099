import type { SecretRule } from "../rule.js";
import { aiRules } from "./ai.js";
import { ciRules } from "./ci.js";
import { cliRules } from "./cli.js";
import { cloudRules } from "./cloud.js";
import { commerceRules } from "./commerce.js";
import { configRules } from "./config.js";
import { connectionRules } from "./connection.js";
import { cryptoRules } from "./crypto.js";
import { dataRules } from "./data.js";
import { devtoolRules } from "./devtools.js";
import { engagementRules } from "./engagement.js";
import { genericRules } from "./generic.js";
import { geodataRules } from "./geodata.js";
import { hashRules } from "./hashes.js";
import { hostingRules } from "./hosting.js";
import { identityRules } from "./identity.js";
import { infraRules } from "./infra.js";
import { encodedKeyRules, keyRules } from "./keys.js";
import { messagingRules } from "./messaging.js";
import { networkRules } from "./network.js";
import { observabilityRules } from "./observability.js";
import { paymentRules } from "./payment.js";
import { platformRules } from "./platforms.js";
import { registryRules } from "./registries.js";
import { saasRules } from "./saas.js";
import { slackRules } from "./slack.js";
import { socialRules } from "./social.js";
import { vcsRules } from "./vcs.js";
import { webRules } from "./web.js";
import { workplaceRules } from "./workplace.js";

/**
 * The built-in rules as written (rules/index.ts serves them, from the build's table when fresh).
 * Order matters only for ties: when two rules find the same span with the same confidence, the
 * earlier one is reported, so self-identifying formats come first.
 */
export const sourceRules: SecretRule[] = [
  ...keyRules,
  ...cloudRules,
  ...hostingRules,
  ...vcsRules,
  ...ciRules,
  ...registryRules,
  ...paymentRules,
  ...aiRules,
  ...slackRules,
  ...messagingRules,
  ...observabilityRules,
  ...dataRules,
  ...saasRules,
  ...socialRules,
  ...cryptoRules,
  ...infraRules,
  ...encodedKeyRules,
  ...platformRules,
  ...commerceRules,
  ...engagementRules,
  ...workplaceRules,
  ...geodataRules,
  ...networkRules,
  ...devtoolRules,
  ...identityRules,
  ...webRules,
  ...connectionRules,
  ...configRules,
  ...hashRules,
  ...cliRules,
  ...genericRules,
];
