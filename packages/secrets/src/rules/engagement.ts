import type { SecretRule } from "../rule.js";
import {
  ALNUM,
  B64_EDGE,
  DASH_EDGE,
  HEX,
  JWT,
  JWT_EDGE,
  kvs,
  OPAQUE,
  OPAQUE_EXTRA,
  pre,
  UUID,
  UUID_EDGE,
} from "./build.js";

/**
 * Customer engagement: CRM, marketing e-mail and verification, SMS and voice, chat and
 * notification services, and webhook URLs (current and legacy shapes). Formats are the vendors'
 * documented ones: a documented prefix makes a self-identifying rule, a bare value is only a
 * secret next to the provider's name.
 */

export const engagementRules: SecretRule[] = [
  // --- CRM -------------------------------------------------------------------------------------
  pre("keap-service-account-key", "Keap", ["keapak-"], "KeapAK-[A-Za-z0-9_-]{30,100}", {
    ...DASH_EDGE,
    entropy: 3.5,
    description: "Keap (Infusionsoft) personal access token / service account key (KeapAK- prefix)",
  }),
  pre("salesforce-refresh-token", "Salesforce", ["5aep861"], "5Aep861[A-Za-z0-9._]{70,120}", {
    edge: "A-Za-z0-9._",
    confidence: "medium",
    entropy: 4,
    description: "Salesforce OAuth refresh token (5Aep861 prefix)",
  }),
  pre("salesforce-consumer-key", "Salesforce", ["3mvg9"], "3MVG9[A-Za-z0-9._]{75,90}", {
    edge: "A-Za-z0-9._",
    confidence: "low",
    entropy: 4,
    description: "Salesforce connected app consumer key (3MVG9 prefix); its consumer secret is usually near",
  }),
  ...kvs([
    ["salesforce-consumer-secret", "Salesforce", ["salesforce", "sfdc", "sf_consumer"], "[A-F0-9]{64}", { entropy: 3 }],
    ["infusionsoft-api-key", "Keap", ["infusionsoft", "keap_"], "[a-z0-9]{24}", { entropy: 3.5 }],
    ["copper-api-key", "Copper", ["copper_api", "coppercrm", "copper_crm", "prosperworks"], HEX(32)],
    ["insightly-api-key", "Insightly", ["insightly"], UUID, UUID_EDGE],
    [
      "capsule-crm-token",
      "Capsule CRM",
      ["capsulecrm", "capsule_crm", "capsule_api"],
      "[A-Za-z0-9+/_=-]{64}",
      {
        edge: "A-Za-z0-9+/_=-",
        entropy: 4,
      },
    ],
    [
      "freshsales-api-key",
      "Freshworks",
      ["freshsales", "freshworks", "myfreshworks"],
      "[A-Za-z0-9_-]{22}",
      {
        ...DASH_EDGE,
        entropy: 3.5,
      },
    ],
    ["nutshell-api-key", "Nutshell", ["nutshell"], HEX(40)],
    ["agilecrm-api-key", "Agile CRM", ["agilecrm", "agile_crm"], "[a-z0-9]{26}", { entropy: 3.5 }],
    ["streak-api-key", "Streak", ["streak_api", "streakapi", "streak_key"], HEX(32)],
    [
      "affinity-api-key",
      "Affinity",
      ["affinity_api", "affinityapi", "affinity_key"],
      "[A-Za-z0-9_-]{43}",
      {
        ...DASH_EDGE,
        entropy: 4,
      },
    ],
    [
      "apollo-io-api-key",
      "Apollo.io",
      ["apollo_io", "apolloio", "apollo-io"],
      "[A-Za-z0-9_-]{22}",
      {
        ...DASH_EDGE,
        entropy: 3.5,
      },
    ],
    ["replyio-api-key", "Reply.io", ["replyio", "reply_io"], ALNUM(24), { entropy: 3.5 }],
    ["lemlist-api-key", "lemlist", ["lemlist"], HEX(32)],
    ["salesflare-api-key", "Salesflare", ["salesflare"], "[A-Za-z0-9_-]{45}", { ...DASH_EDGE, entropy: 4 }],
    ["salesmate-api-key", "Salesmate", ["salesmate"], ALNUM(32), { entropy: 3.5 }],
    ["teamgate-api-key", "Teamgate", ["teamgate"], ALNUM(80), { entropy: 4 }],
    ["onepagecrm-api-key", "OnePageCRM", ["onepagecrm"], "[A-Za-z0-9+/]{43}=", B64_EDGE],
    ["nethunt-api-key", "NetHunt", ["nethunt"], HEX(36)],
    ["centralstation-api-key", "CentralStationCRM", ["centralstation"], "[A-Za-z0-9]{30}", { entropy: 3.5 }],
    [
      "lessannoyingcrm-api-key",
      "Less Annoying CRM",
      ["lessannoyingcrm", "less_annoying"],
      "[0-9]{6}-[A-Za-z0-9]{40,60}",
      UUID_EDGE,
    ],

    // --- marketing e-mail, verification --------------------------------------------------------
    [
      "campaignmonitor-api-key",
      "Campaign Monitor",
      ["campaignmonitor", "campaign_monitor", "createsend"],
      "[A-Za-z0-9+/]{40,120}={0,2}",
      {
        ...B64_EDGE,
        entropy: 4,
      },
    ],
    ["getresponse-api-key", "GetResponse", ["getresponse"], "[a-z0-9]{32}", { entropy: 3.5 }],
    ["moosend-api-key", "Moosend", ["moosend"], UUID, UUID_EDGE],
    ["omnisend-api-key", "Omnisend", ["omnisend"], "[a-f0-9]{24}-[A-Za-z0-9]{40,60}", { ...UUID_EDGE, entropy: 3.5 }],
    ["drip-api-token", "Drip", ["drip_api", "dripapi", "drip_token", "getdrip"], HEX(32)],
    [
      "constantcontact-api-key",
      "Constant Contact",
      ["constantcontact", "constant_contact"],
      "[A-Za-z0-9_-]{24,43}",
      {
        ...DASH_EDGE,
        entropy: 3.5,
      },
    ],
    ["aweber-api-key", "AWeber", ["aweber"], "[A-Za-z0-9]{32,40}", { entropy: 3.5 }],
    ["sendpulse-api-secret", "SendPulse", ["sendpulse"], HEX(32)],
    ["pepipost-api-key", "Netcore (Pepipost)", ["pepipost", "netcorecloud"], HEX(32)],
    ["emailoctopus-api-key", "EmailOctopus", ["emailoctopus"], `(?:eo_[a-f0-9]{64}|${UUID})`, UUID_EDGE],
    ["beehiiv-api-key", "beehiiv", ["beehiiv"], ALNUM(64), { entropy: 4 }],
    ["buttondown-api-key", "Buttondown", ["buttondown"], UUID, UUID_EDGE],
    ["mailmodo-api-key", "Mailmodo", ["mailmodo"], "[A-Z0-9]{7}-[A-Z0-9]{7}-[A-Z0-9]{7}-[A-Z0-9]{7}", UUID_EDGE],
    ["sendy-api-key", "Sendy", ["sendy"], ALNUM(20), { entropy: 3.5 }],
    [
      "dotdigital-api-password",
      "Dotdigital",
      ["dotdigital", "dotmailer"],
      "[A-Za-z0-9!@#$%^&*]{8,40}",
      {
        edge: "A-Za-z0-9!@#$%^&*",
        entropy: 3.2,
        confidence: "low",
      },
    ],
    ["zerobounce-api-key", "ZeroBounce", ["zerobounce"], HEX(32)],
    ["neverbounce-api-key", "NeverBounce", ["neverbounce"], "(?:secret|private)_[a-f0-9]{32}"],
    ["kickbox-api-key", "Kickbox", ["kickbox"], "(?:live|test)_[a-f0-9]{64}"],
    ["emailable-api-key", "Emailable", ["emailable"], "(?:live|test)_[A-Za-z0-9]{20,40}", { entropy: 3.5 }],
    ["debounce-api-key", "DeBounce", ["debounce_api", "debounceapi", "debounce_key"], "[a-f0-9]{13}"],
    ["mailboxvalidator-api-key", "MailboxValidator", ["mailboxvalidator"], "[A-Z0-9]{16}", { entropy: 3 }],
    ["plunk-api-key", "Plunk", ["plunk"], "sk_[a-f0-9]{64}"],

    // --- SMS and voice -------------------------------------------------------------------------
    [
      "africastalking-api-key",
      "Africa's Talking",
      ["africastalking", "africas_talking", "africas-talking", "at_api_key"],
      "[a-f0-9]{64}",
    ],
    ["signalwire-api-token", "SignalWire", ["signalwire"], "PT[a-f0-9]{48}"],
    [
      "bandwidth-api-secret",
      "Bandwidth",
      ["bandwidth_api", "bandwidth_token", "bandwidth_secret", "bandwidth_client"],
      "[a-z0-9]{40,50}",
      {
        entropy: 3.5,
      },
    ],
    ["clockwork-sms-api-key", "Clockwork SMS", ["clockwork"], HEX(40)],
    ["bulksms-token-secret", "BulkSMS", ["bulksms"], "[A-Za-z0-9-]{29,32}", { ...UUID_EDGE, entropy: 3.5 }],
    ["voodoosms-api-key", "Voodoo SMS", ["voodoosms", "voodoo_sms"], ALNUM(40), { entropy: 3.5 }],
    ["esendex-password", "Esendex", ["esendex"], "[A-Za-z0-9]{8,32}", { entropy: 3.3, confidence: "low" }],
    ["kaleyra-api-key", "Kaleyra", ["kaleyra"], "A[a-f0-9]{32}"],
    ["tyntec-api-key", "tyntec", ["tyntec"], ALNUM(32), { entropy: 3.5 }],
    ["termii-api-key", "Termii", ["termii"], "TL[A-Za-z0-9]{40,70}", { entropy: 3.5 }],
    ["msg91-auth-key", "MSG91", ["msg91"], "[0-9]{6}[A-Za-z0-9]{18}", { entropy: 3.5 }],
    ["textlocal-api-key", "Textlocal", ["textlocal"], "[A-Za-z0-9=+/]{40,50}", { ...B64_EDGE, entropy: 4 }],
    [
      "clickatell-api-key",
      "Clickatell",
      ["clickatell"],
      "[A-Za-z0-9_=-]{22,40}",
      { edge: "A-Za-z0-9_=-", entropy: 3.5 },
    ],
    ["telesign-api-key", "Telesign", ["telesign"], "[A-Za-z0-9+/]{86}==", B64_EDGE],
    ["eightxeight-api-key", "8x8", ["8x8", "eightxeight"], "[A-Za-z0-9]{43}", { entropy: 4 }],
    [
      "d7networks-api-token",
      "D7 Networks",
      ["d7network", "d7sms", "d7_api"],
      "eyJ[A-Za-z0-9_-]{20,}\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}",
      {
        edge: "A-Za-z0-9_.-",
      },
    ],
    ["aircall-api-token", "Aircall", ["aircall"], HEX(32)],
    ["dialpad-api-key", "Dialpad", ["dialpad"], "[A-Za-z0-9]{40,80}", { entropy: 4 }],

    // --- chat ------------------------------------------------------------------------------------
    [
      "rocketchat-auth-token",
      "Rocket.Chat",
      ["rocketchat", "rocket_chat", "rocket-chat"],
      "[A-Za-z0-9_-]{43}",
      {
        ...DASH_EDGE,
        entropy: 4,
      },
    ],
    [
      "getstream-api-secret",
      "Stream",
      ["getstream", "stream_secret", "stream_api_secret", "streamchat", "stream_chat"],
      "[a-z0-9]{64}",
      {
        entropy: 3.5,
      },
    ],
    ["chatwork-api-token", "Chatwork", ["chatwork"], HEX(32)],
    ["twist-api-token", "Twist", ["twist_token", "twist_api", "twistapp"], "oauth2:[a-f0-9]{40}"],
    ["typetalk-token", "Typetalk", ["typetalk"], ALNUM(64), { entropy: 4 }],
    ["flock-api-token", "Flock", ["flock_token", "flock_bot", "flockapp"], UUID, UUID_EDGE],
    ["crisp-token-key", "Crisp", ["crisp_token", "crisp_key", "crisp_api", "crispchat", "crisp_secret"], HEX(64)],
    ["drift-api-token", "Drift", ["drift_token", "drift_api", "driftapi", "drift_access"], ALNUM(32), { entropy: 3.8 }],
    [
      "livechat-pat",
      "LiveChat",
      ["livechat"],
      "(?:dal|fra|us-south1|eu-west3):[A-Za-z0-9_-]{20,40}",
      {
        ...DASH_EDGE,
        entropy: 3.5,
      },
    ],
    ["tawk-api-key", "tawk.to", ["tawk"], "[a-f0-9]{40,64}"],
    [
      "smooch-secret",
      "Sunshine Conversations (Smooch)",
      ["smooch", "sunshine_conversations"],
      "[A-Za-z0-9_-]{86}",
      {
        ...DASH_EDGE,
        entropy: 4,
      },
    ],
    ["viber-auth-token", "Viber", ["viber"], "[a-z0-9]{16}-[a-z0-9]{16}-[a-z0-9]{16}", UUID_EDGE],
    ["line-notify-token", "LINE", ["line_notify", "linenotify", "line-notify"], ALNUM(43), { entropy: 4 }],
    ["line-channel-secret", "LINE", ["line_channel_secret", "linechannelsecret", "line-channel-secret"], HEX(32)],

    // --- notifications -------------------------------------------------------------------------
    [
      "knock-secret-key",
      "Knock",
      ["knock_api", "knock_secret", "knockapi", "knock_key"],
      "sk_(?:test_|live_)?[A-Za-z0-9_-]{40,64}",
      {
        ...DASH_EDGE,
        entropy: 3.5,
      },
    ],
    ["magicbell-api-secret", "MagicBell", ["magicbell"], "[A-Za-z0-9]{40,64}", { entropy: 3.8 }],
    [
      "airship-master-secret",
      "Airship",
      ["urbanairship", "urban_airship", "airship_master", "airship_secret"],
      "[A-Za-z0-9_-]{22}",
      {
        ...DASH_EDGE,
        entropy: 3.5,
      },
    ],
    ["pusher-beams-secret", "Pusher", ["pusher_beams", "beams_secret", "pusherbeams"], "[A-F0-9]{64}"],
    ["pushwoosh-api-token", "Pushwoosh", ["pushwoosh"], ALNUM(80), { entropy: 4 }],
    ["pushsafer-private-key", "Pushsafer", ["pushsafer"], ALNUM(20), { entropy: 3.5 }],
    ["prowl-api-key", "Prowl", ["prowl"], HEX(40)],
    ["pushplus-token", "PushPlus", ["pushplus"], HEX(32)],
    ["suprsend-secret", "SuprSend", ["suprsend"], "SS\\.[A-Za-z0-9_-]{30,60}", DASH_EDGE],
    ["engagespot-api-secret", "Engagespot", ["engagespot"], "[a-z0-9]{30,60}", { entropy: 3.8 }],
  ]),

  // --- webhook URLs ------------------------------------------------------------------------------
  pre(
    "rocketchat-webhook",
    "Rocket.Chat",
    ["/hooks/"],
    "https?://[\\w.-]{1,100}(?::\\d{1,5})?/hooks/[A-Za-z0-9]{17}/(?<secret>[A-Za-z0-9]{48})",
    { description: "Rocket.Chat incoming webhook URL (integration id / 48-character token)" },
  ),
  ...kvs([
    [
      "mattermost-webhook-near",
      "Mattermost",
      ["mattermost"],
      "https?://[\\w.-]{1,100}(?::\\d{1,5})?/hooks/[a-z0-9]{26}",
      {
        description: "Mattermost incoming webhook URL on any host, next to the name",
      },
    ],
  ]),
  pre(
    "make-webhook",
    "Make (Integromat)",
    ["hook.integromat.com", ".make.com/"],
    "https://hook\\.(?:(?:eu|us)[0-9]\\.)?(?:make|integromat)\\.com/(?<secret>[a-z0-9]{32})",
    { description: "Make (formerly Integromat) custom webhook URL, current regional and legacy hosts" },
  ),
  pre(
    "pipedream-webhook",
    "Pipedream",
    ["m.pipedream.net"],
    "https://(?<secret>e[no][a-z0-9]{10,40})\\.m\\.pipedream\\.net",
    { description: "Pipedream HTTP source endpoint URL" },
  ),
  pre(
    "tines-webhook",
    "Tines",
    [".tines.com/webhook/", ".tines.io/webhook/"],
    "https://[\\w-]{1,63}\\.tines\\.(?:com|io)/webhook/[a-f0-9]{32}/(?<secret>[a-f0-9]{32})",
    { description: "Tines webhook action URL (path / secret)" },
  ),
  pre(
    "webex-incoming-webhook",
    "Webex",
    ["/v1/webhooks/incoming/"],
    "https://(?:webexapis\\.com|api\\.ciscospark\\.com)/v1/webhooks/incoming/(?<secret>Y2lzY29zcGFyazovL[A-Za-z0-9_=-]{40,200})",
    { edge: "A-Za-z0-9_=-", description: "Webex incoming webhook URL (current and legacy Cisco Spark host)" },
  ),
  pre(
    "azure-logic-app-trigger-url",
    "Microsoft Power Automate / Logic Apps",
    ["/triggers/manual/paths/invoke"],
    "/workflows/[a-f0-9]{32}/triggers/manual/paths/invoke\\?api-version=[\\w.%-]{1,40}(?:&sp=[\\w.%/-]{1,200})?(?:&sv=[\\w.]{1,10})?&sig=(?<secret>[A-Za-z0-9_%-]{40,100})",
    {
      edge: "A-Za-z0-9_%-",
      description: "Power Automate / Logic Apps HTTP trigger URL (Teams workflow webhooks) with its SAS signature",
    },
  ),
  // In a Bot API URL the token follows "bot" directly, so the token rule's word edge cannot see it.
  pre(
    "telegram-bot-api-url",
    "Telegram",
    ["api.telegram.org/bot"],
    "api\\.telegram\\.org/(?:file/)?bot(?<secret>[0-9]{5,16}:A[A-Za-z0-9_-]{34})",
    { edge: "A-Za-z0-9_-", description: "Telegram bot token inside a Bot API URL (api.telegram.org/bot<token>/...)" },
  ),
  // Server酱 Turbo keys are SCT<uid>T<key>; Server酱³ keys are lower case, sctp<uid>t<key>, and sit
  // in push URLs (https://<uid>.push.ft07.com/send/sctp<uid>t<key>.send).
  pre(
    "serverchan-sendkey",
    "ServerChan",
    ["sct"],
    "(?:SCT[0-9]{4,8}T[A-Za-z0-9]{20,40}|sctp[0-9]{1,10}t[a-z0-9]{16,40})",
    {
      confidence: "medium",
      entropy: 3.5,
      description: "ServerChan SendKey (Turbo SCT…T… or Server酱³ sctp…t…)",
      examples: {
        secret: ["https://4821.push.ft07.com/send/sctp4821t{22 of [a-z0-9]}.send"],
      },
    },
  ),
  // Africa's Talking keys issued with the atsk_ prefix carry 72 hex digits (older keys: 64, bare, a
  // named value below); the prefix alone names the issuer.
  pre("africastalking-prefixed-api-key", "Africa's Talking", ["atsk_"], "atsk_[a-f0-9]{64,80}", {
    examples: { secret: ['africastalking.initialize(username="sandbox", api_key="atsk_{72 of [a-f0-9]}")'] },
  }),
  pre("matrix-access-token", "Matrix", ["syt_"], "syt_[A-Za-z0-9+/=_-]{2,120}_[A-Za-z0-9]{20}_[A-Za-z0-9]{6}", {
    description: "Matrix (Synapse) access token (syt_ + localpart + random + checksum)",
  }),

  // --- more CRM, sales, marketing and messaging APIs ---------------------------------------------
  // Salesloft API keys: v2_ak_ + the key's numeric id + _ + 64 hex (seen in public code:
  // SALESLOFT_TOKEN / Authorization: Bearer v2_ak_…); the prefix says who issued it.
  pre("salesloft-api-key", "Salesloft", ["v2_ak_"], "v2_ak_[0-9]{1,12}_[a-f0-9]{64}", {
    description: "Salesloft API key (v2_ak_ + id + 64 hex)",
  }),
  ...kvs([
    ["marketo-client-secret", "Marketo", ["marketo"], ALNUM(32), { entropy: 3.8 }],
    ["pardot-api-key", "Salesforce Pardot", ["pardot"], OPAQUE, OPAQUE_EXTRA],
    ["gong-access-key", "Gong", ["gong_access", "gong_api", "gongio"], OPAQUE, OPAQUE_EXTRA],
    ["attentive-api-key", "Attentive", ["attentive_api", "attentivemobile"], OPAQUE, OPAQUE_EXTRA],
    [
      "dialog360-api-key",
      "360dialog",
      ["360dialog", "d360-api-key", "d360_api"],
      "[A-Za-z0-9]{20,40}",
      { entropy: 3.8 },
    ],
    ["gupshup-api-key", "Gupshup", ["gupshup"], "sk_[a-f0-9]{32}"],
    ["messagemedia-api-secret", "Sinch MessageMedia", ["messagemedia"], OPAQUE, OPAQUE_EXTRA],
    ["exotel-api-token", "Exotel", ["exotel"], HEX(40)],
    ["apifonica-api-key", "Apifonica", ["apifonica"], UUID, UUID_EDGE],
    ["enablex-app-key", "EnableX", ["enablex"], ALNUM(36), { entropy: 3.8 }],
    ["mesibo-app-token", "mesibo", ["mesibo"], ALNUM(64), { entropy: 4 }],
    ["mixmax-api-token", "Mixmax", ["mixmax"], UUID, UUID_EDGE],
    ["bombbomb-api-key", "BombBomb", ["bombbomb"], "[A-Za-z0-9_.-]{704}", { ...JWT_EDGE, entropy: 4 }],
    ["dyspatch-api-key", "Dyspatch", ["dyspatch"], "[A-Z0-9]{52}", { entropy: 3.5 }],
    ["vbout-api-key", "VBOUT", ["vbout"], ALNUM(25), { entropy: 3.8 }],
    ["campayn-api-key", "Campayn", ["campayn"], HEX(32)],
    ["reachmail-api-token", "ReachMail", ["reachmail"], "[A-Za-z0-9_-]{64}", { ...DASH_EDGE, entropy: 4 }],
    ["postageapp-api-key", "PostageApp", ["postageapp"], ALNUM(32), { entropy: 3.8 }],
    ["mailsac-api-key", "Mailsac", ["mailsac"], "(?:k_)?[A-Za-z0-9]{20,40}", { entropy: 3.8 }],
    ["getgist-api-key", "Gist", ["getgist"], OPAQUE, OPAQUE_EXTRA],
    ["autopilot-api-key", "Autopilot", ["autopilothq", "autopilot_api", "autopilotapi"], HEX(32)],
    ["apptivo-api-key", "Apptivo", ["apptivo"], UUID, UUID_EDGE],
    ["axonaut-api-key", "Axonaut", ["axonaut"], HEX(32)],
    ["karmacrm-api-key", "karmaCRM", ["karmacrm"], ALNUM(20), { entropy: 3.5 }],
    ["kylas-api-key", "Kylas", ["kylas"], `${UUID}:[0-9]{3,8}`, { edge: "A-Za-z0-9:-" }],
    ["nimble-api-token", "Nimble", ["nimble_api", "nimblecrm", "nimble_token"], ALNUM(30), { entropy: 3.8 }],
    ["prospectcrm-api-key", "ProspectCRM", ["prospectcrm"], "[a-z0-9-]{32}", { ...DASH_EDGE, entropy: 3.5 }],
    ["revampcrm-api-key", "Revamp CRM", ["revampcrm"], ALNUM(40), { entropy: 4 }],
    ["reallysimplesystems-api-key", "Really Simple Systems", ["reallysimplesystems"], JWT, JWT_EDGE],
    ["salesblink-api-key", "SalesBlink", ["salesblink"], "key-[A-Za-z0-9]{64}", { entropy: 4 }],
    ["companyhub-api-key", "CompanyHub", ["companyhub"], ALNUM(20), { entropy: 3.5 }],
    ["clinchpad-api-key", "ClinchPad", ["clinchpad"], HEX(32)],
    ["cloze-api-key", "Cloze", ["cloze_api", "clozeapi", "cloze_key"], HEX(32)],
    ["overloop-api-key", "Overloop", ["overloop"], "[A-Za-z0-9_-]{50}", { ...DASH_EDGE, entropy: 4 }],
    ["interseller-api-key", "Interseller", ["interseller"], HEX(32)],
    ["leadfeeder-api-token", "Leadfeeder", ["leadfeeder"], "[A-Za-z0-9-]{43}", { ...DASH_EDGE, entropy: 4 }],
    ["madkudu-api-key", "MadKudu", ["madkudu"], HEX(32)],
    ["autoklose-api-key", "Autoklose", ["autoklose"], ALNUM(32), { entropy: 3.8 }],
    ["customerguru-api-key", "CustomerGuru", ["customerguru"], "(?:[A-Za-z0-9]{50}|[A-Za-z0-9]{30})", { entropy: 3.8 }],
    ["partnerstack-api-key", "PartnerStack", ["partnerstack"], ALNUM(64), { entropy: 4 }],
    ["livestorm-api-token", "Livestorm", ["livestorm"], JWT, JWT_EDGE],
    ["demio-api-secret", "Demio", ["demio"], ALNUM(20), { entropy: 3.5 }],
    ["cliengo-api-key", "Cliengo", ["cliengo"], UUID, UUID_EDGE],
    ["userflow-api-key", "Userflow", ["userflow"], "ak_[a-z0-9]{20,40}", { entropy: 3.5 }],
    ["refiner-api-key", "Refiner", ["refiner_api", "refinerio", "refiner_key"], UUID, UUID_EDGE],
    ["noticeable-api-key", "Noticeable", ["noticeable_api", "noticeable_key"], ALNUM(20), { entropy: 3.5 }],
  ]),
];
