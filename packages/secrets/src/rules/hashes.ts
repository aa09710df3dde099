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
    // The parameters are dots and letters ("C6..../...."): the secret is what follows them.
    pattern: `(?<![\\w$])\\$7\\$${CRYPT}{11}(?<secret>${CRYPT}{0,19}\\$${CRYPT}{43})${END}`,
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
    keywords: [
      "{ssha",
      "{smd5}",
      "{md5}",
      "{pbkdf2",
      "{argon2}",
      "{crypt}",
      "{sha}",
      "{sha256}",
      "{sha384}",
      "{sha512}",
    ],
    pattern:
      "(?<secret>\\{(?:SSHA(?:256|384|512)?|SMD5|MD5|SHA(?:256|384|512)?|PBKDF2(?:-SHA(?:1|256|512))?|ARGON2|CRYPT)\\}[A-Za-z0-9+/=$.,:-]{20,300})",
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
    // 31d6cfe0… is the NT hash of the empty password (disabled and guest accounts): nothing to crack.
    pattern:
      "^[^:\\s]{1,64}:\\d{1,10}:[0-9a-fA-F]{32}:(?!31d6cfe0d16ae931b73c59d7e0c089c0)(?<secret>[0-9a-fA-F]{32}):::",
    flags: "m",
    confidence: "high",
    secret: ["Administrator:500:aad3b435b51404eeaad3b435b51404ee:{32 of [0-9a-f]}:::"],
    clean: [
      "Guest:501:aad3b435b51404eeaad3b435b51404ee:<redacted>:::",
      "Guest:501:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::",
    ],
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
  hash({
    id: "phpass-hash",
    description:
      "phpass portable hash ($P$/$H$: WordPress, phpBB, Joomla), Drupal 7 ($S$) and WordPress 6.8 bcrypt ($wp$2y$)",
    keywords: ["$p$", "$h$", "$s$", "$wp$"],
    pattern: `(?<![\\w$])(?<secret>\\$[PH]\\$${CRYPT}{31}|\\$S\\$${CRYPT}{52}|\\$wp\\$2y\\$\\d\\d\\$${CRYPT}{53})${END}`,
    secret: [
      `INSERT INTO wp_users (user_login, user_pass) VALUES ('admin', '${D}P${D}B{30 of ${CRYPT}}');`,
      `pass: ${D}S${D}D{51 of ${CRYPT}}`,
      `user_pass = '${D}wp${D}2y${D}10${D}{53 of ${CRYPT}}'`,
    ],
    clean: ["echo '$P$' is phpass's prefix"],
  }),
  hash({
    id: "passlib-modular-hash",
    description: "Passlib modular-crypt hash ($pbkdf2-sha256$, $pbkdf2-sha512$, $scrypt$, $bcrypt-sha256$)",
    keywords: ["$pbkdf2", "$scrypt$", "$bcrypt-sha256$"],
    pattern: `(?<![\\w$])(?<secret>\\$pbkdf2(?:-sha(?:256|512))?\\$\\d{1,8}\\$${CRYPT}{8,64}\\$${CRYPT}{27,86}|\\$scrypt\\$ln=\\d{1,2},r=\\d{1,3},p=\\d{1,3}\\$${B64}{8,64}={0,2}\\$${B64}{32,86}={0,2}|\\$bcrypt-sha256\\$v=\\d,t=2[aby],r=\\d\\d\\$${CRYPT}{22}\\$${CRYPT}{31})(?![./0-9A-Za-z$+=])`,
    secret: [
      `hash = "${D}pbkdf2-sha256${D}29000${D}{22 of ${CRYPT}}${D}{43 of ${CRYPT}}"`,
      `${D}scrypt${D}ln=16,r=8,p=1${D}{22 of ${B64}}${D}{43 of ${B64}}`,
    ],
    clean: ['schemes = ["pbkdf2_sha256", "$scrypt$ln=16,r=8,p=1"]'],
  }),
  hash({
    id: "mosquitto-password-hash",
    provider: "Mosquitto",
    description: "Mosquitto password-file hash (user:$6$salt$hash or $7$iterations$salt$hash, base64)",
    keywords: ["$6$", "$7$"],
    pattern: `(?<![\\w$])(?<secret>\\$6\\$${B64}{16,24}={1,2}\\$${B64}{80,88}={0,2}|\\$7\\$\\d{1,7}\\$${B64}{16,24}={0,2}\\$${B64}{80,88}={0,2})(?![A-Za-z0-9+/=$])`,
    secret: [`sensor:${D}7${D}101${D}{22 of ${B64}}==${D}{86 of ${B64}}==`],
    clean: ["password_file /etc/mosquitto/passwd"],
  }),
  hash({
    id: "mysql-native-password-hash",
    provider: "MySQL",
    description: "MySQL 4.1+ native password hash (* and 40 upper-case hex: SHA1(SHA1(password)))",
    keywords: ["*0", "*1", "*2", "*3", "*4", "*5", "*6", "*7", "*8", "*9", "*a", "*b", "*c", "*d", "*e", "*f"],
    pattern: "(?<![\\w*])\\*(?<secret>(?=[0-9A-F]{0,39}[A-F])(?=[0-9A-F]{0,39}[0-9])[0-9A-F]{40})(?![0-9A-Za-z])",
    secret: [
      "CREATE USER 'app'@'%' IDENTIFIED WITH mysql_native_password AS '*{40 of [0-9A-F]}';",
      "| root | localhost | *{40 of [0-9A-F]} |",
    ],
    clean: ["/* {40 of [0-9a-f]} */", "sha1 *{40 of [0-9a-f]} file.tar"],
  }),
  hash({
    id: "postgres-md5-password-hash",
    provider: "PostgreSQL",
    description: "PostgreSQL md5 password hash (md5 + MD5(password || user): rolpassword, pg_authid dumps)",
    keywords: ["md5"],
    pattern: "(?<![\\w$-])(?<secret>md5[0-9a-f]{32})(?![0-9A-Za-z])",
    secret: ["ALTER ROLE app ENCRYPTED PASSWORD 'md5{32 of [0-9a-f]}';", " app      | md5{32 of [0-9a-f]}"],
    clean: ["md5sum: {32 of [0-9a-f]}", "checksum md5-{32 of [0-9a-f]}"],
  }),
  hash({
    id: "network-device-password-hash",
    provider: "Network devices",
    description:
      "Password hash or reversible secret of a network device (Cisco ASA $sha512$ PBKDF2, Juniper $9$, GRUB grub.pbkdf2)",
    keywords: ["$sha512$", "$9$", "grub.pbkdf2."],
    pattern: `(?<secret>\\$sha512\\$\\d{1,7}\\$${B64}{16,24}={0,2}\\$${B64}{16,88}={0,2}|(?<=(?:secret|password|encrypted-password|key|authentication-key|ascii-text)[ \\t]+")\\$9\\$[^"\\n$]{4,200}(?=")|grub\\.pbkdf2\\.sha512\\.\\d{1,7}\\.[0-9A-F]{32,256}\\.[0-9A-F]{64,256})`,
    secret: [
      `username admin password ${D}sha512${D}5000${D}{22 of ${B64}}==${D}{22 of ${B64}}== pbkdf2 privilege 15`,
      `set system login user ops authentication encrypted-password "${D}9${D}{30 of [A-Za-z0-9./-]}"`,
      "password_pbkdf2 root grub.pbkdf2.sha512.10000.{128 of [0-9A-F]}.{128 of [0-9A-F]}",
    ],
    clean: ["set system root-authentication plain-text-password", 'description "$9$ is Junos obfuscation"'],
  }),
  hash({
    id: "database-server-password-hash",
    description: "SQL Server (0x0100/0x0200 + salted SHA) or Oracle 11g/12c (S:… / T:…) password hash",
    keywords: ["0x0100", "0x0200", "s:"],
    pattern:
      "(?<![\\w])(?<secret>0x0(?:200[0-9A-Fa-f]{136}|100[0-9A-Fa-f]{48}(?:[0-9A-Fa-f]{40})?)|S:[0-9A-F]{60}(?:;T:[0-9A-F]{160})?)(?![0-9A-Za-z])",
    secret: [
      "SELECT name, password_hash FROM sys.sql_logins; -- sa 0x0200{136 of [0-9A-F]}",
      "spare4: S:{60 of [0-9A-F]};T:{160 of [0-9A-F]}",
    ],
    clean: ["flags = 0x0200 | 0x0100", "S:{20 of [0-9A-F]}"],
  }),
  hash({
    id: "wpa-handshake-hash",
    provider: "Wi-Fi",
    description:
      "WPA PMKID / EAPOL handshake in hashcat 22000 notation (WPA*01*… / WPA*02*…): cracks the Wi-Fi passphrase",
    keywords: ["wpa*01*", "wpa*02*"],
    pattern:
      "(?<secret>WPA\\*0[12]\\*[0-9a-f]{32}\\*[0-9a-f]{12}\\*[0-9a-f]{12}\\*[0-9a-f]{2,64}\\*[0-9a-f]{0,64}\\*[0-9a-f]{0,1000})",
    confidence: "high",
    secret: [`WPA*01*{32 of [0-9a-f]}*{12 of [0-9a-f]}*{12 of [0-9a-f]}*{16 of [0-9a-f]}***`],
    clean: ["hashcat -m 22000 capture.hc22000 wordlist.txt"],
  }),
];
// The NetNTLM rule starts at "::" (the user is looked behind), the others at their keywords
// (a prefix, "*" and a hex digit, "md5"): try them only there.
const ANCHORED = new Set([
  "netntlm-hash",
  "phpass-hash",
  "passlib-modular-hash",
  "mosquitto-password-hash",
  "mysql-native-password-hash",
  "postgres-md5-password-hash",
  "network-device-password-hash",
  "database-server-password-hash",
  "wpa-handshake-hash",
]);
for (const rule of hashRules) if (ANCHORED.has(rule.id)) rule.anchored = true;
