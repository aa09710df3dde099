import type { SecretRule } from "../rule.js";
import { raw } from "./build.js";

/**
 * Password hashes and other crackable material: not a credential by itself, but an offline
 * attack recovers weak passwords from it, so it must not be published. Formats as their
 * libraries and tools write them (crypt(3) `$id$salt$hash`, PHC strings, Django/Werkzeug
 * hashers, PostgreSQL SCRAM, LDAP schemes, hashcat's Kerberos and NTLM notations).
 */

/** `$` in an example template (a literal `$` before `{` would read as a template literal). */
const D = "{$}";
const CRYPT = "[./0-9A-Za-z]";
const B64 = "[A-Za-z0-9+/]";
// A hash ends where its alphabet ends.
const END = "(?![./0-9A-Za-z$])";

function hash(def: {
  id: string;
  description: string;
  keywords: string[];
  pattern: string;
  secret: string[];
  clean: string[];
  provider?: string;
  confidence?: "high" | "medium" | "low";
  flags?: string;
}): SecretRule {
  return raw({
    id: def.id,
    provider: def.provider ?? "Password hash",
    description: def.description,
    keywords: def.keywords,
    pattern: def.pattern,
    confidence: def.confidence ?? "medium",
    contexts: ["code"],
    examples: { secret: def.secret, clean: def.clean },
    ...(def.flags ? { flags: def.flags } : {}),
  });
}

export const hashRules: SecretRule[] = [
  hash({
    id: "shadow-password-hash",
    provider: "Unix",
    description:
      "/etc/shadow line with a crypt(3) password hash (md5crypt, bcrypt, sha256crypt, sha512crypt, yescrypt, scrypt)",
    keywords: [":$1$", ":$2a$", ":$2b$", ":$2y$", ":$5$", ":$6$", ":$y$", ":$gy$", ":$7$"],
    pattern: `^[a-z_][a-z0-9_.-]{0,31}\\$?:(?<secret>\\$(?:1|2[aby]|5|6|y|gy|7)\\$[^:\\s]{8,200}):\\d{0,6}:\\d{0,6}:\\d{0,6}:`,
    flags: "m",
    confidence: "high",
    secret: [
      `root:${D}6${D}{16 of ${CRYPT}}${D}{86 of ${CRYPT}}:19700:0:99999:7:::`,
      `deploy:${D}y${D}j9T${D}{24 of ${CRYPT}}${D}{43 of ${CRYPT}}:19700:0:99999:7:::`,
    ],
    clean: ["root:*:19700:0:99999:7:::", "deploy:!:19700:0:99999:7:::"],
  }),
  hash({
    id: "bcrypt-hash",
    description: "bcrypt password hash ($2a$/$2b$/$2y$, cost, 53 characters of salt and hash)",
    keywords: ["$2a$", "$2b$", "$2y$", "$2x$"],
    pattern: `(?<![\\w$])(?<secret>\\$2[abxy]\\$\\d\\d\\$${CRYPT}{53})${END}`,
    secret: [`users.insert({{ email: "ops@example.com", hash: "${D}2b${D}12${D}{53 of ${CRYPT}}" }})`],
    clean: ['const COST = "$2b$12$"; // bcrypt prefix only'],
  }),
  hash({
    id: "crypt-sha-hash",
    description: "SHA-crypt password hash ($5$ sha256crypt, $6$ sha512crypt, optional rounds=)",
    keywords: ["$5$", "$6$"],
    pattern: `(?<![\\w$])(?<secret>\\$5\\$(?:rounds=\\d{1,9}\\$)?${CRYPT}{1,16}\\$${CRYPT}{43}|\\$6\\$(?:rounds=\\d{1,9}\\$)?${CRYPT}{1,16}\\$${CRYPT}{86})${END}`,
    secret: [`password_hash: "${D}6${D}rounds=5000${D}{16 of ${CRYPT}}${D}{86 of ${CRYPT}}"`],
    clean: ["echo '$6$' # sha512crypt marker"],
  }),
  hash({
    id: "md5crypt-hash",
    description: "MD5-crypt password hash ($1$ and Apache $apr1$; Cisco type 5)",
    keywords: ["$1$", "$apr1$"],
    pattern: `(?<![\\w$])(?<secret>\\$(?:1|apr1)\\$${CRYPT}{1,8}\\$${CRYPT}{22})${END}`,
    secret: [`enable secret 5 ${D}1${D}{4 of ${CRYPT}}${D}{22 of ${CRYPT}}`],
    clean: ["price: $1$ per unit"],
  }),
  hash({
    id: "yescrypt-hash",
    description: "yescrypt / gost-yescrypt password hash ($y$, $gy$: the default of current Debian, Fedora, Ubuntu)",
    keywords: ["$y$", "$gy$"],
    pattern: `(?<![\\w$])(?<secret>\\$g?y\\$${CRYPT}{3,10}\\$${CRYPT}{1,86}\\$${CRYPT}{43})${END}`,
    secret: [`hashed_password: "${D}y${D}j9T${D}{24 of ${CRYPT}}${D}{43 of ${CRYPT}}"`],
    clean: ["const prefix = '$y$';"],
  }),
  hash({
    id: "scrypt-crypt-hash",
    description: "scrypt password hash in crypt notation ($7$)",
    keywords: ["$7$"],
    pattern: `(?<![\\w$])(?<secret>\\$7\\$${CRYPT}{11,30}\\$${CRYPT}{43})${END}`,
    secret: [`${D}7${D}C6..1/..1..{16 of ${CRYPT}}${D}{43 of ${CRYPT}}`],
    clean: ["version $7$ notes"],
  }),
  hash({
    id: "argon2-hash",
    description: "Argon2 password hash (PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash)",
    keywords: ["$argon2"],
    pattern: `(?<secret>\\$argon2(?:id|i|d)\\$(?:v=\\d+\\$)?m=\\d+,t=\\d+,p=\\d+\\$${B64}{8,}\\$${B64}{16,})`,
    secret: [`"${D}argon2id${D}v=19${D}m=65536,t=3,p=4${D}{22 of ${B64}}${D}{43 of ${B64}}"`],
    clean: ['const params = "$argon2id$v=19$m=65536,t=3,p=4"'],
  }),
  hash({
    id: "cisco-type8-9-hash",
    provider: "Cisco",
    description: "Cisco IOS type 8 (PBKDF2-SHA256) or type 9 (scrypt) secret",
    keywords: ["secret 8 $8$", "secret 9 $9$", "password 8 $8$", "password 9 $9$"],
    pattern: `(?:secret|password)[ \\t]+[89][ \\t]+(?<secret>\\$[89]\\$${CRYPT}{14}\\$${CRYPT}{43})${END}`,
    confidence: "high",
    secret: [`username admin privilege 15 secret 9 ${D}9${D}{14 of ${CRYPT}}${D}{43 of ${CRYPT}}`],
    clean: ["username admin privilege 15 secret 0 <removed>"],
  }),
  hash({
    id: "cisco-type7-password",
    provider: "Cisco",
    description: "Cisco type 7 password (reversible obfuscation: as good as clear text)",
    keywords: ["password 7 ", "key 7 ", "secret 7 "],
    pattern: "(?:password|key|secret)[ \\t]+7[ \\t]+(?<secret>[01][0-9][0-9A-F]{4,})(?![0-9A-Fa-f])",
    confidence: "high",
    secret: ["username netops password 7 0{1 of [0-9]}{20 of [0-9A-F]}"],
    clean: ["username netops secret 9 <redacted>"],
  }),
  hash({
    id: "django-password-hash",
    provider: "Django",
    description: "Django/Passlib password hash (pbkdf2_sha256$iterations$salt$hash, bcrypt_sha256$…, argon2$…)",
    keywords: ["pbkdf2_sha256$", "pbkdf2_sha1$", "bcrypt_sha256$", "argon2$argon2"],
    pattern: `(?<![\\w$])(?<secret>pbkdf2_sha(?:256|1)\\$\\d{3,8}\\$[A-Za-z0-9./]{4,64}\\$${B64}{27,86}={0,2}|bcrypt_sha256\\$\\$2[aby]\\$\\d\\d\\$${CRYPT}{53}|argon2\\$argon2(?:id|i|d)\\$v=\\d+\\$m=\\d+,t=\\d+,p=\\d+\\$${B64}{8,}\\$${B64}{16,})`,
    secret: [`"password": "pbkdf2_sha256${D}870000${D}{22 of [A-Za-z0-9]}${D}{43 of ${B64}}="`],
    clean: ['PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]'],
  }),
  hash({
    id: "werkzeug-password-hash",
    provider: "Werkzeug",
    description: "Werkzeug (Flask) password hash (pbkdf2:sha256:iterations$salt$hex, scrypt:N:r:p$salt$hex)",
    keywords: ["pbkdf2:sha", "scrypt:"],
    pattern:
      "(?<![\\w$])(?<secret>(?:pbkdf2:sha(?:256|512|1)(?::\\d{1,8})?|scrypt:\\d{3,8}:\\d{1,3}:\\d{1,3})\\$[A-Za-z0-9]{8,64}\\$[a-f0-9]{64,128})(?![a-f0-9])",
    secret: [`hash = 'scrypt:32768:8:1${D}{16 of [A-Za-z0-9]}${D}{128 of [a-f0-9]}'`],
    clean: ["method = 'scrypt:32768:8:1'"],
  }),
  hash({
    id: "postgres-scram-verifier",
    provider: "PostgreSQL",
    description: "PostgreSQL SCRAM-SHA-256 password verifier (rolpassword, ALTER ROLE … PASSWORD 'SCRAM-SHA-256$…')",
    keywords: ["scram-sha-256$"],
    pattern: `(?<secret>SCRAM-SHA-256\\$\\d{3,7}:${B64}{16,32}={0,2}\\$${B64}{43}=:${B64}{43}=)`,
    secret: [`ALTER ROLE app PASSWORD 'SCRAM-SHA-256${D}4096:{24 of ${B64}}${D}{43 of ${B64}}=:{43 of ${B64}}=';`],
    clean: ["password_encryption = 'scram-sha-256'"],
  }),
  hash({
    id: "ldap-password-scheme",
    provider: "LDAP",
    description: "LDAP userPassword hash ({SSHA}, {SSHA256}, {SSHA512}, {SMD5}, {PBKDF2-…}, {ARGON2}, {CRYPT})",
    keywords: ["{ssha", "{smd5}", "{pbkdf2", "{argon2}", "{crypt}", "{sha256}", "{sha512}"],
    pattern:
      "(?<secret>\\{(?:SSHA(?:256|384|512)?|SMD5|SHA(?:256|384|512)|PBKDF2(?:-SHA(?:1|256|512))?|ARGON2|CRYPT)\\}[A-Za-z0-9+/=$.,:-]{20,300})",
    flags: "i",
    secret: ["userPassword: {{SSHA}}{32 of [A-Za-z0-9+/]}"],
    clean: ["olcPasswordHash: {{SSHA}}"],
  }),
  hash({
    id: "kerberos-asrep-hash",
    provider: "Kerberos",
    description: "Kerberos AS-REP roasting hash ($krb5asrep$…, hashcat 18200)",
    keywords: ["$krb5asrep$"],
    pattern:
      "(?<secret>\\$krb5asrep\\$(?:\\d{2}\\$)?[^:\\s$]{1,128}(?:@[^:\\s]{1,128})?:[0-9a-fA-F]{24,32}\\$[0-9a-fA-F]{64,})",
    confidence: "high",
    secret: [`${D}krb5asrep${D}23${D}svc_sql@CORP.LOCAL:{32 of [0-9a-f]}${D}{232 of [0-9a-f]}`],
    clean: ["hashcat -m 18200 asrep.txt wordlist.txt # $krb5asrep$ hashes"],
  }),
  hash({
    id: "kerberos-tgs-hash",
    provider: "Kerberos",
    description: "Kerberos TGS-REP (Kerberoasting) or pre-auth hash ($krb5tgs$…, $krb5pa$…)",
    keywords: ["$krb5tgs$", "$krb5pa$"],
    pattern: "(?<secret>\\$krb5(?:tgs|pa)\\$\\d{2}\\$[^\\s]{1,400}?\\$[0-9a-fA-F]{64,})",
    confidence: "high",
    secret: [
      `${D}krb5tgs${D}23${D}*svc_sql${D}CORP.LOCAL${D}MSSQLSvc/db01.corp.local:1433*${D}{32 of [0-9a-f]}${D}{400 of [0-9a-f]}`,
    ],
    clean: ["hashcat -m 13100 tgs.txt wordlist.txt # $krb5tgs$23$ hashes"],
  }),
  hash({
    id: "ntlm-pwdump-hash",
    provider: "Windows",
    description: "NTLM hash in pwdump/secretsdump format (user:RID:LM:NT:::)",
    keywords: [":::"],
    pattern: "^[^:\\s]{1,64}:\\d{1,10}:[0-9a-fA-F]{32}:(?<secret>[0-9a-fA-F]{32}):::",
    flags: "m",
    confidence: "high",
    secret: ["Administrator:500:aad3b435b51404eeaad3b435b51404ee:{32 of [0-9a-f]}:::"],
    clean: ["Guest:501:aad3b435b51404eeaad3b435b51404ee:<redacted>:::"],
  }),
  hash({
    id: "netntlm-hash",
    provider: "Windows",
    description:
      "NetNTLMv1/v2 challenge-response hash as captured by Responder/hashcat (user::DOMAIN:challenge:response:blob)",
    keywords: ["::"],
    pattern:
      "(?<=(?<![\\w$-])[\\w.$-]{1,64})::(?<secret>[\\w.-]{1,64}:(?:[0-9a-fA-F]{16}:[0-9a-fA-F]{32}:[0-9a-fA-F]{60,}|[0-9a-fA-F]{48}:[0-9a-fA-F]{48}:[0-9a-fA-F]{16}))",
    confidence: "high",
    secret: [`svc_web::CORP:{16 of [0-9a-f]}:{32 of [0-9a-f]}:0101000000000000{120 of [0-9a-f]}`],
    clean: ["std::vector<int> v; Foo::Bar::baz();"],
  }),
];
// The NetNTLM rule starts at "::" (the user is looked behind): try it only there.
for (const rule of hashRules) if (rule.id === "netntlm-hash") rule.anchored = true;
