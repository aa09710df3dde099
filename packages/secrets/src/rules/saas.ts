import type { SecretRule } from "../rule.js";
import { kv, pre, UUID } from "./build.js";

const DASHED = { edge: "A-Za-z0-9_-" };
const HEX32 = "[a-f0-9]{32}";

/** Productivity, identity, developer tooling and other SaaS APIs. */
export const saasRules: SecretRule[] = [
  pre("linear-api-key", "Linear", ["lin_api_"], "lin_api_[A-Za-z0-9]{40}", { entropy: 3 }),
  kv("linear-client-secret", "Linear", ["linear"], HEX32),
  pre("notion-api-token", "Notion", ["ntn_"], "ntn_[0-9]{11}[A-Za-z0-9]{32}[A-Za-z0-9]{3}"),
  pre("notion-integration-secret", "Notion", ["secret_"], "secret_[A-Za-z0-9]{43}", {
    confidence: "medium",
    entropy: 4,
  }),
  pre("figma-pat", "Figma", ["figd_"], "figd_[A-Za-z0-9_-]{40,64}", { ...DASHED, entropy: 3.5 }),
  kv(
    "figma-legacy-token",
    "Figma",
    ["figma"],
    "\\d{4,6}-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}",
    {
      edge: "A-Za-z0-9-",
    },
  ),
  kv("asana-client-id", "Asana", ["asana"], "[0-9]{16}", { entropy: 2.5, confidence: "low" }),
  kv("asana-client-secret", "Asana", ["asana"], "[a-z0-9]{32}", { entropy: 3 }),
  // 1/<user gid>:<32> (legacy) and 2/<user gid>/<token gid>:<32 hex> (current; as .env files hold
  // ASANA_ACCESS_TOKEN); gids of 15 and 16 digits are both seen. Asana calls the format opaque.
  kv("asana-pat", "Asana", ["asana"], "[0-9]/[0-9]{12,20}(?:/[0-9]{12,20})?:[A-Za-z0-9]{32}", {
    entropy: 3.5,
    examples: { secret: ["ASANA_ACCESS_TOKEN=2/{16 of [0-9]}/{16 of [0-9]}:{32 of [a-f0-9]}"] },
  }),
  kv("trello-api-token", "Trello", ["trello"], "(?:ATTA[A-Za-z0-9]{60,70}|[a-f0-9]{64}|[a-f0-9]{32})"),
  kv("monday-api-token", "monday.com", ["monday"], "eyJhbGciOiJIUzI1NiJ9\\.[A-Za-z0-9_-]{100,}\\.[A-Za-z0-9_-]{20,}", {
    edge: "A-Za-z0-9_.-",
  }),
  kv("clickup-api-token", "ClickUp", ["clickup"], "pk_[0-9]{6,10}_[A-Z0-9]{32}"),
  pre("clickup-pat", "ClickUp", ["pk_"], "pk_[0-9]{6,10}_[A-Z0-9]{32}", { confidence: "medium" }),
  kv("zendesk-secret-key", "Zendesk", ["zendesk"], "[A-Za-z0-9]{40}", { entropy: 3 }),
  kv("freshdesk-api-key", "Freshdesk", ["freshdesk"], "[A-Za-z0-9]{20}", { entropy: 3.5 }),
  kv("freshbooks-access-token", "FreshBooks", ["freshbooks"], "[a-z0-9]{64}", { entropy: 3 }),
  kv("hubspot-api-key", "HubSpot", ["hubspot", "hapikey"], UUID, { edge: "A-Za-z0-9-" }),
  pre("hubspot-private-app-token", "HubSpot", ["pat-na", "pat-eu", "pat-ap"], `pat-(?:na|eu|ap)[0-9]-${UUID}`, {
    ...DASHED,
    description: "HubSpot private app / personal access token (pat-<region><n>- + UUID, every data-centre region)",
    examples: {
      secret: ["pat-ap1-{8 of [a-f0-9]}-{4 of [a-f0-9]}-{4 of [a-f0-9]}-{4 of [a-f0-9]}-{12 of [a-f0-9]}"],
    },
  }),
  kv(
    "salesforce-access-token",
    "Salesforce",
    ["salesforce", "sfdc", "force.com"],
    "00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{90,110}",
    {
      edge: "A-Za-z0-9._!",
    },
  ),
  kv("zoho-oauth-token", "Zoho", ["zoho"], "1000\\.[a-f0-9]{32}\\.[a-f0-9]{32}", { edge: "A-Za-z0-9." }),
  kv("pipedrive-api-token", "Pipedrive", ["pipedrive"], "[a-f0-9]{40}"),
  pre("typeform-api-token", "Typeform", ["tfp_"], "tfp_[A-Za-z0-9_.=-]{59}", { edge: "A-Za-z0-9_.=-" }),
  kv("surveymonkey-access-token", "SurveyMonkey", ["surveymonkey"], "[A-Za-z0-9.-]{60,80}", {
    edge: "A-Za-z0-9.-",
    entropy: 4,
  }),
  kv(
    "calendly-api-key",
    "Calendly",
    ["calendly"],
    "eyJ[A-Za-z0-9_-]{20,}\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}",
    {
      edge: "A-Za-z0-9_.-",
    },
  ),
  kv("okta-access-token", "Okta", ["okta"], "00[A-Za-z0-9_=-]{40}", { edge: "A-Za-z0-9_=-", entropy: 3.5 }),
  kv("auth0-client-secret", "Auth0", ["auth0"], "[A-Za-z0-9_-]{64}", { ...DASHED, entropy: 4 }),
  pre(
    "authress-service-client-access-key",
    "Authress",
    ["sc_", "ext_", "scauth_", "authress_"],
    "(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\\.[a-z0-9]{4,6}\\.acc[_-][a-z0-9-]{10,32}\\.[a-z0-9+/_=-]{30,120}",
    {
      edge: "A-Za-z0-9+/_=.-",
      requires: [".acc_", ".acc-"],
    },
  ),
  kv("onelogin-client-secret", "OneLogin", ["onelogin"], "[a-f0-9]{64}"),
  kv("stytch-secret", "Stytch", ["stytch"], "secret-(?:live|test)-[A-Za-z0-9_=-]{36}", { edge: "A-Za-z0-9_=-" }),
  // sk_test_/sk_live_ + base64 of the key's id (as WORKOS_API_KEY holds it in public .env files);
  // the rule took sk_ + letters and digits only, which no issued key has.
  kv("workos-api-key", "WorkOS", ["workos"], "sk_(?:test_|live_)?[A-Za-z0-9]{40,120}", { entropy: 4 }),
  pre("postman-api-token", "Postman", ["pmak-"], "PMAK-[a-f0-9]{24}-[a-f0-9]{34}"),
  pre("readme-api-token", "ReadMe", ["rdme_"], "rdme_[a-z0-9]{70}"),
  pre("settlemint-personal-access-token", "SettleMint", ["sm_pat_"], "sm_pat_[A-Za-z0-9]{16}"),
  pre("settlemint-application-access-token", "SettleMint", ["sm_aat_"], "sm_aat_[A-Za-z0-9]{16}"),
  pre("settlemint-service-access-token", "SettleMint", ["sm_sat_"], "sm_sat_[A-Za-z0-9]{16}"),
  kv("snyk-api-token", "Snyk", ["snyk"], UUID, { edge: "A-Za-z0-9-" }),
  kv("adafruit-api-key", "Adafruit IO", ["adafruit"], "[A-Za-z0-9_-]{32}", { ...DASHED, entropy: 3 }),
  kv("adobe-client-id", "Adobe", ["adobe"], HEX32),
  pre("adobe-client-secret", "Adobe", ["p8e-"], "p8e-[A-Za-z0-9]{32}", { entropy: 3 }),
  kv("beamer-api-token", "Beamer", ["beamer"], "b_[A-Za-z0-9=_-]{44}", { edge: "A-Za-z0-9=_-" }),
  pre("frameio-api-token", "Frame.io", ["fio-u-"], "fio-u-[A-Za-z0-9_=-]{64}", { edge: "A-Za-z0-9_=-" }),
  kv("looker-client-id", "Looker", ["looker"], "[A-Za-z0-9]{20}", { entropy: 3 }),
  kv("looker-client-secret", "Looker", ["looker"], "[A-Za-z0-9]{24}", { entropy: 3 }),
  kv("squarespace-access-token", "Squarespace", ["squarespace"], UUID, { edge: "A-Za-z0-9-" }),
  kv("etsy-access-token", "Etsy", ["etsy"], "[a-z0-9]{24}", { entropy: 3 }),
  kv("dropbox-api-token", "Dropbox", ["dropbox"], "[a-z0-9]{15}", { entropy: 3 }),
  // sl. + 130-152 characters (Dropbox's OAuth guide example: 136), and the current sl.u. tokens
  // of some 1,300 characters.
  pre(
    "dropbox-short-lived-api-token",
    "Dropbox",
    ["sl."],
    "sl\\.(?:u\\.[A-Za-z0-9_=-]{200,2000}|[A-Za-z0-9_=-]{130,152})",
    {
      edge: "A-Za-z0-9_=-",
      description: "Dropbox short-lived access token (sl. + 130-152 characters, or sl.u. + some 1,300)",
      examples: {
        secret: ["DROPBOX_ACCESS_TOKEN=sl.u.{1320 of [A-Za-z0-9_-]}", '"access_token": "sl.B{135 of [A-Za-z0-9_-]}",'],
      },
    },
  ),
  kv("dropbox-long-lived-api-token", "Dropbox", ["dropbox"], "[a-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=-]{43}", {
    edge: "A-Za-z0-9_=-",
  }),
  kv("box-api-token", "Box", ["box_developer", "box_client_secret", "box_token", "box_api"], "[A-Za-z0-9]{32}", {
    entropy: 3.5,
  }),
  kv("fastly-api-token", "Fastly", ["fastly"], "[A-Za-z0-9=_-]{32}", { edge: "A-Za-z0-9=_-", entropy: 3 }),
  kv("akamai-client-secret", "Akamai", ["akamai", "client_secret"], "[A-Za-z0-9+/]{43}=", { edge: "A-Za-z0-9+/=" }),
  pre("akamai-edgegrid-token", "Akamai", ["akab-"], "akab-[a-z0-9]{16}-[a-z0-9]{16}", DASHED),
  kv("bunny-api-key", "Bunny.net", ["bunny"], `${UUID}(?:-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})?`, {
    edge: "A-Za-z0-9-",
  }),
  kv("cloudinary-api-secret", "Cloudinary", ["cloudinary"], "[A-Za-z0-9_-]{27}", { ...DASHED, entropy: 3.5 }),
  pre(
    "cloudinary-url",
    "Cloudinary",
    ["cloudinary://"],
    "cloudinary://[0-9]{15}:(?<secret>[A-Za-z0-9_-]{27})@[a-z0-9_-]+",
    {
      ...DASHED,
    },
  ),
  kv("imgur-client-secret", "Imgur", ["imgur"], "[a-f0-9]{40}"),
  kv("unsplash-access-key", "Unsplash", ["unsplash"], "[A-Za-z0-9_-]{43}", { ...DASHED, entropy: 4 }),
  kv("giphy-api-key", "Giphy", ["giphy"], "[A-Za-z0-9]{32}", { entropy: 3.5 }),
  kv("tmdb-api-key", "TMDB", ["tmdb", "themoviedb"], HEX32),
  kv("spotify-client-secret", "Spotify", ["spotify"], HEX32),
  kv("twitch-api-token", "Twitch", ["twitch"], "[a-z0-9]{30}", { entropy: 3 }),
  pre("intra42-secret", "42 Intra", ["s-s4t2"], "s-s4t2(?:ud|af)-[a-f0-9]{64}", DASHED),
  kv("kucoin-access-token", "KuCoin", ["kucoin"], "[a-f0-9]{24}"),
  kv("kucoin-secret-key", "KuCoin", ["kucoin"], UUID, { edge: "A-Za-z0-9-" }),
  kv("docusign-secret", "DocuSign", ["docusign"], UUID, { edge: "A-Za-z0-9-" }),
  kv("dropbox-sign-api-key", "Dropbox Sign", ["hellosign", "dropbox_sign"], "[a-f0-9]{64}"),
  kv("mux-token-secret", "Mux", ["mux_token", "mux-token"], "[A-Za-z0-9+/]{75}", { edge: "A-Za-z0-9+/", entropy: 4 }),
  kv("agora-app-certificate", "Agora", ["agora"], HEX32),
  kv("zoom-client-secret", "Zoom", ["zoom"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("webex-bot-token", "Webex", ["webex"], "[A-Za-z0-9]{64}_[A-Za-z0-9]{4}_[a-f0-9-]{36}", DASHED),
  kv("ngrok-authtoken", "ngrok", ["ngrok"], "[0-9A-Za-z]{27}_[0-9A-Za-z]{21,22}", { entropy: 3.8 }),
  kv(
    "tailscale-key",
    "Tailscale",
    ["tailscale", "ts_authkey", "ts_api"],
    "tskey-[a-z]+-[A-Za-z0-9]{10,20}-[A-Za-z0-9]{20,40}",
    DASHED,
  ),
  pre("tailscale-api-key", "Tailscale", ["tskey-"], "tskey-[a-z]{3,12}-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{16,48}", DASHED),
  pre("onepassword-service-account-token", "1Password", ["ops_eyj"], "ops_eyJ[A-Za-z0-9+/]{250,}={0,3}", {
    edge: "A-Za-z0-9+/=",
  }),
  pre(
    "onepassword-secret-key",
    "1Password",
    ["a3-"],
    "A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
    DASHED,
  ),
  pre(
    "bitwarden-access-token",
    "Bitwarden",
    ["0."],
    "0\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.[A-Za-z0-9]{30}:[A-Za-z0-9+/]{22}==",
    {
      edge: "A-Za-z0-9+/=.",
      requires: ["=="],
    },
  ),
  kv("sendgrid-near", "SendGrid", ["sendgrid"], "SG\\.[A-Za-z0-9=_.-]{66}", { edge: "A-Za-z0-9=_.-" }),
  kv("contentstack-token", "Contentstack", ["contentstack"], "(?:cs|bltsp)[a-f0-9]{28,40}"),
  kv("sanity-api-token", "Sanity", ["sanity"], "sk[A-Za-z0-9]{70,90}", { entropy: 4 }),
  kv("storyblok-token", "Storyblok", ["storyblok"], "[A-Za-z0-9]{22}tt", { entropy: 3.5 }),
  kv("prismic-token", "Prismic", ["prismic"], "MC5[A-Za-z0-9_.-]{40,}", { edge: "A-Za-z0-9_.-" }),
  kv("strapi-api-token", "Strapi", ["strapi"], "[a-f0-9]{256}"),
  kv("ghost-admin-api-key", "Ghost", ["ghost"], "[a-f0-9]{24}:[a-f0-9]{64}"),
  kv(
    "wordpress-app-password",
    "WordPress",
    ["wordpress", "wp_app_password", "wp_password"],
    "[A-Za-z0-9]{4}(?: [A-Za-z0-9]{4}){5}",
    {
      entropy: 3.5,
    },
  ),
  kv("algolia-admin-key", "Algolia", ["algolia_admin", "algoliaadmin"], HEX32),
  kv("launchdarkly-access-token-near", "LaunchDarkly", ["launchdarkly"], "[A-Za-z0-9=_-]{40}", {
    edge: "A-Za-z0-9=_-",
    entropy: 3.5,
  }),
];
