import type { SecretRule } from "../rule.js";
import { JWT, JWT_EDGE, kv, pre, UUID, UUID_KV } from "./build.js";

/**
 * Developer tooling APIs: feature flags, error tracking, test and browser farms, localisation
 * platforms, automation and internal-tool builders, dev environments. Formats from the vendors'
 * documentation; a value with no prefix of its own only counts next to the vendor's name.
 */

const DASHED = { edge: "A-Za-z0-9_-" };
const UUID_EDGE = { edge: "A-Za-z0-9-" };

export const devtoolRules: SecretRule[] = [
  // Feature flags.
  pre("devcycle-server-key", "DevCycle", ["dvc_server_"], "dvc_server_[A-Za-z0-9_-]{20,100}", {
    ...DASHED,
    entropy: 3.5,
    description: "DevCycle server SDK key (dvc_server_ prefix)",
  }),
  pre(
    "growthbook-secret-key",
    "GrowthBook",
    ["secret_admin_", "secret_readonly_", "secret_user_"],
    "secret_(?:admin|readonly|user)_[A-Za-z0-9]{20,64}",
    { entropy: 3.5, confidence: "medium", description: "GrowthBook secret API key (secret_admin_/_readonly_/_user_)" },
  ),
  kv("flipt-token", "Flipt", ["flipt"], "[A-Za-z0-9_-]{32,64}", { ...DASHED, entropy: 3.8 }),
  kv("harness-ff-sdk-key", "Harness", ["harness_ff", "harness-ff", "ff_server_sdk_key", "ff_sdk_key"], UUID, UUID_KV),
  kv("vwo-api-token", "VWO", ["vwo_api", "vwo-api", "vwo_token"], "[a-f0-9]{64,72}"),

  // Error tracking.
  pre("honeybadger-api-key", "Honeybadger", ["hbp_"], "hbp_[A-Za-z0-9]{30,40}", {
    entropy: 3.5,
    confidence: "medium",
    description: "Honeybadger API key (hbp_ prefix)",
  }),
  kv("honeybadger-legacy-api-key", "Honeybadger", ["honeybadger"], "[A-Za-z0-9]{20,40}", { entropy: 3.8 }),
  kv("trackjs-token", "TrackJS", ["trackjs"], "[a-f0-9]{32}"),
  kv("exceptionless-api-key", "Exceptionless", ["exceptionless"], "[A-Za-z0-9]{40}", { entropy: 3.8 }),
  kv("errorception-key", "Errorception", ["errorception"], "[a-f0-9]{24}"),

  // Test automation and browser farms.
  kv("browserstack-access-key", "BrowserStack", ["browserstack"], "[A-Za-z0-9]{20}", {
    entropy: 3.5,
    exclude: "user|name",
    description: "BrowserStack access key (20 characters) next to its name",
  }),
  kv(
    "saucelabs-access-key",
    "Sauce Labs",
    ["saucelabs", "sauce_labs", "sauce_access", "sauce-access", "sauce_key"],
    UUID,
    UUID_EDGE,
  ),
  kv(
    "lambdatest-access-key",
    "LambdaTest",
    ["lambdatest", "lt_access_key", "lt-access-key"],
    "(?:LT_)?[A-Za-z0-9]{40,60}",
    {
      entropy: 4,
      exclude: "user|name",
    },
  ),
  kv("testingbot-secret", "TestingBot", ["testingbot", "tb_secret", "tb_key"], "[a-f0-9]{32}"),
  kv(
    "crossbrowsertesting-key",
    "CrossBrowserTesting",
    ["crossbrowsertesting", "cbt_authkey", "cbt_key"],
    "[a-z0-9]{32,34}",
    {
      entropy: 3,
    },
  ),
  kv("kobiton-api-key", "Kobiton", ["kobiton"], UUID, UUID_KV),
  kv("perfecto-security-token", "Perfecto", ["perfecto"], JWT, JWT_EDGE),
  kv("headspin-api-token", "HeadSpin", ["headspin"], "[a-f0-9]{32}"),
  kv("bitbar-api-key", "Bitbar", ["bitbar", "testdroid"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("percy-token", "Percy", ["percy"], "(?:(?:web|auto|app|ss|vmw)_)?[a-f0-9]{64}", {
    description: "Percy project token (64 hex, web_/auto_/app_ prefixed) next to its name",
  }),
  kv("applitools-api-key", "Applitools", ["applitools"], "[A-Za-z0-9]{30,60}", { entropy: 4 }),
  pre("chromatic-project-token", "Chromatic", ["chpt_"], "chpt_[a-f0-9]{12,20}", {
    confidence: "medium",
    description: "Chromatic project token (chpt_ prefix)",
  }),
  kv(
    "cypress-record-key",
    "Cypress",
    ["cypress_record_key", "cypress-record-key", "cypressrecordkey"],
    UUID,
    UUID_EDGE,
  ),
  kv(
    "currents-record-key",
    "Currents",
    ["currents_record_key", "currents-record-key", "currents_api_key"],
    "[A-Za-z0-9]{16,64}",
    {
      entropy: 3.5,
    },
  ),
  kv("qase-api-token", "Qase", ["qase"], "[a-f0-9]{64}"),
  kv("knapsack-pro-token", "Knapsack Pro", ["knapsack"], "[a-f0-9]{32}"),
  kv("blazemeter-api-key", "BlazeMeter", ["blazemeter"], "(?:[a-f0-9]{64}|[a-f0-9]{24})"),
  kv("loadmill-api-token", "Loadmill", ["loadmill"], "[A-Za-z0-9]{40}", { entropy: 3.8 }),
  kv(
    "ghost-inspector-api-key",
    "Ghost Inspector",
    ["ghostinspector", "ghost_inspector", "ghost-inspector"],
    "[a-f0-9]{40}",
  ),
  kv("mabl-api-key", "mabl", ["mabl"], "[A-Za-z0-9_-]{22,44}", { ...DASHED, entropy: 3.8 }),
  kv("testrail-api-key", "TestRail", ["testrail"], "[A-Za-z0-9./-]{20,40}", { edge: "A-Za-z0-9./-", entropy: 3.8 }),
  kv("rainforest-qa-token", "Rainforest QA", ["rainforest"], "[a-f0-9]{32}"),
  kv("gremlin-api-key", "Gremlin", ["gremlin_api", "gremlin-api", "gremlin_team_secret"], "[A-Za-z0-9_-]{30,80}", {
    ...DASHED,
    entropy: 4,
  }),

  // API design and mocking.
  kv("swaggerhub-api-key", "SwaggerHub", ["swaggerhub"], UUID, UUID_KV),
  kv("stoplight-token", "Stoplight", ["stoplight"], "[A-Za-z0-9_-]{32,64}", { ...DASHED, entropy: 4 }),
  kv("apimatic-api-key", "APIMatic", ["apimatic"], "[A-Za-z0-9_=-]{40,120}", { edge: "A-Za-z0-9_=-", entropy: 4 }),

  // Automation, internal tools, dev environments.
  pre("retool-api-token", "Retool", ["retool_"], "retool_[A-Za-z0-9]{28,48}", {
    entropy: 3.5,
    confidence: "medium",
    description: "Retool API token (retool_ prefix)",
  }),
  kv("n8n-api-key", "n8n", ["n8n"], JWT, JWT_EDGE),
  kv("budibase-api-key", "Budibase", ["budibase"], "[a-f0-9-]{40,200}", { edge: "a-f0-9-", entropy: 3.5 }),
  pre("keygen-token", "Keygen", ["prod-", "admin-", "activ-", "env-"], "(?:prod|admin|activ|env)-[a-f0-9]{64}v3", {
    edge: "A-Za-z0-9-",
    description: "Keygen product, admin, activation or environment token (prod-/admin-/activ-/env- ... v3)",
  }),
  kv("expo-access-token", "Expo", ["expo_token", "expo-token", "expo_access_token"], "[A-Za-z0-9_-]{40}", {
    ...DASHED,
    entropy: 3.8,
  }),
  pre("codesandbox-api-token", "CodeSandbox", ["csb_v1_"], "csb_v1_[A-Za-z0-9_-]{40,64}", DASHED),
  kv("gitpod-token", "Gitpod", ["gitpod"], "gitpod_pat_[A-Za-z0-9_.-]{40,200}", { edge: "A-Za-z0-9_.-" }),
  pre("gitbook-api-token", "GitBook", ["gb_api_"], "gb_api_[A-Za-z0-9]{36,60}", {
    confidence: "medium",
    description: "GitBook API token (gb_api_ prefix)",
  }),
  kv("replit-token", "Replit", ["replit_token", "repl_token", "replit-token"], "[A-Za-z0-9_.-]{40,200}", {
    edge: "A-Za-z0-9_.-",
    entropy: 4,
  }),

  // Localisation platforms.
  pre("weblate-api-key", "Weblate", ["wlu_", "wlp_"], "wl[up]_[A-Za-z0-9]{40}", {
    description: "Weblate user or project API key (wlu_/wlp_ + 40 characters)",
  }),

  // IoT device platforms.
  pre("ubidots-token", "Ubidots", ["bbff-", "bbus-"], "BB(?:FF|US)-[A-Za-z0-9]{30}", {
    description: "Ubidots token (BBFF-/BBUS- + 30 characters)",
  }),
  kv("particle-access-token", "Particle", ["particle"], "[a-f0-9]{40}"),
  kv("blynk-auth-token", "Blynk", ["blynk"], "[A-Za-z0-9_-]{32}", { edge: "A-Za-z0-9_-", entropy: 3.8 }),
  kv("thingsboard-access-token", "ThingsBoard", ["thingsboard"], "[A-Za-z0-9]{20}", { entropy: 3.5 }),
  kv("losant-api-token", "Losant", ["losant"], JWT, JWT_EDGE),
  kv(
    "arduino-iot-client-secret",
    "Arduino IoT Cloud",
    ["arduino_iot", "arduino-iot", "arduino_client_secret"],
    "[A-Za-z0-9]{64}",
    {
      entropy: 4,
    },
  ),
  kv("balena-api-key", "balena", ["balena"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("golioth-api-key", "Golioth", ["golioth"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),

  // Web performance and page testing.
  kv(
    "webpagetest-api-key",
    "WebPageTest",
    ["webpagetest", "wpt_api_key", "wpt-api-key"],
    `(?:${UUID}|[A-Za-z0-9.]{30,40})`,
    {
      edge: "A-Za-z0-9.-",
      entropy: 3.5,
    },
  ),
  kv("calibre-api-token", "Calibre", ["calibre_api_token", "calibre-api-token"], "[A-Za-z0-9]{40,64}", { entropy: 4 }),
  kv("speedcurve-api-key", "SpeedCurve", ["speedcurve"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("debugbear-api-key", "DebugBear", ["debugbear"], "[A-Za-z0-9]{32,64}", { entropy: 3.8 }),

  // Pastes and snippets.
  kv("pastebin-api-key", "Pastebin", ["pastebin"], "[A-Za-z0-9_-]{32}", { edge: "A-Za-z0-9_-", entropy: 3.8 }),
  kv("github-gist-token", "GitHub", ["gist_token", "gist-token", "gisttoken"], "[a-f0-9]{40}"),
  kv("filecoin-web3-storage-token", "web3.storage", ["web3storage", "web3_storage", "w3s_token"], JWT, JWT_EDGE),

  // Automation and integration platforms.
  kv("tines-api-key", "Tines", ["tines"], "[A-Za-z0-9_-]{40,64}", {
    edge: "A-Za-z0-9_-",
    entropy: 4,
    exclude: "tenant|url|story",
  }),
  kv("anypoint-client-secret", "MuleSoft Anypoint", ["anypoint", "mulesoft"], `(?:${UUID}|[A-Fa-f0-9]{32})`, {
    edge: "A-Za-z0-9-",
    exclude: "client_id|clientid|org|env|user",
  }),
  kv("eraser-api-token", "Eraser", ["eraser_api", "eraser-api", "eraser_token"], "[A-Za-z0-9]{20,40}", {
    entropy: 3.8,
  }),
  kv("codequiry-api-key", "Codequiry", ["codequiry"], "[a-f0-9]{64}"),
  kv("make-api-token", "Make (Integromat)", ["integromat", "make_api_token", "make-api-token"], UUID, UUID_KV),
];
