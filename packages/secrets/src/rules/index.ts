import type { SecretRule } from "../rule.js";
import { ciRules } from "./ci.js";
import { cloudRules } from "./cloud.js";
import { genericRules } from "./generic.js";
import { keyRules } from "./keys.js";
import { messagingRules } from "./messaging.js";
import { registryRules } from "./registries.js";
import { vcsRules } from "./vcs.js";
import { webRules } from "./web.js";

/** The built-in rules, provider-specific first. */
export const rules: SecretRule[] = [
  ...cloudRules,
  ...vcsRules,
  ...ciRules,
  ...registryRules,
  ...messagingRules,
  ...keyRules,
  ...webRules,
  ...genericRules,
];
