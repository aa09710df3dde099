import type { SecretRule } from "../rule.js";
import { ci, notRef, raw } from "./build.js";
import { CONN_KEYS } from "./web.js";

/**
 * Credentials in connection URIs and strings that no scheme-specific rule names: any scheme's
 * `user:password@host` (ssh, nats, mqtt, kafka, imap, smb, snowflake, SQLAlchemy's
 * `postgresql+psycopg2`...), Redis-style `:password@` with no user, and Oracle's
 * `user/password@host` descriptors. The scheme-specific rules of web.ts come first and win ties.
 */

// The scheme before "://": a URI scheme (RFC 3986: a letter, then letters, digits, "+", ".", "-").
// http(s) has its own rule with its own gates (web.ts, url-basic-auth).
const SCHEME = "(?<=(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,40})(?<!(?<![A-Za-z0-9+.-])[Hh][Tt][Tt][Pp][Ss]?)";
// user:password@ (the user may be empty: `redis://:password@host`). A password equal to its user
// (guest:guest, postgres:postgres) is a default account of a local setup, not a credential. A
// backslash is no URI character (it is percent-encoded): `pa\\uD7FFss` is a test vector.
const USERINFO =
  "(?<user>[^\\s:/@'\"`<>{}\\\\]{0,128}):(?!\\k<user>@)(?<secret>[^\\s:/@'\"`<>\\\\]{3,128})@(?=[A-Za-z0-9[])";

export const connectionRules: SecretRule[] = [
  raw({
    id: "uri-credentials",
    provider: "generic",
    description: "user:password@ in a URI of any scheme (ssh, nats, mqtt, kafka, imap, smb, SQLAlchemy dialects...)",
    keywords: ["://"],
    requires: ["@"],
    pattern: `${SCHEME}://${USERINFO}`,
    entropy: 2.3,
    confidence: "medium",
    examples: {
      secret: [
        "BROKER_URL=mqtt://sensor:{16 of [A-Za-z0-9]}@broker.internal:1883",
        "engine = create_engine('postgresql+psycopg2://app:{16 of [A-Za-z0-9]}@db.internal/app')",
        'REDIS_URL="redis://:{32 of [A-Za-z0-9]}@cache.internal:6379/0"',
        "git clone ssh://deploy:{16 of [A-Za-z0-9]}@git.internal/org/repo.git",
      ],
      clean: [
        "amqp://guest:guest@localhost:5672/",
        "nats://user:password@localhost:4222",
        "mqtt://{{ mqtt_user }}:{{ mqtt_password }}@broker:1883",
        "kafka://{$}{{KAFKA_USER}}:{$}{{KAFKA_PASSWORD}}@broker:9092",
        "smb://%s:%s@%s/share",
        "ssh://git@github.com/org/repo.git",
      ],
    },
  }),
  raw({
    id: "oracle-descriptor-credentials",
    provider: "Oracle Database",
    description: "user/password@ in an Oracle JDBC thin/OCI URL (jdbc:oracle:thin:scott/password@host:1521:SID)",
    keywords: ["jdbc:oracle:"],
    pattern: `${ci("jdbc:oracle:")}(?:thin|oci8?|kprb):(?<user>[\\w$#.]{1,64})/${notRef("(?=@)")}(?<secret>[^\\s@"'/]{3,128})@`,
    entropy: 2,
    confidence: "high",
    examples: {
      secret: ["jdbc:oracle:thin:scott/{16 of [A-Za-z0-9]}@db.internal:1521:ORCL"],
      clean: ["jdbc:oracle:thin:@db.internal:1521:ORCL", "jdbc:oracle:thin:{$}{{user}}/{$}{{password}}@db:1521/ORCL"],
    },
  }),
  raw({
    id: "connection-string-password-first",
    provider: "ADO.NET / ODBC",
    description:
      "Password first in an ADO.NET/ODBC connection string (Password=…;Persist Security Info=…;User ID=…;Data Source=…)",
    keywords: ["password", "pwd"],
    requires: ["server", "data source", "uid", "user id", "userid", "username"],
    pattern: `(?<![\\w.-])(?:${ci("Password")}|${ci("Pwd")})[ \\t]*=[ \\t]*['"]?${notRef("(?![^;\"'\\s])")}(?<secret>[^;"'\\s]{4,128})['"]?[ \\t]*;(?=[^\\n"]{0,300}?(?:${CONN_KEYS})[ \\t]*=)`,
    entropy: 2,
    confidence: "high",
    examples: {
      secret: ["Password={16 of [A-Za-z0-9]};Persist Security Info=True;User ID=sa;Initial Catalog=app;Data Source=db"],
      clean: ["Password=%DB_PASSWORD%;User ID=sa;Data Source=db", "Password=;User ID=sa;Data Source=db"],
    },
  }),
];
for (const rule of connectionRules) if (rule.provider === "generic") rule.generic = true;
// Every match of the URI rule starts at "://" (the scheme is looked behind): try it only there.
for (const rule of connectionRules) if (rule.id === "uri-credentials") rule.anchored = true;
