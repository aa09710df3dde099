import type { SecretRule } from "../rule.js";
import { token } from "./build.js";

const slack = (id: string, what: string, kw: string, body: string, minimum = false): SecretRule =>
  token({
    id,
    provider: "Slack",
    description: `Slack ${what}`,
    keywords: [kw],
    token: body,
    edge: "A-Za-z0-9_-",
    confidence: minimum ? "medium" : "high",
    entropy: 3,
  });

/** Slack: every token kind and the webhook URLs. */
export const slackRules: SecretRule[] = [
  slack("slack-bot-token", "bot token (xoxb-)", "xoxb-", "xoxb-[0-9]{10,13}-[0-9]{10,13}-?[A-Za-z0-9]{24,34}"),
  slack("slack-legacy-bot-token", "legacy bot token (xoxb-)", "xoxb-", "xoxb-[0-9]{8,14}-[A-Za-z0-9]{18,26}"),
  // The last part is 32 hex in every sample seen; xoxe- tokens of the same shape are Slack's
  // file-access tokens (files.slack.com URLs carry them as ?t=xoxe-…).
  slack(
    "slack-user-token",
    "user token (xoxp-; xoxe- file-access tokens of the same shape)",
    "xox",
    "xox[pe]-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{28,34}",
  ),
  slack("slack-app-token", "app-level token (xapp-)", "xapp-", "xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]{32,80}"),
  slack(
    "slack-config-access-token",
    "app configuration access token (xoxe.xoxb-/xoxe.xoxp-)",
    "xoxe.",
    "xoxe\\.xox[bp]-\\d-[A-Za-z0-9]{150,170}",
  ),
  slack(
    "slack-config-refresh-token",
    "app configuration refresh token (xoxe-)",
    "xoxe-",
    "xoxe-\\d-[A-Za-z0-9]{140,150}",
  ),
  slack(
    "slack-legacy-token",
    "legacy user/workspace token (xoxo-/xoxs-)",
    "xox",
    "xox[os]-\\d{3,}-\\d{3,}-\\d{3,}-[a-fA-F0-9]{6,}",
  ),
  slack(
    "slack-legacy-workspace-token",
    "legacy workspace token (xoxa-/xoxr-)",
    "xox",
    "xox[ar]-(?:\\d-)?[A-Za-z0-9]{8,48}",
  ),
  token({
    id: "slack-webhook-url",
    provider: "Slack",
    description: "Slack incoming webhook / workflow trigger URL",
    keywords: ["hooks.slack.com"],
    token:
      "(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9+/]{43,56}|T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}|T[A-Z0-9]{6,12}/A[A-Z0-9]{6,12}/[0-9]{12,20}/[A-Za-z0-9]{20,32})",
    edge: "A-Za-z0-9+/",
    confidence: "high",
  }),
];
