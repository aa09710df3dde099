import type { SecretRule } from "../rule.js";
import { kv, pre, UUID, UUID_KV } from "./build.js";

const DASHED = { edge: "A-Za-z0-9_-" };

/** Monitoring, logging, error tracking and product analytics. */
export const observabilityRules: SecretRule[] = [
  kv(
    "datadog-access-token",
    "Datadog",
    ["datadog", "dd_api_key", "dd_app_key", "dd-api-key", "dd-application-key"],
    "(?:[a-z0-9]{40}|[a-f0-9]{32})",
    { entropy: 3 },
  ),
  pre("datadog-prefixed-key", "Datadog", ["ddapi_", "ddap_"], "dda(?:pi|p)_[A-Za-z0-9]{36,60}", { entropy: 3.5 }),
  pre("new-relic-user-api-key", "New Relic", ["nrak-"], "NRAK-[A-Z0-9]{27}"),
  pre("new-relic-insert-key", "New Relic", ["nrii-"], "NRII-[A-Za-z0-9_-]{32}", DASHED),
  pre("new-relic-browser-api-token", "New Relic", ["nrjs-"], "NRJS-[a-f0-9]{19}"),
  pre("new-relic-insights-query-key", "New Relic", ["nriq-"], "NRIQ-[A-Za-z0-9_-]{32}", DASHED),
  kv("new-relic-user-api-id", "New Relic", ["new-relic", "newrelic", "new_relic"], "[a-z0-9]{64}", { entropy: 3 }),
  kv("new-relic-license-key", "New Relic", ["new-relic", "newrelic", "new_relic"], "[a-f0-9]{36}NRAL", { entropy: 3 }),
  // Sentry's token-formats page: sntryu_ + 64 hex; sntrya_/sntryi_ are reserved for tokens issued later.
  pre("sentry-user-token", "Sentry", ["sntryu_", "sntrya_", "sntryi_"], "sntry[uai]_[a-f0-9]{64}", {
    description: "Sentry personal auth token (sntryu_; sntrya_/sntryi_ reserved) + 64 hex",
  }),
  pre("sentry-org-token", "Sentry", ["sntrys_"], "sntrys_eyJ[A-Za-z0-9+/_=]{60,400}_[A-Za-z0-9+/]{43}", {
    edge: "A-Za-z0-9+/_=",
  }),
  kv("sentry-access-token", "Sentry", ["sentry"], "[a-f0-9]{64}"),
  pre(
    "sentry-dsn",
    "Sentry",
    ["sentry", "ingest."],
    // Only the legacy form with a secret key: a DSN's public key is meant to ship in client code
    // (Sentry's docs: it only allows sending events), so `https://<public>@…` alone is no finding.
    // Secret keys date from before the ingest hosts: sentry.io, app.getsentry.com, self-hosted.
    "https?://[a-f0-9]{32}:(?<secret>[a-f0-9]{32})@(?:(?:o\\d+\\.)?ingest\\.(?:[a-z]{2}\\.)?sentry\\.io|[a-z0-9.-]{1,100}(?::\\d{1,5})?)/(?:[a-z0-9_-]{1,40}/)?\\d+",
    {
      description: "Sentry DSN with a secret key (legacy public:secret form; sentry.io, getsentry.com or self-hosted)",
      confidence: "medium",
      examples: {
        secret: [
          "SENTRY_DSN=https://{32 of [a-f0-9]}:{32 of [a-f0-9]}@app.getsentry.com/{5 of [0-9]}",
          "dsn = 'https://{32 of [a-f0-9]}:{32 of [a-f0-9]}@sentry.internal.example.org:9000/{2 of [0-9]}'",
        ],
        clean: ["dsn: https://{32 of [a-f0-9]}@o{6 of [0-9]}.ingest.sentry.io/{7 of [0-9]}"],
      },
    },
  ),
  pre("grafana-api-key", "Grafana", ["eyjrijoi"], "eyJrIjoi[A-Za-z0-9]{70,400}={0,3}", { edge: "A-Za-z0-9=" }),
  pre("grafana-cloud-api-token", "Grafana", ["glc_"], "glc_[A-Za-z0-9+/]{32,400}={0,3}", {
    edge: "A-Za-z0-9+/=",
    validator: "grafana-cloud",
    confidence: "medium",
    entropy: 3.5,
  }),
  pre("grafana-service-account-token", "Grafana", ["glsa_"], "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"),
  kv(
    "honeycomb-api-key",
    "Honeycomb",
    ["honeycomb", "x-honeycomb-team"],
    "(?:hc[abx]i[kc]_[a-z0-9]{58}|[A-Za-z0-9]{22}|[a-f0-9]{32})",
    { entropy: 3.5 },
  ),
  pre("honeycomb-ingest-key", "Honeycomb", ["hcaik_", "hcxik_"], "hc[ax]ik_[a-z0-9]{58}"),
  pre("dynatrace-api-token", "Dynatrace", ["dt0c01."], "dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}", {
    edge: "A-Za-z0-9.",
  }),
  pre("dynatrace-platform-token", "Dynatrace", ["dt0s01.", "dt0s16."], "dt0s(?:01|16)\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}", {
    edge: "A-Za-z0-9.",
  }),
  kv("sumologic-access-id", "Sumo Logic", ["sumo"], "su[A-Za-z0-9]{12}", { entropy: 3 }),
  kv("sumologic-access-token", "Sumo Logic", ["sumo"], "[A-Za-z0-9]{64}", { entropy: 3 }),
  kv("pagerduty-api-key", "PagerDuty", ["pagerduty", "pager_duty"], "(?:u\\+)?[A-Za-z0-9_+-]{20}", {
    edge: "A-Za-z0-9_+-",
    entropy: 3.5,
  }),
  kv("opsgenie-api-key", "Opsgenie", ["opsgenie"], UUID, { edge: "A-Za-z0-9-" }),
  kv("splunk-hec-token", "Splunk", ["splunk"], UUID, { edge: "A-Za-z0-9-" }),
  kv("loggly-token", "Loggly", ["loggly"], UUID, { edge: "A-Za-z0-9-" }),
  kv("logzio-token", "Logz.io", ["logzio", "logz.io", "logz_io"], "[A-Za-z]{32}", { entropy: 3.5 }),
  kv("rollbar-access-token", "Rollbar", ["rollbar"], "[a-f0-9]{32}"),
  kv("bugsnag-api-key", "Bugsnag", ["bugsnag"], "[a-f0-9]{32}"),
  kv("raygun-api-key", "Raygun", ["raygun"], "[A-Za-z0-9]{22,24}", { entropy: 3.5 }),
  kv("airbrake-project-key", "Airbrake", ["airbrake"], "[a-f0-9]{32}"),
  kv("mezmo-ingestion-key", "Mezmo (LogDNA)", ["logdna", "mezmo"], "[a-f0-9]{32}"),
  pre("axiom-token", "Axiom", ["xaat-", "xapt-"], `xa[ap]t-${UUID}`, DASHED),
  kv("lightstep-access-token", "Lightstep", ["lightstep"], "[A-Za-z0-9+/]{84,200}={0,2}", {
    edge: "A-Za-z0-9+/=",
    entropy: 4.5,
  }),
  kv("instana-agent-key", "Instana", ["instana"], "[A-Za-z0-9_-]{22}", { edge: "A-Za-z0-9_-", entropy: 3.5 }),
  kv("checkly-api-key", "Checkly", ["checkly"], "cu_[a-f0-9]{32}"),
  kv("uptimerobot-api-key", "UptimeRobot", ["uptimerobot", "uptime_robot"], "[um]\\d{6,9}-[a-f0-9]{24}", DASHED),
  kv("coralogix-private-key", "Coralogix", ["coralogix"], `(?:cxtp_[A-Za-z0-9]{30}|${UUID})`, DASHED),
  kv(
    "betterstack-token",
    "Better Stack",
    ["betterstack", "better_stack", "logtail", "betteruptime"],
    "[A-Za-z0-9]{24}",
    { entropy: 3.5 },
  ),
  pre("posthog-personal-api-key", "PostHog", ["phx_"], "phx_[A-Za-z0-9]{43}", { entropy: 3.5 }),
  kv("mixpanel-api-secret", "Mixpanel", ["mixpanel"], "[a-f0-9]{32}"),
  kv("amplitude-api-key", "Amplitude", ["amplitude"], "[a-f0-9]{32}"),
  kv(
    "segment-write-key",
    "Segment",
    ["segment_write_key", "segment-write-key", "segmentwritekey", "analytics_write_key"],
    "[A-Za-z0-9]{32}",
    { entropy: 3.5 },
  ),
  pre("segment-public-api-token", "Segment", ["sgp_"], "sgp_[A-Za-z0-9]{64}", { entropy: 3.5 }),
  kv("statuspage-api-key", "Atlassian Statuspage", ["statuspage"], UUID, { edge: "A-Za-z0-9-" }),
  kv("pingdom-api-token", "Pingdom", ["pingdom"], "[A-Za-z0-9_-]{71}", { edge: "A-Za-z0-9_-", entropy: 4 }),
  kv("logrocket-api-key", "LogRocket", ["logrocket"], "[a-z0-9]{6}:[a-z0-9-]{10,40}:[A-Za-z0-9]{20,32}", DASHED),
  kv("heap-api-key", "Heap", ["heap_api", "heapanalytics"], UUID, { edge: "A-Za-z0-9-" }),
  kv(
    "elastic-cloud-api-key",
    "Elastic",
    ["elastic_cloud", "elastic_api_key", "es_api_key", "elasticsearch_api_key"],
    "[A-Za-z0-9_-]{20,}={0,2}",
    { edge: "A-Za-z0-9_=-", entropy: 3.8 },
  ),

  // Second round (issue 13): metrics, logs, APM, uptime and incident response.
  kv("airbrake-user-key", "Airbrake", ["airbrake"], "[a-f0-9]{40}", {
    description: "Airbrake user API key (40 hex) next to its name",
  }),
  // Same generator as NRAK- user keys: 27 letters and digits, not hex.
  pre("new-relic-admin-key", "New Relic", ["nraa-"], "NRAA-[A-Za-z0-9]{27}", {
    description: "New Relic admin API key (NRAA- prefix, legacy)",
  }),
  kv(
    "appoptics-api-token",
    "AppOptics",
    ["appoptics", "solarwinds_apm", "solarwinds-apm", "sw_apm_service_key"],
    "[A-Za-z0-9_-]{64,71}",
    {
      edge: "A-Za-z0-9_:-",
      entropy: 4,
    },
  ),
  kv("librato-api-token", "Librato", ["librato"], "[a-f0-9]{64}"),
  kv("scalyr-api-key", "DataSet (Scalyr)", ["scalyr", "dataset_api_key", "dataset-api-key"], "[A-Za-z0-9_/+-]{40,46}", {
    edge: "A-Za-z0-9_/+-",
    entropy: 4,
  }),
  kv("atatus-license-key", "Atatus", ["atatus"], "(?:lic_(?:apm|rum|infra)_[a-f0-9]{32}|[a-f0-9]{32})", {
    description: "Atatus license or API key next to its name",
  }),
  kv("hosted-graphite-api-key", "Hosted Graphite", ["hostedgraphite", "hosted_graphite", "hg_api_key"], UUID, {
    edge: "A-Za-z0-9-",
  }),
  kv(
    "logscale-ingest-token",
    "CrowdStrike Falcon LogScale",
    ["humio", "logscale"],
    `(?:${UUID}|[A-Za-z0-9_-]{32,64})`,
    {
      ...DASHED,
      entropy: 3.5,
    },
  ),
  kv("graylog-api-token", "Graylog", ["graylog"], "[a-z0-9]{50,60}", { entropy: 3.5 }),
  kv("sematext-token", "Sematext", ["sematext"], UUID, UUID_KV),
  kv("logflare-api-key", "Logflare", ["logflare"], "[A-Za-z0-9_-]{12,64}", {
    ...DASHED,
    entropy: 3.5,
    exclude: "source|id",
  }),
  kv("signoz-ingestion-key", "SigNoz", ["signoz"], "[A-Za-z0-9_+/=-]{20,64}", { edge: "A-Za-z0-9_+/=-", entropy: 3.8 }),
  kv("squadcast-refresh-token", "Squadcast", ["squadcast"], "[A-Za-z0-9._-]{40,200}", {
    edge: "A-Za-z0-9._-",
    entropy: 4,
  }),
  pre("rootly-api-key", "Rootly", ["rootly_"], "rootly_[a-f0-9]{64}", {
    confidence: "medium",
    description: "Rootly API key (rootly_ + 64 hex)",
  }),
  kv("firehydrant-api-key", "FireHydrant", ["firehydrant"], "(?:fh[a-z]?-[A-Za-z0-9_-]{30,80}|[A-Za-z0-9_-]{40,80})", {
    ...DASHED,
    entropy: 4,
  }),
  kv(
    "incident-io-api-key",
    "incident.io",
    ["incident_io", "incidentio", "incident.io", "incident-io"],
    "[A-Za-z0-9_]{30,80}",
    {
      entropy: 4,
    },
  ),
  kv("xmatters-api-secret", "xMatters", ["xmatters"], "[A-Za-z0-9_-]{20,64}", {
    ...DASHED,
    entropy: 3.8,
    exclude: "url|host|user",
  }),
  kv("zenduty-api-key", "Zenduty", ["zenduty"], "[a-f0-9]{40}"),
  kv("thousandeyes-token", "ThousandEyes", ["thousandeyes", "thousand_eyes"], `(?:${UUID}|[A-Za-z0-9]{32})`, {
    edge: "A-Za-z0-9-",
    entropy: 3.5,
  }),
  kv("lumigo-tracer-token", "Lumigo", ["lumigo"], "t_[a-f0-9]{20}", {
    description: "Lumigo tracer token (t_ + 20 hex) next to its name",
  }),
  kv("kentik-api-token", "Kentik", ["kentik"], "[a-f0-9]{32}"),
  kv(
    "appdynamics-access-key",
    "AppDynamics",
    ["appdynamics", "appd_", "appdynamics_agent_account_access_key"],
    "[A-Za-z0-9]{12,64}",
    {
      entropy: 3.5,
      exclude: "account_name|host|port|application|tier|node|controller",
    },
  ),
  kv("k6-cloud-token", "Grafana k6", ["k6_cloud_token", "k6-cloud-token", "k6cloud", "k6_cloud_api"], "[a-f0-9]{64}"),
  kv("site24x7-token", "Site24x7", ["site24x7"], "(?:[a-f0-9]{32}|1000\\.[a-f0-9]{32}\\.[a-f0-9]{32})", {
    edge: "A-Za-z0-9.",
  }),
  kv("uptime-com-token", "Uptime.com", ["uptime_com", "uptimecom", "uptime.com"], "[a-f0-9]{40}"),
  kv("freshping-api-key", "Freshping", ["freshping"], "[A-Za-z0-9]{20,40}", { entropy: 3.8 }),
  kv("statuspal-api-key", "Statuspal", ["statuspal"], "[A-Za-z0-9_-]{20,64}", { ...DASHED, entropy: 3.8 }),
  kv("deadmanssnitch-api-key", "Dead Man's Snitch", ["deadmanssnitch", "dead_mans_snitch", "dms_api"], "[a-f0-9]{32}"),
  kv("insightops-token", "Rapid7 InsightOps", ["logentries", "insightops", "r7_insight"], UUID, UUID_KV),
  kv("chronosphere-api-token", "Chronosphere", ["chronosphere"], "[A-Za-z0-9_-]{40,80}", { ...DASHED, entropy: 4 }),
  kv("observe-inc-token", "Observe", ["observe_token", "observe-token", "observe_api"], "[A-Za-z0-9:_-]{40,100}", {
    edge: "A-Za-z0-9:_-",
    entropy: 4,
  }),
  kv("middleware-api-key", "Middleware", ["middleware_api_key", "mw_api_key", "mw-api-key"], "[a-z0-9]{32}", {
    entropy: 3.5,
  }),
  kv("netdata-claim-token", "Netdata", ["netdata"], "[A-Za-z0-9_-]{135}", { ...DASHED, entropy: 4 }),
  kv("highlight-api-key", "Highlight", ["highlight_api", "highlight-api"], "[A-Za-z0-9_-]{30,64}", {
    ...DASHED,
    entropy: 4,
  }),
  kv("grafana-oncall-token", "Grafana OnCall", ["oncall_api", "grafana_oncall", "oncall-api"], "[a-f0-9]{64}"),
  kv("opsramp-secret", "OpsRamp", ["opsramp"], "[A-Za-z0-9]{40,64}", { entropy: 4 }),
  kv("moogsoft-api-key", "Moogsoft", ["moogsoft"], "[A-Za-z0-9_-]{32,64}", { ...DASHED, entropy: 4 }),
  kv("bigpanda-token", "BigPanda", ["bigpanda"], "[a-f0-9]{32}"),
  kv("gosquared-api-key", "GoSquared", ["gosquared"], "[A-Z0-9]{16}", { entropy: 3.2 }),
  kv("woopra-secret", "Woopra", ["woopra"], "[A-Za-z0-9]{32,64}", { entropy: 3.8 }),
  kv(
    "treasure-data-api-key",
    "Treasure Data",
    ["treasuredata", "treasure_data", "td_api_key"],
    "\\d{1,6}/[a-f0-9]{40}",
    {
      edge: "A-Za-z0-9/",
    },
  ),
];
