import type { SecretRule } from "../rule.js";
import { JWT, JWT_EDGE, kv, pre, raw, UUID, UUID_KV } from "./build.js";

const DASHED = { edge: "A-Za-z0-9_-" };

/** Hosted databases, data platforms, search and content APIs. */
// A secret a person chose (an admin secret, a password): printable, with at least one digit or
// symbol, so a list of setting names ("hasura_admin_secret", "hasura-admin-secret") is no value.
const CHOSEN_EDGE = "A-Za-z0-9_~!@#%^*+=.-";
const chosen = (min: number): string => `(?=[A-Za-z_-]{0,127}[0-9~!@#%^*+=.])[${CHOSEN_EDGE}]{${min},128}`;
const chosenExamples = (name: string) => ({
  secret: [`${name}={10 of [A-Za-z]}4{9 of [A-Za-z0-9]}`, `${name.toLowerCase()}: "{6 of [a-z]}!{12 of [A-Za-z0-9]}"`],
  clean: [`["${name.toLowerCase()}", "${name.toLowerCase().replace(/_/g, "-")}_secret_name"]`, `${name}=changeme`],
});

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
  pre("supabase-access-token", "Supabase", ["sbp_"], "sbp_(?:v0_)?[a-z0-9]{40}"),
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
  // A key passed to an Algolia API client with its app id (JavaScript algoliasearch/searchClient/
  // liteClient, PHP/Python SearchClient::create, Ruby Algolia::Search::Client.create). The
  // search-only key and the Admin API key share the 32-hex shape, so only code that writes with it
  // (saveObjects, setSettings, addApiKey… nearby: clean-context.ts) is reported, at low confidence.
  raw({
    id: "algolia-client-key",
    provider: "Algolia",
    description: "Algolia API key passed to a client that writes to an index (Admin API key shape), low confidence",
    keywords: ["algoliasearch", "searchclient", "liteclient", "search::client"],
    confidence: "low",
    pattern:
      "(?:algoliasearch|[Ss]earch[Cc]lient(?:\\.create|::create)?|liteClient|Algolia::Search::Client\\.create)\\(\\s*(?<q1>['\"`])[A-Z0-9]{10}\\k<q1>\\s*,\\s*(?<q2>['\"`])(?<secret>[a-f0-9]{32})\\k<q2>",
    examples: {
      secret: [
        "const client = algoliasearch('{10 of [A-Z0-9]}', '{32 of [a-f0-9]}');\nawait client.initIndex('products').saveObjects(records);",
        'client = SearchClient.create("{10 of [A-Z0-9]}", "{32 of [a-f0-9]}")\nclient.init_index("posts").save_objects(posts)',
      ],
      clean: [
        "const searchClient = algoliasearch('{10 of [A-Z0-9]}', '{32 of [a-f0-9]}');\nsearch.addWidgets([searchBox({{ container: '#q' }})]);",
      ],
    },
  }),
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

  // Second round (issue 13): databases, BaaS, pipelines, BI and search services.
  pre("datastax-astra-token", "DataStax Astra", ["astracs:"], "AstraCS:[A-Za-z0-9]{24}:[a-f0-9]{64}", {
    edge: "A-Za-z0-9:",
    description: "DataStax Astra DB application token (AstraCS:<client id>:<64 hex>)",
  }),
  pre("materialize-app-password", "Materialize", ["mzp_"], "mzp_[a-f0-9]{64}", {
    description: "Materialize app password (mzp_ + 64 hex)",
  }),
  pre(
    "prisma-accelerate-url",
    "Prisma",
    ["prisma://", "prisma+postgres://"],
    `prisma(?:\\+postgres)?://[a-z0-9.-]{3,100}/?\\?api_key=(?<secret>${JWT})`,
    {
      edge: "A-Za-z0-9_.-",
      contexts: ["code", "minified", "lockfile"],
      description: "Prisma Accelerate / Prisma Postgres connection URL with its API key",
    },
  ),
  kv(
    "hasura-admin-secret",
    "Hasura",
    ["hasura_graphql_admin_secret", "x-hasura-admin-secret", "hasura_admin_secret", "hasura-admin-secret"],
    chosen(16),
    {
      edge: CHOSEN_EDGE,
      entropy: 3.5,
      derive: false,
      description: "Hasura GraphQL admin secret next to its name",
      examples: chosenExamples("HASURA_GRAPHQL_ADMIN_SECRET"),
    },
  ),
  kv("nhost-admin-secret", "Nhost", ["nhost_admin_secret", "nhost-admin-secret"], chosen(16), {
    edge: CHOSEN_EDGE,
    entropy: 3.5,
    derive: false,
    examples: chosenExamples("NHOST_ADMIN_SECRET"),
  }),
  kv("rockset-api-key", "Rockset", ["rockset"], "[A-Za-z0-9]{64}", { entropy: 4 }),
  kv("ibm-cloudant-credential", "IBM Cloudant", ["cloudant"], "(?:[a-f0-9]{64}|[A-Za-z0-9_-]{44})", {
    ...DASHED,
    entropy: 3.5,
  }),
  kv("qubole-api-token", "Qubole", ["qubole"], "[a-f0-9]{64}"),
  kv(
    "stitch-api-token",
    "Stitch",
    ["stitchdata", "stitch_api", "stitch-api", "stitch_token", "stitch_client"],
    "[a-f0-9]{64}",
  ),
  kv("singlestore-api-key", "SingleStore", ["singlestore", "memsql"], "[a-f0-9]{64}"),
  kv("firebolt-client-secret", "Firebolt", ["firebolt"], "[A-Za-z0-9_-]{40,80}", {
    ...DASHED,
    entropy: 4,
    exclude: "client_id|id",
  }),
  kv("dremio-pat", "Dremio", ["dremio"], "[A-Za-z0-9+/]{60,120}={0,2}", { edge: "A-Za-z0-9+/=", entropy: 4.5 }),
  kv("dgraph-api-key", "Dgraph", ["dgraph"], "[A-Za-z0-9+/=]{40,60}", { edge: "A-Za-z0-9+/=", entropy: 4 }),
  kv(
    "parse-server-key",
    "Parse",
    [
      "parse_master_key",
      "x-parse-master-key",
      "parse_rest_api_key",
      "x-parse-rest-api-key",
      "parsemasterkey",
      "parse-master-key",
    ],
    "[A-Za-z0-9_-]{20,64}",
    { ...DASHED, entropy: 3.8 },
  ),
  kv(
    "backendless-api-key",
    "Backendless",
    ["backendless"],
    "[A-F0-9]{8}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{12}",
    { edge: "A-Za-z0-9-", exclude: "app_id|appid|application_id" },
  ),
  kv("directus-static-token", "Directus", ["directus"], "[A-Za-z0-9_-]{32}", { ...DASHED, entropy: 3.8 }),
  kv("redash-api-key", "Redash", ["redash"], "[A-Za-z0-9]{40}", { entropy: 3.8 }),
  kv("sisense-api-token", "Sisense", ["sisense"], JWT, JWT_EDGE),
  kv(
    "rudderstack-token",
    "RudderStack",
    ["rudderstack", "rudder_write_key", "rudder_access_token"],
    "[A-Za-z0-9]{27,32}",
    {
      entropy: 3.8,
    },
  ),
  kv("hightouch-api-key", "Hightouch", ["hightouch"], UUID, UUID_KV),
  kv("airbyte-api-token", "Airbyte", ["airbyte"], JWT, JWT_EDGE),
  kv("astronomer-api-token", "Astronomer", ["astronomer", "astro_api_token", "astro-api-token"], JWT, JWT_EDGE),
  // Dagster+ (Dagster Cloud) tokens: user:<32 hex> and agent:<org>:<32 hex>.
  kv(
    "dagster-cloud-token",
    "Dagster",
    ["dagster_cloud_api_token", "dagster-cloud-api-token", "dagster_cloud", "dagster_api_token"],
    "(?:user|agent:[a-z0-9-]{1,64}):[a-f0-9]{32}",
    { edge: "A-Za-z0-9:-", description: "Dagster+ user or agent token next to its name" },
  ),
  kv("swiftype-api-key", "Swiftype", ["swiftype"], "[A-Za-z0-9_-]{20}", { ...DASHED, entropy: 3.5 }),
  // Coveo API keys are "xx" followed by a UUID.
  kv("coveo-api-key", "Coveo", ["coveo"], `xx${UUID}`, { edge: "A-Za-z0-9-" }),
  kv(
    "opensearch-master-password",
    "OpenSearch",
    ["opensearch_initial_admin_password", "opensearch_password", "opensearch-password"],
    chosen(12),
    { edge: CHOSEN_EDGE, entropy: 3, derive: false, examples: chosenExamples("OPENSEARCH_INITIAL_ADMIN_PASSWORD") },
  ),
  kv(
    "timescale-cloud-secret",
    "Timescale",
    ["timescale_secret", "timescale-secret", "tsdb_secret"],
    "[A-Za-z0-9_-]{32,64}",
    {
      ...DASHED,
      entropy: 4,
    },
  ),
  kv(
    "redpanda-cloud-secret",
    "Redpanda",
    ["redpanda_client_secret", "redpanda-client-secret"],
    "[A-Za-z0-9_-]{40,80}",
    {
      ...DASHED,
      entropy: 4,
    },
  ),

  pre("elastic-serverless-api-key", "Elastic", ["essu_"], "essu_[A-Za-z0-9+/]{40,200}={0,2}", {
    edge: "A-Za-z0-9+/=",
    entropy: 4,
    confidence: "medium",
    description: "Elastic Cloud Serverless API key (essu_ prefix)",
  }),
  kv(
    "census-api-key",
    "Census",
    ["census_api", "census-api", "getcensus", "census_secret"],
    "secret-token:[A-Za-z0-9]{24,48}",
    {
      edge: "A-Za-z0-9:",
    },
  ),
  kv("mparticle-api-secret", "mParticle", ["mparticle"], "[A-Za-z0-9_-]{40,64}", {
    edge: "A-Za-z0-9_-",
    entropy: 4,
    exclude: "key|id",
  }),
];
