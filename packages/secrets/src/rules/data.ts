import type { SecretRule } from "../rule.js";
import { kv, pre, UUID } from "./build.js";

const DASHED = { edge: "A-Za-z0-9_-" };

/** Hosted databases, data platforms, search and content APIs. */
export const dataRules: SecretRule[] = [
  pre("planetscale-password", "PlanetScale", ["pscale_pw_"], "pscale_pw_[A-Za-z0-9_=.-]{32,64}", {
    edge: "A-Za-z0-9_=.-",
  }),
  pre("planetscale-api-token", "PlanetScale", ["pscale_tkn_"], "pscale_tkn_[A-Za-z0-9_=.-]{32,64}", {
    edge: "A-Za-z0-9_=.-",
  }),
  pre("planetscale-oauth-token", "PlanetScale", ["pscale_oauth_"], "pscale_oauth_[A-Za-z0-9_=.-]{32,64}", {
    edge: "A-Za-z0-9_=.-",
  }),
  pre("supabase-secret-key", "Supabase", ["sb_secret_"], "sb_secret_[A-Za-z0-9_-]{31,40}", DASHED),
  pre("supabase-access-token", "Supabase", ["sbp_"], "sbp_(?:v0_)?[a-f0-9]{40}"),
  kv(
    "supabase-service-role-key",
    "Supabase",
    ["service_role", "supabase_service", "supabase_key"],
    "eyJ[A-Za-z0-9_-]{20,}\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}",
    { edge: "A-Za-z0-9_.-", validator: "jwt" },
  ),
  pre("neon-api-key", "Neon", ["napi_"], "napi_[a-z0-9]{64}"),
  pre("firebase-fcm-server-key", "Firebase", [":apa91b"], "AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}", DASHED),
  kv("airtable-api-key", "Airtable", ["airtable"], "key[A-Za-z0-9]{14}", { entropy: 3 }),
  pre("airtable-personal-access-token", "Airtable", ["pat"], "pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}"),
  // Search-only keys are public by design (they ship in every DocSearch page); admin keys are algolia-admin-key's.
  kv("algolia-api-key", "Algolia", ["algolia"], "[a-z0-9]{32}", { entropy: 3, exclude: "search|admin|app_?id" }),
  kv("contentful-delivery-api-token", "Contentful", ["contentful"], "[A-Za-z0-9=_-]{43}", {
    edge: "A-Za-z0-9=_-",
    entropy: 3.5,
  }),
  pre("contentful-personal-access-token", "Contentful", ["cfpat-"], "CFPAT-[A-Za-z0-9_-]{43}", DASHED),
  kv("snowflake-password", "Snowflake", ["snowflake"], "[A-Za-z0-9!@#$%^&*_+=-]{12,64}", {
    edge: "A-Za-z0-9!@#$%^&*_+=-",
    entropy: 3.5,
    confidence: "low",
  }),
  kv("mongodb-atlas-api-key", "MongoDB Atlas", ["atlas_private_key", "mongodb_atlas", "atlas_api"], UUID, {
    edge: "A-Za-z0-9-",
  }),
  pre("mongodb-atlas-service-account", "MongoDB Atlas", ["mdb_sa_sk_"], "mdb_sa_sk_[A-Za-z0-9]{40}"),
  kv("upstash-redis-token", "Upstash", ["upstash"], "A[A-Za-z0-9]{3}[A-Za-z0-9_-]{50,120}={0,2}", {
    edge: "A-Za-z0-9_=-",
    entropy: 4,
  }),
  pre("fauna-secret", "Fauna", ["fnae", "fnad", "fnaf"], "fn[A-Za-z][A-Za-z0-9_-]{36}", {
    ...DASHED,
    entropy: 4,
    confidence: "medium",
    derive: false,
    examples: {
      secret: ["fnAE{35 of [A-Za-z0-9_-]}", 'FAUNA_SECRET="fnAD{35 of [A-Za-z0-9_-]}"'],
      clean: ["fnAExxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    },
  }),
  kv("redis-cloud-api-key", "Redis Cloud", ["redislabs", "redis_cloud", "rediscloud"], "[A-Za-z0-9]{50,60}", {
    entropy: 4,
  }),
  pre("clickhouse-cloud-api-secret-key", "ClickHouse Cloud", ["4b1d"], "4b1d[A-Za-z0-9]{38}", { entropy: 3.5 }),
  kv("confluent-access-token", "Confluent", ["confluent"], "[A-Za-z0-9]{16}", { entropy: 3 }),
  kv("confluent-secret-key", "Confluent", ["confluent"], "[A-Za-z0-9+/]{64}", { edge: "A-Za-z0-9+/", entropy: 3.5 }),
  kv("aiven-api-token", "Aiven", ["aiven"], "[A-Za-z0-9+/=]{372}", { edge: "A-Za-z0-9+/=", entropy: 4 }),
  kv("influxdb-token", "InfluxDB", ["influx"], "[A-Za-z0-9_-]{86}==", { edge: "A-Za-z0-9_=-", entropy: 4 }),
  kv("couchbase-capella-key", "Couchbase", ["couchbase", "capella"], "[A-Za-z0-9]{32,64}", { entropy: 4 }),
  kv("typesense-api-key", "Typesense", ["typesense"], "[A-Za-z0-9]{32}", { entropy: 3.5 }),
  kv("meilisearch-master-key", "Meilisearch", ["meili"], "[A-Za-z0-9_-]{32,64}", { ...DASHED, entropy: 3.8 }),
  kv("elastic-cloud-id", "Elastic", ["cloud_id", "cloud.id"], "[A-Za-z0-9_-]{3,40}:[A-Za-z0-9+/]{60,200}={0,2}", {
    edge: "A-Za-z0-9+/=",
    entropy: 4,
    confidence: "low",
  }),
  kv("nytimes-access-token", "New York Times", ["nytimes", "new-york-times", "newyorktimes"], "[A-Za-z0-9=_-]{32}", {
    edge: "A-Za-z0-9=_-",
    entropy: 3,
  }),
  kv("maxmind-license-key-near", "MaxMind", ["maxmind", "geoip", "license_key"], "[A-Za-z0-9]{16}", { entropy: 3.5 }),
  pre("maxmind-license-key", "MaxMind", ["_mmk"], "[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk", { entropy: 3.5 }),
  // Public (pk.) tokens ship in web pages by design: named as Mapbox's they are worth a warning, no more.
  // Secret (sk.) tokens are mapbox-sk-token's wherever they are.
  kv("mapbox-secret-token", "Mapbox", ["mapbox"], "pk\\.eyJ[A-Za-z0-9_-]{40,}\\.[A-Za-z0-9_-]{22}", {
    description: "Mapbox public token (pk.) next to the Mapbox name",
    edge: "A-Za-z0-9_.-",
    confidence: "low",
  }),
  pre("mapbox-sk-token", "Mapbox", ["sk.eyj"], "sk\\.eyJ[A-Za-z0-9_-]{40,}\\.[A-Za-z0-9_-]{22}", {
    edge: "A-Za-z0-9_.-",
  }),
  kv("mapbox-api-token", "Mapbox", ["mapbox"], "pk\\.[a-z0-9]{60}\\.[a-z0-9]{22}", { edge: "A-Za-z0-9_.-" }),
  kv("here-api-key", "HERE", ["here_api", "here-api", "hereapi", "here_app"], "[A-Za-z0-9_-]{43}", {
    ...DASHED,
    entropy: 4,
  }),
  kv("openweather-api-key", "OpenWeather", ["openweather", "owm_api"], "[a-f0-9]{32}"),
  kv("rapidapi-access-token", "RapidAPI", ["rapidapi", "x-rapidapi-key"], "[A-Za-z0-9_-]{50}", {
    ...DASHED,
    entropy: 3.5,
  }),
  kv("finnhub-access-token", "Finnhub", ["finnhub"], "[a-z0-9]{20}", { entropy: 3 }),
  kv("alpha-vantage-api-key", "Alpha Vantage", ["alphavantage", "alpha_vantage"], "[A-Z0-9]{16}", { entropy: 3 }),
  kv("polygon-api-key", "Polygon.io", ["polygon_api", "polygonapi", "polygon.io"], "[A-Za-z0-9_]{32}", {
    entropy: 3.5,
  }),
  kv("newsapi-key", "NewsAPI", ["newsapi", "news_api"], "[a-f0-9]{32}"),
  kv("ipinfo-token", "IPinfo", ["ipinfo"], "[a-f0-9]{14}"),
  kv("ipstack-access-key", "ipstack", ["ipstack"], "[a-f0-9]{32}"),
  kv("shodan-api-key", "Shodan", ["shodan"], "[A-Za-z0-9]{32}", { entropy: 3.5 }),
  kv("virustotal-api-key", "VirusTotal", ["virustotal", "vt_api_key"], "[a-f0-9]{64}"),
  kv("censys-api-secret", "Censys", ["censys"], "[A-Za-z0-9]{32}", { entropy: 3.5 }),
];
