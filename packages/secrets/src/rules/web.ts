import type { SecretRule } from "../rule.js";
import { ci, ciRe, notRef, raw, token } from "./build.js";

// user:password@ inside a URL. The password may not contain the characters that end a URL
// authority, so the match cannot run past the host. A password equal to its user (guest:guest,
// postgres:postgres) is the default account of a local setup, not a credential.
const USERINFO = "(?<user>[^\\s:/@'\"`<>{}]{1,128}):(?!\\k<user>@)(?<secret>[^\\s:/@'\"`<>]{3,128})@(?=[A-Za-z0-9[])";

const dbUrl = (id: string, provider: string, schemes: string[]): SecretRule =>
  raw({
    id,
    provider,
    examples: {
      secret: schemes.slice(0, 2).map((s) => `${s}://app:{16 of [A-Za-z0-9]}@db.internal:5432/app`),
      clean: [
        `${schemes[0]}://user:password@localhost/app`,
        `${schemes[0]}://app@db.internal/app`,
        `${schemes[0]}://${schemes[0]}:${schemes[0]}@localhost/app`,
      ],
    },
    description: `${provider} connection URL with an embedded password`,
    keywords: schemes.map((s) => `${s}://`),
    pattern: `(?<![A-Za-z0-9+.-])(?:${schemes.map((s) => ci(s)).join("|")})://${USERINFO}`,
    // Documentation's "user:pass@", "abc:xyz@" carry too little to be a real password.
    entropy: 2.3,
    confidence: "high",
    contexts: ["code", "lockfile", "minified"],
  });

/** Keys that start an ADO.NET/ODBC connection string before its password (case-insensitive). */
export const CONN_KEYS = ["Server", "Data Source", "Host", "User ID", "UserID", "Uid", "Username", "Driver", "Provider"]
  .map(ci)
  .join("|");

const HEADER_VALUE = "(?<secret>[A-Za-z0-9_~+/.=@-]{8,500})(?=[\"'`\\s,;)\\\\]|$)";
const HEADER_ALLOW = ["^[A-Za-z]+$", "^[A-Za-z-]+:?$", "^(?:application|text|multipart)/", "^[^0-9]*$"];

/** Credentials carried by URLs, HTTP headers, connection strings and JWTs. */
export const webRules: SecretRule[] = [
  dbUrl("postgres-connection-url", "PostgreSQL", ["postgres", "postgresql", "jdbc:postgresql", "postgis", "pgsql"]),
  dbUrl("mysql-connection-url", "MySQL", ["mysql", "mysql2", "mysqlx", "jdbc:mysql", "mariadb", "jdbc:mariadb"]),
  dbUrl("mongodb-connection-url", "MongoDB", ["mongodb", "mongodb+srv"]),
  dbUrl("redis-connection-url", "Redis", ["redis", "rediss"]),
  dbUrl("amqp-connection-url", "RabbitMQ", ["amqp", "amqps"]),
  dbUrl("mssql-connection-url", "Microsoft SQL Server", ["mssql", "sqlserver", "jdbc:sqlserver"]),
  dbUrl("clickhouse-connection-url", "ClickHouse", ["clickhouse"]),
  dbUrl("cockroachdb-connection-url", "CockroachDB", ["cockroachdb"]),
  dbUrl("neo4j-connection-url", "Neo4j", ["neo4j", "neo4j+s", "bolt"]),
  dbUrl("couchdb-connection-url", "CouchDB", ["couchdb"]),
  dbUrl("elasticsearch-url", "Elasticsearch", ["elasticsearch"]),
  dbUrl("ldap-bind-url", "LDAP", ["ldap", "ldaps"]),
  dbUrl("smtp-credentials-url", "SMTP", ["smtp", "smtps"]),
  dbUrl("ftp-credentials-url", "FTP", ["ftp", "ftps", "sftp"]),
  raw({
    id: "url-basic-auth",
    examples: {
      secret: ["https://deploy:{16 of [A-Za-z0-9]}@git.example.com/org/repo.git"],
      clean: ["https://user:password@example.com/", "https://git.example.com/org/repo.git"],
    },
    provider: "HTTP Basic auth",
    description: "http(s) URL with user:password@ credentials",
    keywords: ["http://", "https://"],
    requires: ["@"],
    pattern: `(?<![A-Za-z0-9.-])${ci("http")}s?://${USERINFO}`,
    entropy: 2.3,
    // A token used as the user name with a fixed password: the user part is the secret.
    allowlist: ["^x-oauth-basic$"],
    confidence: "medium",
    contexts: ["code", "lockfile", "minified"],
  }),
  raw({
    id: "url-token-user",
    examples: {
      secret: ["https://{40 of [A-Za-z0-9]}:x-oauth-basic@github.com/org/repo.git"],
      clean: ["https://github.com/org/repo.git"],
    },
    provider: "GitHub",
    description: "Access token as the user name of a git URL (https://<token>:x-oauth-basic@github.com)",
    keywords: ["x-oauth-basic@", "@github.com"],
    pattern: "(?<![A-Za-z0-9.-])https?://(?<secret>[A-Za-z0-9_]{20,100}):(?:x-oauth-basic)?@",
    entropy: 2.5,
    confidence: "high",
    contexts: ["code", "lockfile", "minified"],
  }),
  raw({
    id: "odbc-connection-string-password",
    examples: {
      secret: [
        "Server=db.internal;Database=app;User Id=sa;Password={16 of [A-Za-z0-9]};",
        "Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:db.internal,1433;Uid=app;Pwd={16 of [A-Za-z0-9]};",
        "Server = db.internal ; User Id = sa ; Password = {16 of [A-Za-z0-9]} ;",
        "Host=db;Username=app;Password='{16 of [A-Za-z0-9]}';Database=app",
      ],
      clean: [
        "Server=db.internal;Database=app;Integrated Security=true;",
        "Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;",
        "Server=db;Database=app;User Id=sa;Password=<YourStrong@Passw0rd>;",
      ],
    },
    provider: "ADO.NET / ODBC",
    description: "Password in an ADO.NET/ODBC/JDBC connection string (Password=…; Pwd=…)",
    keywords: ["password", "pwd"],
    requires: ["server", "data source", "host", "uid", "user id", "userid", "username", "driver", "provider"],
    // Keys and values may be spaced (`Password = x ;`) and the value single- or double-quoted.
    pattern: `(?:${CONN_KEYS})[ \\t]*=[^;"'\\n]{1,200};(?:[^;"'\\n]{0,200};){0,8}?[ \\t]*(?:${ci("Password")}|${ci("Pwd")})[ \\t]*=[ \\t]*['"]?${notRef("(?![^;\"'\\s])")}(?<secret>[^;"'\\s]{4,128})`,
    entropy: 2,
    confidence: "high",
  }),
  raw({
    id: "authorization-header",
    examples: {
      secret: [
        "Authorization: Bearer {40 of [A-Za-z0-9_-]}",
        "curl -H 'Authorization: Basic {30 of [A-Za-z0-9+/]}==' https://api.example.com",
      ],
      clean: ["Authorization: Bearer <token>"],
    },
    provider: "HTTP Authorization",
    description: "Credential in an Authorization header (curl -H, code, .http files)",
    keywords: ["authorization"],
    pattern: ciRe(
      "(?:proxy-)?authorization[\"']?[ \\t]*[:=,][ \\t]*[\"'`]?(?:(?:basic|bearer|token|api-token|digest|apikey|sso-key|ssws|key)[ \\t]+)?",
    ).concat(HEADER_VALUE),
    entropy: 2.8,
    allowlist: HEADER_ALLOW,
    confidence: "medium",
    generic: true,
  }),
  raw({
    id: "api-key-header",
    examples: {
      secret: ["X-API-Key: {32 of [A-Za-z0-9]}"],
      clean: ["X-API-Key: <your-api-key>"],
    },
    provider: "HTTP Authorization",
    description: "Credential in an API-key style HTTP header line (X-Api-Key: …, Private-Token: …)",
    keywords: ["api-token:", "apikey:", "api-key:", "api_key:", "token:", "auth-token:"],
    // Header form only: the value follows "Name:" in the same string, unquoted.
    pattern: "(?<![\\w-])".concat(
      ciRe(
        "(?:x-[a-z0-9-]*api-?key|api[-_]?key|api-token|x-auth-token|auth-token|private-token|token|x-[a-z-]+-token)",
      ),
      "[ \\t]*:[ \\t]*",
      HEADER_VALUE,
    ),
    entropy: 2.8,
    allowlist: HEADER_ALLOW,
    confidence: "low",
    generic: true,
  }),
  raw({
    id: "curl-auth-user",
    examples: {
      secret: ["curl -u admin:{16 of [A-Za-z0-9]} https://ci.example.com/api/json"], // rampart:allow
      clean: ['curl -u "$CI_USER:$CI_PASS" https://ci.example.com/api/json'],
    },
    provider: "HTTP Basic auth",
    description: "Credentials passed to curl with -u / --user user:password",
    keywords: ["curl"],
    pattern: "(?<=\\s)(?:-u|--user)[ \\t]*[\"']?(?<user>[^\\s:\"'$]{1,100}):(?<secret>[^\\s\"']{3,200})",
    entropy: 1.5,
    confidence: "medium",
  }),
  token({
    id: "jwt",
    provider: "JWT",
    description: "JSON Web Token (header.payload.signature, base64url JSON)",
    // Every JWT holds ".ey" (the payload's "{" in base64url after the dot); "ey" alone is in every "key".
    keywords: ["eyj", "ey"],
    requires: [".ey"],
    token: "ey[A-Za-z0-9_-]{15,}\\.ey[A-Za-z0-9/\\\\_-]{15,}\\.(?:[A-Za-z0-9/\\\\_-]{10,}={0,2})?",
    edge: "A-Za-z0-9_.-",
    validator: "jwt",
  }),
  token({
    id: "jwt-base64",
    provider: "JWT",
    description: "Base64-encoded JSON Web Token (ZXlK… = base64 of eyJ…)",
    keywords: ["zxlk"],
    token: "ZXlK[A-Za-z0-9+/]{40,}={0,2}",
    edge: "A-Za-z0-9+/=",
    validator: "jwt-base64",
  }),
];
