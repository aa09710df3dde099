import type { SecretRule } from "../rule.js";
import { kv, pre, UUID } from "./build.js";

/**
 * Second-round providers, from their documented token formats: AI platforms, data platforms,
 * observability and feature flags, CI/CD and code quality, VPN and mesh networks, notification
 * and e-mail services, storage and regional clouds, auth and business SaaS. A documented prefix
 * makes a self-identifying rule (`pre`); a value with no prefix is only a secret next to the
 * provider's name (`kv`).
 */

const DASHED = { edge: "A-Za-z0-9_-" };
const JWT = "eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{20,}";
const JWT_EDGE = { edge: "A-Za-z0-9_.-" };

export const aiPlatformRules: SecretRule[] = [
  pre("langfuse-secret-key", "Langfuse", ["sk-lf-"], `sk-lf-${UUID}`, DASHED),
  pre("firecrawl-api-key", "Firecrawl", ["fc-"], "fc-[a-f0-9]{32}", DASHED),
  pre("e2b-api-key", "E2B", ["e2b_"], "e2b_[a-f0-9]{40}"),
  pre("llamacloud-api-key", "LlamaIndex", ["llx-"], "llx-[A-Za-z0-9]{48}", DASHED),
  pre("mem0-api-key", "Mem0", ["m0-"], "m0-[A-Za-z0-9]{40}", DASHED),
  pre("helicone-api-key", "Helicone", ["sk-helicone-"], "sk-helicone-[a-z0-9-]{28,48}", DASHED),
  pre("cartesia-api-key", "Cartesia", ["sk_car_"], "sk_car_[A-Za-z0-9]{20,40}"),
  pre("browserbase-api-key", "Browserbase", ["bb_live_"], "bb_live_[A-Za-z0-9_-]{20,40}", DASHED),
  kv("exa-api-key", "Exa", ["exa_api", "exa-api", "exaapi"], UUID, { edge: "A-Za-z0-9-" }),
  kv("baseten-api-key", "Baseten", ["baseten"], "[A-Za-z0-9]{8}\\.[A-Za-z0-9]{32}", { entropy: 3.5 }),
  kv("deepinfra-api-key", "DeepInfra", ["deepinfra"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("weaviate-api-key", "Weaviate", ["weaviate"], "[A-Za-z0-9]{32,48}", { entropy: 3.8 }),
  kv("qdrant-api-key", "Qdrant", ["qdrant"], "[A-Za-z0-9_.|-]{32,120}", { edge: "A-Za-z0-9_.|-", entropy: 4 }),
  kv("fal-api-key", "fal.ai", ["fal_key", "fal_api", "falai"], `${UUID}:[a-f0-9]{32}`, { edge: "A-Za-z0-9:-" }),
  kv("leonardo-api-key", "Leonardo.Ai", ["leonardo"], UUID, { edge: "A-Za-z0-9-" }),
  kv("comet-api-key", "Comet ML", ["comet_api_key", "comet-api-key", "cometapikey"], "[A-Za-z0-9]{25}", {
    entropy: 3.5,
  }),
  kv("neptune-api-token", "neptune.ai", ["neptune_api_token", "neptune-api-token"], "eyJ[A-Za-z0-9_=-]{50,400}", {
    edge: "A-Za-z0-9_=-",
  }),
  kv("speechmatics-api-key", "Speechmatics", ["speechmatics"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("lmnt-api-key", "LMNT", ["lmnt_api", "lmnt-api"], "[a-f0-9]{32}"),
];

export const dataPlatformRules: SecretRule[] = [
  pre("dbt-cloud-token", "dbt Cloud", ["dbtc_", "dbtu_"], "dbt[cu]_[A-Za-z0-9_-]{40,80}", DASHED),
  pre("tinybird-token", "Tinybird", ["p.eyj"], "p\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}", JWT_EDGE),
  pre("xata-api-key", "Xata", ["xau_"], "xau_[A-Za-z0-9]{32,40}"),
  pre("appwrite-api-key", "Appwrite", ["standard_"], "standard_[a-f0-9]{256}"),
  pre("databricks-oauth-secret", "Databricks", ["dose"], "dose[a-f0-9]{32}", DASHED),
  pre("metabase-api-key", "Metabase", ["mb_"], "mb_[A-Za-z0-9+/]{43}=", { edge: "A-Za-z0-9+/=" }),
  kv("turso-auth-token", "Turso", ["turso", "libsql_auth_token"], JWT, JWT_EDGE),
  kv("convex-deploy-key", "Convex", ["convex_deploy_key"], "(?:prod|dev|preview):[a-z0-9-]+\\|[A-Za-z0-9=]{40,200}", {
    edge: "A-Za-z0-9=",
  }),
  kv("fivetran-api-secret", "Fivetran", ["fivetran"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("tableau-pat-secret", "Tableau", ["tableau"], "[A-Za-z0-9+/]{22}==:[A-Za-z0-9]{32}", { edge: "A-Za-z0-9+/=:" }),
  kv("momento-api-key", "Momento", ["momento"], "eyJ[A-Za-z0-9_=-]{40,600}", { edge: "A-Za-z0-9_=.-" }),
  kv("motherduck-token", "MotherDuck", ["motherduck"], JWT, JWT_EDGE),
  kv("cloudflare-r2-secret", "Cloudflare", ["r2_secret", "r2-secret", "r2secret"], "[a-f0-9]{64}"),
];

export const observabilityMoreRules: SecretRule[] = [
  pre("statsig-server-secret", "Statsig", ["secret-"], "secret-[A-Za-z0-9]{43}", { ...DASHED, entropy: 4 }),
  pre("flagsmith-server-key", "Flagsmith", ["ser."], "ser\\.[A-Za-z0-9]{22}", { edge: "A-Za-z0-9_.-", entropy: 3.5 }),
  kv("appsignal-api-key", "AppSignal", ["appsignal"], UUID, { edge: "A-Za-z0-9-" }),
  kv("scout-apm-key", "Scout APM", ["scout_key", "scout_apm"], "[A-Za-z0-9]{20}", { entropy: 3.5 }),
  kv("papertrail-api-token", "Papertrail", ["papertrail"], "[A-Za-z0-9]{20}", { entropy: 3.5 }),
  kv("cronitor-api-key", "Cronitor", ["cronitor"], "[a-f0-9]{32}"),
  kv("healthchecks-api-key", "Healthchecks.io", ["healthchecks"], "[A-Za-z0-9_-]{32}", { ...DASHED, entropy: 3.8 }),
  kv("statuscake-api-key", "StatusCake", ["statuscake"], "[A-Za-z0-9]{20}", { entropy: 3.5 }),
  kv("configcat-sdk-key", "ConfigCat", ["configcat"], "(?:configcat-sdk-1/)?[A-Za-z0-9_-]{22}/[A-Za-z0-9_-]{22}", {
    edge: "A-Za-z0-9_/-",
  }),
  kv("split-sdk-key", "Split", ["split_api", "splitio", "split.io", "split_sdk"], "[a-z0-9]{36}", { entropy: 3.8 }),
  kv("unleash-api-token", "Unleash", ["unleash"], "(?:\\*|[\\w-]+):[\\w-]+\\.[a-f0-9]{64}", { edge: "A-Za-z0-9" }),
  kv("optimizely-token", "Optimizely", ["optimizely"], "2:[A-Za-z0-9_-]{40,120}", DASHED),
  kv("fullstory-api-key", "FullStory", ["fullstory"], "na1\\.[A-Za-z0-9+/=]{40,200}", { edge: "A-Za-z0-9+/=" }),
  kv("splunk-oncall-api-key", "Splunk On-Call", ["victorops"], UUID, { edge: "A-Za-z0-9-" }),
  kv(
    "splunk-observability-token",
    "Splunk Observability",
    ["signalfx", "sfx_token", "sfx_access_token"],
    "[A-Za-z0-9_-]{22}",
    {
      ...DASHED,
      entropy: 3.5,
    },
  ),
  kv("wavefront-api-token", "VMware Aria (Wavefront)", ["wavefront"], UUID, { edge: "A-Za-z0-9-" }),
  kv("elastic-apm-secret-token", "Elastic", ["elastic_apm_secret_token", "apm_secret_token"], "[A-Za-z0-9]{16,64}", {
    entropy: 3.5,
  }),
];

export const ciMoreRules: SecretRule[] = [
  // Jenkins API tokens: "11" (the token format version) + 32 hex.
  kv("jenkins-api-token", "Jenkins", ["jenkins"], "11[a-f0-9]{32}"),
  // TeamCity access tokens: base64url of {"typ": "TCV2"}, then two base64url parts.
  pre(
    "teamcity-access-token",
    "TeamCity",
    ["eyj0exaioiaivenwmij9"],
    "eyJ0eXAiOiAiVENWMiJ9\\.[A-Za-z0-9_-]{20,80}\\.[A-Za-z0-9_-]{20,120}",
    JWT_EDGE,
  ),
  pre("deepsource-pat", "DeepSource", ["dsp_"], "dsp_[a-f0-9]{40}"),
  pre("socket-api-key", "Socket", ["sktsec_"], "sktsec_[A-Za-z0-9_]{40,80}"),
  kv("bitrise-access-token", "Bitrise", ["bitrise"], "[A-Za-z0-9_-]{60,100}", { ...DASHED, entropy: 4 }),
  kv("codemagic-api-token", "Codemagic", ["codemagic", "cm_api_token"], "[A-Za-z0-9_-]{40,50}", {
    ...DASHED,
    entropy: 4,
  }),
  kv("semaphore-api-token", "Semaphore", ["semaphore_api", "semaphoreci"], "[A-Za-z0-9_-]{20}", {
    ...DASHED,
    entropy: 3.5,
  }),
  kv("codefresh-api-key", "Codefresh", ["codefresh"], "[a-f0-9]{24}\\.[a-f0-9]{32}"),
  kv("codacy-api-token", "Codacy", ["codacy"], "[A-Za-z0-9]{20,32}", { entropy: 3.5 }),
  kv("codeclimate-reporter-id", "Code Climate", ["cc_test_reporter_id", "codeclimate"], "[a-f0-9]{64}"),
  kv("coveralls-repo-token", "Coveralls", ["coveralls"], "[A-Za-z0-9]{32,37}", { entropy: 3.8 }),
  kv("semgrep-app-token", "Semgrep", ["semgrep"], "[a-f0-9]{64}"),
  kv("veracode-api-key", "Veracode", ["veracode"], "[a-f0-9]{128}"),
  kv("argocd-auth-token", "Argo CD", ["argocd"], JWT, JWT_EDGE),
  kv("gitee-access-token", "Gitee", ["gitee"], "[a-f0-9]{32}"),
];

export const networkRules: SecretRule[] = [
  pre("netbird-pat", "NetBird", ["nbp_"], "nbp_[A-Za-z0-9]{36}"),
  // A Cloudflare Tunnel token is base64 of {"a": account, "t": tunnel id, "s": secret}.
  pre("cloudflare-tunnel-token", "Cloudflare", ["eyjhijoi"], "eyJhIjoi[A-Za-z0-9+/]{100,400}={0,2}", {
    edge: "A-Za-z0-9+/=",
    validator: "cloudflare-tunnel",
  }),
  kv("zerotier-api-token", "ZeroTier", ["zerotier"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("twingate-api-key", "Twingate", ["twingate"], "[A-Za-z0-9_-]{40,100}", { ...DASHED, entropy: 4 }),
  kv("teleport-join-token", "Teleport", ["teleport"], "[a-f0-9]{32}"),
  kv("nordvpn-access-token", "NordVPN", ["nordvpn", "nordlynx"], "[a-f0-9]{64}"),
  kv("mullvad-account-number", "Mullvad", ["mullvad"], "\\d{16}", { entropy: 2.5 }),
];

export const notificationRules: SecretRule[] = [
  pre("ntfy-access-token", "ntfy", ["tk_"], "tk_[a-z0-9]{29}", { entropy: 3.5 }),
  pre("onesignal-api-key", "OneSignal", ["os_v2_app_", "os_v2_org_"], "os_v2_(?:app|org)_[a-z0-9]{60,200}"),
  kv("onesignal-legacy-api-key", "OneSignal", ["onesignal"], "[A-Za-z0-9]{48}", { entropy: 4 }),
  pre("pubnub-secret-key", "PubNub", ["sec-c-"], "sec-c-[A-Za-z0-9]{48}", DASHED),
  pre("resend-api-key", "Resend", ["re_"], "re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}", { entropy: 3.8 }),
  pre("mailersend-api-token", "MailerSend", ["mlsn."], "mlsn\\.[a-f0-9]{64}"),
  pre("courier-auth-token", "Courier", ["pk_prod_", "pk_test_"], "pk_(?:prod|test)_[A-Z0-9]{28}"),
  pre("klaviyo-private-key", "Klaviyo", ["pk_"], "pk_[a-f0-9]{34}"),
  pre(
    "google-chat-webhook",
    "Google Chat",
    ["chat.googleapis.com"],
    "https://chat\\.googleapis\\.com/v1/spaces/[A-Za-z0-9_-]+/messages\\?key=[A-Za-z0-9_-]{39}&token=(?<secret>[A-Za-z0-9_%=-]{40,100})",
    { edge: "A-Za-z0-9_%=-" },
  ),
  pre(
    "zapier-webhook",
    "Zapier",
    ["hooks.zapier.com"],
    "https://hooks\\.zapier\\.com/hooks/catch/\\d+/(?<secret>[a-z0-9]{6,8})/?",
    {
      edge: "A-Za-z0-9",
    },
  ),
  pre(
    "ifttt-webhook-key",
    "IFTTT",
    ["maker.ifttt.com"],
    "maker\\.ifttt\\.com/(?:trigger/[\\w-]+/(?:json/)?with/)?key/(?<secret>[A-Za-z0-9_-]{22,43})",
    DASHED,
  ),
  pre(
    "dingtalk-webhook",
    "DingTalk",
    ["oapi.dingtalk.com"],
    "oapi\\.dingtalk\\.com/robot/send\\?access_token=(?<secret>[a-f0-9]{64})",
  ),
  pre(
    "feishu-lark-webhook",
    "Feishu / Lark",
    ["open.feishu.cn", "open.larksuite.com"],
    `open\\.(?:feishu\\.cn|larksuite\\.com)/open-apis/bot/v2/hook/(?<secret>${UUID})`,
    { edge: "A-Za-z0-9-" },
  ),
  pre(
    "wecom-webhook",
    "WeCom",
    ["qyapi.weixin.qq.com"],
    `qyapi\\.weixin\\.qq\\.com/cgi-bin/webhook/send\\?key=(?<secret>${UUID})`,
    { edge: "A-Za-z0-9-" },
  ),
  pre(
    "microsoft-teams-legacy-webhook",
    "Microsoft Teams",
    ["outlook.office.com/webhook", "outlook.office365.com/webhook"],
    `https://outlook\\.office(?:365)?\\.com/webhook/${UUID}@${UUID}/IncomingWebhook/(?<secret>[a-f0-9]{32})/${UUID}`,
    { edge: "A-Za-z0-9-" },
  ),
  pre(
    "slack-legacy-webhook",
    "Slack",
    ["incoming-webhook?token="],
    "https://[\\w-]+\\.slack\\.com/services/hooks/incoming-webhook\\?token=(?<secret>[A-Za-z0-9]{24})",
  ),
  pre(
    "mattermost-webhook",
    "Mattermost",
    ["/hooks/"],
    "https?://[\\w.-]{0,100}?mattermost[\\w.-]{0,100}(?::\\d+)?/hooks/(?<secret>[a-z0-9]{26})",
  ),
  kv("pushbullet-access-token", "Pushbullet", ["pushbullet"], "o\\.[A-Za-z0-9]{32}", { edge: "A-Za-z0-9." }),
  kv("pushover-token", "Pushover", ["pushover"], "[a-z0-9]{30}", { entropy: 3.5 }),
  kv("gotify-token", "Gotify", ["gotify"], "[A-Za-z0-9._-]{15}", { edge: "A-Za-z0-9._-", entropy: 3.3 }),
  kv("ably-api-key", "Ably", ["ably"], "[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{6}:[A-Za-z0-9_-]{43}", DASHED),
  kv("telnyx-api-key", "Telnyx", ["telnyx"], "KEY[0-9A-F]{32}_[A-Za-z0-9]{22}"),
  kv("sinch-api-token", "Sinch", ["sinch"], "[a-f0-9]{32}"),
  kv("clicksend-api-key", "ClickSend", ["clicksend"], UUID, { edge: "A-Za-z0-9-" }),
  kv("textmagic-api-key", "Textmagic", ["textmagic"], "[A-Za-z0-9]{30}", { entropy: 3.8 }),
  kv("infobip-api-key", "Infobip", ["infobip"], `[a-f0-9]{32}-${UUID}`, { edge: "A-Za-z0-9-" }),
  kv("customerio-api-key", "Customer.io", ["customerio", "customer_io", "customer.io"], "[a-f0-9]{20,32}"),
  kv("iterable-api-key", "Iterable", ["iterable_api", "iterable-api"], "[a-f0-9]{32}"),
  kv("braze-api-key", "Braze", ["braze"], UUID, { edge: "A-Za-z0-9-" }),
  kv("loops-api-key", "Loops", ["loops_api", "loops-api", "loopsapi"], "[a-f0-9]{32}"),
  kv("novu-api-key", "Novu", ["novu"], "[a-f0-9]{32}"),
  kv("mailerlite-api-token", "MailerLite", ["mailerlite"], JWT, JWT_EDGE),
  kv("activecampaign-api-key", "ActiveCampaign", ["activecampaign", "active_campaign"], "[a-f0-9]{72}"),
  kv("convertkit-api-secret", "Kit (ConvertKit)", ["convertkit"], "[A-Za-z0-9_-]{43}", { ...DASHED, entropy: 4 }),
  kv("smtp2go-api-key", "SMTP2GO", ["smtp2go"], "api-[A-F0-9]{32}", DASHED),
  kv("elasticemail-api-key", "Elastic Email", ["elasticemail", "elastic_email"], "[A-F0-9]{96}"),
  kv("mailtrap-api-token", "Mailtrap", ["mailtrap"], "[a-f0-9]{32}"),
  kv("kakao-app-key", "Kakao", ["kakao"], "[a-f0-9]{32}"),
  kv("wechat-app-secret", "WeChat", ["wechat", "weixin"], "[a-f0-9]{32}", { exclude: "app_?id|appid" }),
  kv("dingtalk-app-secret", "DingTalk", ["dingtalk"], "[A-Za-z0-9_-]{64}", { ...DASHED, entropy: 4 }),
  kv("feishu-app-secret", "Feishu / Lark", ["feishu", "lark_app_secret"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("ringcentral-client-secret", "RingCentral", ["ringcentral"], "[A-Za-z0-9_-]{22,64}", { ...DASHED, entropy: 3.8 }),
];

export const cloudMoreRules: SecretRule[] = [
  pre("volcengine-access-key", "Volcengine", ["aklt"], "AKLT[A-Za-z0-9_-]{40,60}", DASHED),
  pre("exoscale-api-key", "Exoscale", ["exo"], "EXO[a-f0-9]{24}"),
  pre("backblaze-b2-application-key", "Backblaze", ["k00"], "K00[0-9][A-Za-z0-9+/]{27}", {
    edge: "A-Za-z0-9+/",
    entropy: 3.8,
  }),
  kv("backblaze-b2-key-id", "Backblaze", ["b2_key_id", "b2_application_key_id", "backblaze"], "00[0-9a-f]{23}"),
  pre("aws-appsync-api-key", "AWS", ["da2-"], "da2-[a-z0-9]{26}", { ...DASHED, confidence: "low", entropy: 3.5 }),
  pre("amazon-mws-auth-token", "AWS", ["amzn.mws."], `amzn\\.mws\\.${UUID}`, { edge: "A-Za-z0-9-" }),
  pre("gcs-hmac-access-id", "Google Cloud", ["goog1"], "GOOG1[A-Z0-9]{56}", { confidence: "medium" }),
  kv("huawei-cloud-secret-key", "Huawei Cloud", ["huaweicloud", "huawei_cloud", "hwcloud"], "[A-Za-z0-9]{40}", {
    entropy: 4,
  }),
  kv("baidu-cloud-secret-key", "Baidu Cloud", ["baidu"], "[a-f0-9]{32}"),
  kv("wasabi-secret-key", "Wasabi", ["wasabi"], "[A-Za-z0-9/+]{40}", { edge: "A-Za-z0-9/+", entropy: 4 }),
  kv("civo-api-key", "Civo", ["civo"], "[A-Za-z0-9]{50}", { entropy: 4 }),
  kv("rackspace-api-key", "Rackspace", ["rackspace"], "[a-f0-9]{32}"),
  pre(
    "azure-app-configuration-connection-string",
    "Azure",
    ["azconfig.io"],
    "Endpoint=https://[\\w-]+\\.azconfig\\.io;Id=[\\w:+/=-]+;Secret=(?<secret>[A-Za-z0-9+/]{40,}={0,2})",
    { edge: "A-Za-z0-9+/=" },
  ),
  pre(
    "azure-signalr-connection-string",
    "Azure",
    ["service.signalr.net", "webpubsub.azure.com"],
    "Endpoint=https://[\\w-]+\\.(?:service\\.signalr\\.net|webpubsub\\.azure\\.com);AccessKey=(?<secret>[A-Za-z0-9+/]{43}=)",
    { edge: "A-Za-z0-9+/=" },
  ),
];

export const saasMoreRules: SecretRule[] = [
  pre(
    "ory-token",
    "Ory",
    ["ory_pat_", "ory_at_", "ory_ht_", "ory_st_", "ory_rt_", "ory_apikey_"],
    "ory_(?:pat|at|ht|st|rt|apikey)_[A-Za-z0-9_-]{20,100}",
    DASHED,
  ),
  // Miro access tokens begin with base64url of {"miro.origin":"eu01"}.
  pre(
    "miro-access-token",
    "Miro",
    ["eyjtaxjvlm9yawdpbii6"],
    "eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_[A-Za-z0-9_-]{20,}",
    DASHED,
  ),
  pre("aftership-api-key", "AfterShip", ["asat_"], "asat_[a-f0-9]{32}"),
  pre(
    "mercury-api-token",
    "Mercury",
    ["secret-token:mercury_"],
    "secret-token:mercury_(?:production|sandbox)_[a-z]{3}_[A-Za-z0-9]{40,80}",
  ),
  kv("keycloak-client-secret", "Keycloak", ["keycloak"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("kinde-client-secret", "Kinde", ["kinde_client_secret", "kinde-client-secret"], "[A-Za-z0-9]{40,60}", {
    entropy: 4,
  }),
  kv("close-api-key", "Close", ["close_api", "closeio", "close.com"], "api_[A-Za-z0-9]{22}\\.[A-Za-z0-9]{22}", {
    edge: "A-Za-z0-9.",
  }),
  kv("hunter-api-key", "Hunter", ["hunter_api", "hunter.io", "hunterio"], "[a-f0-9]{40}"),
  kv("attio-api-key", "Attio", ["attio"], "[a-f0-9]{64}"),
  kv("pipedream-api-key", "Pipedream", ["pipedream"], "[a-f0-9]{32}"),
  kv("smartsheet-access-token", "Smartsheet", ["smartsheet"], "[A-Za-z0-9]{26,37}", { entropy: 3.8 }),
  kv("wrike-access-token", "Wrike", ["wrike"], "eyJ[A-Za-z0-9_=-]{50,600}", { edge: "A-Za-z0-9_=.-" }),
  kv("todoist-api-token", "Todoist", ["todoist"], "[a-f0-9]{40}"),
  kv("harvest-access-token", "Harvest", ["harvest"], "\\d{5,8}\\.pt\\.[A-Za-z0-9_-]{60,120}", DASHED),
  kv("toggl-api-token", "Toggl", ["toggl"], "[a-f0-9]{32}"),
  kv("clockify-api-key", "Clockify", ["clockify"], "[A-Za-z0-9]{48}", { entropy: 4 }),
  kv("pandadoc-api-key", "PandaDoc", ["pandadoc"], "[a-f0-9]{40}"),
  kv("gorgias-api-key", "Gorgias", ["gorgias"], "[a-f0-9]{64}"),
  kv("helpscout-api-key", "Help Scout", ["helpscout", "help_scout"], "[a-f0-9]{32,40}"),
  kv("front-api-token", "Front", ["frontapp", "front_api"], JWT, JWT_EDGE),
  kv("zeplin-access-token", "Zeplin", ["zeplin"], JWT, JWT_EDGE),
  kv("coinmarketcap-api-key", "CoinMarketCap", ["coinmarketcap", "cmc_pro"], UUID, { edge: "A-Za-z0-9-" }),
  kv("coingecko-api-key", "CoinGecko", ["coingecko", "x-cg-pro", "x-cg-demo"], "CG-[A-Za-z0-9]{20,30}", DASHED),
  kv("dwolla-api-secret", "Dwolla", ["dwolla"], "[A-Za-z0-9]{50}", { entropy: 4 }),
  kv("cybersource-shared-secret", "Cybersource", ["cybersource"], "[A-Za-z0-9+/]{43}=", { edge: "A-Za-z0-9+/=" }),
  kv("payu-api-key", "PayU", ["payu"], "[a-f0-9]{32}"),
];

export const platformRules: SecretRule[] = [
  ...aiPlatformRules,
  ...dataPlatformRules,
  ...observabilityMoreRules,
  ...ciMoreRules,
  ...networkRules,
  ...notificationRules,
  ...cloudMoreRules,
  ...saasMoreRules,
];
