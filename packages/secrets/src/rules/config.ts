import type { SecretRule } from "../rule.js";
import { ci, notRef, raw } from "./build.js";

/**
 * Credentials in configuration syntaxes the generic assignment rule cannot see, because no
 * `=` or `:` binds name and value: .netrc tokens, Groovy/Gradle method-call style, XML
 * name/value attribute pairs, Terraform variable defaults, unattended-install answer files,
 * Wi-Fi and IPsec pre-shared keys, Docker's legacy and token auth entries.
 */

const PW = "{16 of [A-Za-z0-9!@#^]}";
// A value that is a reference, not a secret: only whole reference shapes ($VAR, ${VAR}, %VAR%,
// <placeholder>, {{ template }}: build.ts notRef), not any value starting with $ % < {.
const NOT_REF = notRef();
// A quoted value that may hold blanks ends at its closing quote only.
const NOT_REF_QUOTED = notRef("(?=\\k<q>)");

export const configRules: SecretRule[] = [
  raw({
    id: "netrc-password",
    provider: "netrc",
    description: ".netrc / _netrc entry: machine HOST login USER password PASSWORD (one line or several)",
    keywords: ["machine", "default"],
    requires: ["password"],
    // The value stops at a quote or backslash: a netrc line inside a code string ("…password z\\n").
    pattern: `(?<![\\w-])(?:machine[ \\t]+\\S+|default)(?:\\s+(?:login|account|port)[ \\t]+\\S+){0,3}\\s+password[ \\t]+${NOT_REF}(?<secret>[^\\s"'\`\\\\]{3,200})`,
    entropy: 2,
    confidence: "high",
    examples: {
      secret: [
        `machine api.heroku.com\n  login ci@example.com\n  password ${PW}\n`,
        `machine ftp.example.com login deploy password ${PW}`,
      ],
      clean: ["machine api.heroku.com\n  login ci@example.com\n"],
    },
  }),
  raw({
    id: "groovy-credential-call",
    provider: "generic",
    description:
      "A credential set in Groovy/Gradle/Ruby DSL style without `=` (password 'x', token \"x\") on its own line",
    keywords: ["password", "passwd", "secret", "token", "apikey", "api_key"],
    pattern: `^[ \\t]*(?:[a-z][A-Za-z0-9]{0,30}?(?:Password|Passwd|Secret|Token|ApiKey|SecretKey|AccessKey|AuthToken)|password|passwd|secret|token|apiKey|api_key|secretKey|secret_key|accessKey|access_key|authToken|auth_token)[ \\t]+(?<q>["'])${NOT_REF}(?<secret>[^"'\\s]{4,200})\\k<q>[ \\t]*;?[ \\t]*$`,
    flags: "m",
    entropy: 2.5,
    confidence: "medium",
    examples: {
      secret: [
        `repositories {{\n  maven {{\n    credentials {{\n      username 'deploy'\n      password '${PW}'\n    }}\n  }}\n}}`,
        `signingConfigs {{\n  release {{\n    storeFile file("release.jks")\n    storePassword "${PW}"\n    keyPassword "${PW}"\n  }}\n}}`,
      ],
      clean: [
        "credentials {{\n  username 'deploy'\n  password System.getenv('MAVEN_PASSWORD')\n}}",
        "password project.findProperty('mavenPassword')",
        'storePassword System.getenv("KEYSTORE_PASSWORD")',
      ],
    },
  }),
  raw({
    id: "xml-name-value-secret",
    provider: "generic",
    description:
      'XML element whose name/key attribute names a credential and whose value attribute holds it (<add key="ApiKey" value="…"/>, <property name="password" value="…"/>)',
    // The pattern allows blanks around '=': each keyword names one way the value attribute is written.
    keywords: ["value=", "value =", "value\t="],
    requires: ["pass", "pwd", "secret", "token", "apikey", "api_key", "api.key", "credential", "connectionstring"],
    // Tried only at the tag before each `value` (its text holds no other < or >), not at every <.
    tag: "value",
    pattern: `<[\\w:.-]+[ \\t]+(?:[^<>]{0,100}?[ \\t])?(?:name|key)[ \\t]*=[ \\t]*["'](?![\\w.:-]*(?:authenticity|csrf|xsrf|CSRF|XSRF|nonce|captcha))[\\w.:-]*(?:[Pp]ass(?:word|wd)?|PASS(?:WORD|WD)?|[Pp]wd|PWD|[Ss]ecret|SECRET|[Tt]oken|TOKEN|[Aa]pi[_.-]?[Kk]ey|API[_.-]?KEY|[Cc]redential|CREDENTIAL)[\\w.:-]*(?<!file|path|dir|url|uri|name|length|type|policy|id|expiry|timeout)["'][ \\t]+(?:[^<>]{0,100}?[ \\t])?value[ \\t]*=[ \\t]*["']${NOT_REF}(?<secret>[^"'\\s<>]{4,300})["']`,
    entropy: 2.8,
    confidence: "medium",
    allowlist: ["^(?:[a-z][a-z0-9+.-]*://|[./~])"],
    examples: {
      secret: [
        `<appSettings>\n  <add key="PaymentApiKey" value="${PW}" />\n</appSettings>`,
        `<property name="db.password" value="${PW}"/>`,
        `<property name="db.password" value = "${PW}"/>`,
      ],
      clean: [
        '<add key="PaymentApiKey" value="%PAYMENT_API_KEY%" />',
        '<property name="db.passwordFile" value="/run/secrets/db"/>',
        '<input type="hidden" name="authenticity_token" value="{86 of [A-Za-z0-9_-]}" />',
      ],
    },
  }),
  raw({
    id: "terraform-variable-default-secret",
    provider: "Terraform",
    description:
      'Default value of a Terraform variable whose name says it is a credential (variable "db_password" { default = "…" })',
    keywords: ["variable"],
    requires: ["default"],
    pattern: `variable[ \\t]+"[\\w-]*(?:password|passwd|secret|token|api_key|apikey|access_key|private_key|credential)[\\w-]*"[ \\t]*\\{[^}]{0,300}?\\bdefault[ \\t]*=[ \\t]*"${NOT_REF}(?<secret>[^"\\s]{4,300})"`,
    flags: "i",
    entropy: 2.5,
    confidence: "medium",
    examples: {
      secret: [`variable "db_password" {{\n  type      = string\n  sensitive = true\n  default   = "${PW}"\n}}`],
      clean: [
        'variable "db_password" {{\n  type      = string\n  sensitive = true\n}}',
        'variable "db_password_length" {{\n  default = 24\n}}',
      ],
    },
  }),
  raw({
    id: "unattend-plaintext-password",
    provider: "Windows",
    description:
      "Clear-text password in a Windows unattend/autounattend.xml answer file (<Value>…</Value><PlainText>true</PlainText>)",
    keywords: ["<plaintext>true"],
    pattern: "<Value>(?<secret>[^<\\s]{3,200})</Value>\\s*<PlainText>true</PlainText>",
    flags: "i",
    entropy: 2,
    confidence: "high",
    examples: {
      secret: [
        `<AdministratorPassword>\n  <Value>${PW}</Value>\n  <PlainText>true</PlainText>\n</AdministratorPassword>`,
      ],
      clean: [
        "<AdministratorPassword>\n  <Value>UABhAHMAcwA=</Value>\n  <PlainText>false</PlainText>\n</AdministratorPassword>",
      ],
    },
  }),
  raw({
    id: "group-policy-cpassword",
    provider: "Windows",
    description: "Group Policy Preferences cpassword (AES with a key Microsoft published: as good as clear text)",
    keywords: ["cpassword"],
    pattern: `cpassword[ \\t]*=[ \\t]*"(?<secret>[A-Za-z0-9+/]{20,}={0,2})"`,
    confidence: "high",
    examples: {
      secret: [`<Properties action="U" userName="svc" cpassword="{43 of [A-Za-z0-9+/]}" changeLogon="0"/>`],
      clean: ['<Properties action="U" userName="svc" cpassword="" changeLogon="0"/>'],
    },
  }),
  raw({
    id: "filezilla-stored-password",
    provider: "FileZilla",
    description: "Password stored by FileZilla (sitemanager.xml / recentservers.xml <Pass>, base64 or plain)",
    keywords: ["<pass"],
    pattern: '<Pass(?:[ \\t]+encoding="base64")?>(?<secret>[^<\\s]{3,300})</Pass>',
    entropy: 2,
    confidence: "high",
    examples: {
      secret: [
        `<Server>\n  <Host>ftp.example.com</Host>\n  <User>deploy</User>\n  <Pass encoding="base64">{24 of [A-Za-z0-9+/]}</Pass>\n</Server>`,
      ],
      clean: ["<Server>\n  <Host>ftp.example.com</Host>\n  <Logontype>2</Logontype>\n</Server>"],
    },
  }),
  raw({
    id: "wifi-psk",
    provider: "Wi-Fi",
    description: "Wi-Fi pre-shared key (wpa_supplicant psk=, hostapd wpa_passphrase=, NetworkManager psk=)",
    keywords: ["psk", "wpa_passphrase"],
    pattern: `(?<![\\w-])(?:psk|wpa_passphrase)[ \\t]*=[ \\t]*"?${NOT_REF}(?<secret>[^"\\s]{8,64})"?(?=\\s|$)`,
    entropy: 2.5,
    confidence: "medium",
    examples: {
      secret: [`network={{\n  ssid="office"\n  psk="${PW}"\n}}`, `[wifi-security]\nkey-mgmt=wpa-psk\npsk=${PW}`],
      clean: ['network={{\n  ssid="office"\n  key_mgmt=NONE\n}}'],
    },
  }),
  raw({
    id: "ipsec-psk",
    provider: "IPsec",
    description: 'IPsec pre-shared key in ipsec.secrets / swanctl (: PSK "…")',
    keywords: ["psk"],
    pattern: `:[ \\t]*PSK[ \\t]+(?<q>["'])${NOT_REF_QUOTED}(?<secret>[^"'\\n]{6,200})\\k<q>`,
    entropy: 2.5,
    confidence: "high",
    examples: {
      secret: [`203.0.113.10 198.51.100.20 : PSK "${PW}"`],
      clean: ["203.0.113.10 : RSA /etc/ipsec.d/private/gw.key"],
    },
  }),
  raw({
    id: "docker-config-token",
    provider: "Docker",
    description: "Identity or registry token in a Docker config.json (identitytoken, registrytoken)",
    keywords: ["identitytoken", "registrytoken"],
    pattern: `"(?:identitytoken|registrytoken)"[ \\t]*:[ \\t]*"(?<secret>[A-Za-z0-9_.+/=-]{16,4096})"`,
    entropy: 3,
    confidence: "high",
    examples: {
      secret: [`{{"auths": {{"myregistry.azurecr.io": {{"auth": "", "identitytoken": "{120 of [A-Za-z0-9_-]}"}}}}}}`],
      clean: ['{{"auths": {{"myregistry.azurecr.io": {{}}}}, "credsStore": "osxkeychain"}}'],
    },
  }),
  raw({
    id: "php-database-password",
    provider: "generic",
    description:
      "Password argument of a PHP database connection (new PDO(dsn, user, 'pw'), mysqli_connect(host, user, 'pw'))",
    keywords: ["new pdo", "mysqli_connect", "new mysqli", "mysql_connect", "pg_connect"],
    pattern: `(?:new[ \\t]+PDO|mysqli_connect|new[ \\t]+mysqli|mysql_connect)[ \\t]*\\([ \\t]*(?:[^,()]{1,200},[ \\t]*){1,2}["']${NOT_REF}(?<secret>[^"'\\s]{3,128})["']`,
    flags: "i",
    entropy: 2,
    confidence: "medium",
    examples: {
      secret: [
        `$db = new PDO('mysql:host=db;dbname=shop', 'shop', '${PW}');`,
        `$link = mysqli_connect("db.internal", "shop", "${PW}", "shop");`,
      ],
      clean: [
        "$db = new PDO($dsn, $user, $password);",
        "$link = mysqli_connect($host, $user, getenv('DB_PASSWORD'), 'shop');",
      ],
    },
  }),
  raw({
    id: "ldif-user-password",
    provider: "LDAP",
    description: "userPassword attribute in an LDIF file (base64 after `::`, or clear text)",
    keywords: ["userpassword:"],
    // A hash in a scheme's braces ({SSHA}...) is ldap-password-scheme's (hashes.ts).
    pattern: `^userPassword::?[ \\t]*${NOT_REF}(?!\\{(?:S?SHA\\d*|S?MD5|PBKDF2[\\w-]*|ARGON2|CRYPT|BCRYPT)\\})(?<secret>\\S{4,400})`,
    flags: "im",
    entropy: 2,
    confidence: "high",
    examples: {
      secret: ["dn: uid=svc,ou=people,dc=corp\nuserPassword:: {32 of [A-Za-z0-9+/]}\n"],
      clean: ["dn: uid=svc,ou=people,dc=corp\nobjectClass: inetOrgPerson\n"],
    },
  }),
  raw({
    id: "config-directive-password",
    provider: "generic",
    description:
      "Password set by a space-separated config directive (redis requirepass/masterauth, sentinel auth-pass, keepalived auth_pass, nss/pam bindpw, Cisco enable/username password 0, snmp community, kickstart rootpw, preseed passwd)",
    keywords: [
      "requirepass",
      "masterauth",
      "masterpass",
      "auth-pass",
      "auth_pass",
      "bindpw",
      "ldap_default_authtok",
      "rootpw",
      "enable password",
      "enable secret",
      "username",
      "snmp-server community",
      "passwd/",
    ],
    // A directive is its line (after `d-i` in a preseed file): in prose the words run on.
    pattern: `^[ \\t]*(?:d-i[ \\t]+)?(?:requirepass|masterauth|masterpass|auth_pass|bindpw|ldap_default_authtok(?:[ \\t]*=)?|rootpw(?:[ \\t]+--plaintext)?|sentinel[ \\t]+auth-pass[ \\t]+\\S+|enable[ \\t]+(?:password|secret)(?:[ \\t]+level[ \\t]+\\d+)?(?:[ \\t]+0)?|username[ \\t]+\\S+(?:[ \\t]+privilege[ \\t]+\\d+)?[ \\t]+(?:password|secret)(?:[ \\t]+0)?|snmp-server[ \\t]+community|passwd/(?:root|user)-password(?:-again)?[ \\t]+password)[ \\t]+["']?${NOT_REF}(?<secret>[^\\s"']{4,200})["']?(?:[ \\t]+(?:RO|RW|ro|rw)\\b[^\\n]{0,100})?[ \\t]*\\r?$`,
    flags: "m",
    entropy: 2.3,
    confidence: "medium",
    allowlist: ["^(?:public|private|community|--\\w.*)$"],
    examples: {
      secret: [
        `requirepass ${PW}`,
        `sentinel auth-pass mymaster ${PW}`,
        `binddn cn=nss,dc=corp,dc=example\nbindpw ${PW}`,
        `username netops privilege 15 password 0 ${PW}`,
        `d-i passwd/root-password password ${PW}`,
        `rootpw --plaintext ${PW}`,
      ],
      clean: [
        "requirepass {$}{{REDIS_PASSWORD}}",
        "enable secret 9 <removed>",
        "snmp-server community public RO",
        "rootpw --iscrypted {$}6{$}<hash>",
        "# requirepass foobared",
      ],
    },
  }),
  raw({
    id: "wordpress-config-secret",
    provider: "WordPress",
    description: "WordPress wp-config.php authentication key, salt or database password (define('AUTH_KEY', '…'))",
    keywords: ["define"],
    requires: ["_key", "_salt", "db_password"],
    pattern: `${ci("define")}[ \\t]*\\([ \\t]*["'](?:(?:(?:SECURE_)?AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)|DB_PASSWORD)["'][ \\t]*,[ \\t]*(?<q>["'])${NOT_REF_QUOTED}(?<secret>(?:(?!\\k<q>)[^\\n\\\\]){8,128})\\k<q>`,
    entropy: 3,
    confidence: "high",
    // wp-config-sample.php's filler.
    allowlist: ["unique phrase"],
    examples: {
      secret: [
        "define( 'AUTH_KEY',         '{64 of [A-Za-z0-9!@#%^&*()_+=|<>,.;:~-]}' );", // rampart:allow
        `define('DB_PASSWORD', '${PW}');`,
        // A salt may start with any character of its alphabet.
        "define( 'SECURE_AUTH_SALT', '%{63 of [A-Za-z0-9!@#%^&*()_+=|<>,.;:~-]}' );", // rampart:allow
        "define( 'NONCE_KEY', '<{63 of [A-Za-z0-9!@#%^&*()_+=|,.;:~-]}' );", // rampart:allow
        "define( 'AUTH_SALT', '{{{63 of [A-Za-z0-9!@#%^&*()_+=|,.;:~-]}' );", // rampart:allow
        "define( 'LOGGED_IN_KEY', '{$}{63 of [A-Za-z0-9!@#%^&*_+=|,.;:~-]}' );", // rampart:allow
      ],
      clean: [
        "define( 'AUTH_KEY',         'put your unique phrase here' );",
        "define( 'DB_PASSWORD', 'password_here' );",
        "define( 'DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD') );",
        "define( 'DB_PASSWORD', '%WORDPRESS_DB_PASSWORD%' );",
        "define( 'AUTH_KEY', '<your unique auth key>' );",
        "define( 'DB_PASSWORD', '{{{{ wordpress_db_password }}}}' );",
        "define( 'DB_PASSWORD', '{$}{{WORDPRESS_DB_PASSWORD}}' );",
        "define( 'DB_PASSWORD', '{$}WORDPRESS_DB_PASSWORD' );", // rampart:allow
      ],
    },
  }),
  raw({
    id: "pgpass-entry",
    provider: "PostgreSQL",
    description: "PostgreSQL password file line (~/.pgpass: host:port:database:user:password)",
    keywords: [":5432:", ":5433:", ":6432:", ":*:"],
    pattern: `^[ \\t]*[\\w.*-]{1,253}:(?:\\d{2,5}|\\*):[^:\\s]{1,64}:[^:\\s]{1,64}:${NOT_REF}(?<secret>[^\\s:]{4,200})[ \\t]*$`,
    flags: "m",
    entropy: 2.3,
    confidence: "high",
    examples: {
      secret: [`db.internal:5432:app:app:${PW}`, `*:*:*:postgres:${PW}`],
      clean: ["hostname:port:database:username:password", "localhost:5432:*:app:{$}{{PGPASSWORD}}"],
    },
  }),
  raw({
    id: "composer-auth-token",
    provider: "Composer",
    description:
      'Token in Composer auth.json / COMPOSER_AUTH (github-oauth, gitlab-token, gitlab-oauth, bearer: {"host": "token"})',
    keywords: ["github-oauth", "gitlab-token", "gitlab-oauth", 'bearer"'],
    pattern: `(?<=")(?:github-oauth|gitlab-token|gitlab-oauth|bearer)"[ \\t]*:[ \\t]*\\{\\s*"[^"\\s]{1,253}"[ \\t]*:[ \\t]*"${NOT_REF}(?<secret>[^"\\s]{12,300})"`,
    entropy: 3,
    confidence: "high",
    examples: {
      secret: [
        '{{"github-oauth": {{"github.com": "{40 of [a-f0-9]}"}}}}',
        '{{\n  "bearer": {{\n    "repo.packagist.com": "{40 of [A-Za-z0-9]}"\n  }}\n}}',
      ],
      clean: ['{{"github-oauth": {{"github.com": "{$}{{GITHUB_TOKEN}}"}}}}'],
    },
  }),
  raw({
    id: "yarn-npm-auth-ident",
    provider: "npm",
    description: "user:password in a .yarnrc.yml npmAuthIdent",
    keywords: ["npmauthident"],
    pattern: `npmAuthIdent["']?[ \\t]*:[ \\t]*["']?[^\\s:"']{1,128}:${NOT_REF}(?<secret>[^\\s"']{3,200})`,
    entropy: 2,
    confidence: "high",
    examples: {
      secret: [`npmRegistries:\n  "https://npm.internal":\n    npmAuthIdent: "ci:${PW}"`],
      clean: ['npmAuthIdent: "{$}{{NPM_AUTH_IDENT}}"'],
    },
  }),
  raw({
    id: "jenkins-encrypted-secret",
    provider: "Jenkins",
    description:
      "Jenkins-encrypted secret in credentials.xml or a job config ({AQAAABAAAAA…} in <password>, <passphrase>, <apiToken>, <secret>…): the controller's key decrypts it",
    keywords: [
      "<password>{",
      "<passphrase>{",
      "<apitoken>{",
      "<secret>{",
      "<privatekey>{",
      "<secretbytes>{",
      "<token>{",
    ],
    pattern: `<(?<tag>password|passphrase|apiToken|secret|privateKey|secretBytes|token)>\\{(?<secret>[A-Za-z0-9+/]{20,4096}={0,2})\\}</\\k<tag>>`,
    entropy: 3,
    confidence: "high",
    examples: {
      secret: ["<password>{{AQAAABAAAAAQ{44 of [A-Za-z0-9+/]}=}}</password>"],
      clean: ["<password>{$}{{DEPLOY_PASSWORD}}</password>"],
    },
  }),
  raw({
    id: "cloud-init-chpasswd",
    provider: "cloud-init",
    description: "user:password in a cloud-init chpasswd list",
    keywords: ["chpasswd"],
    requires: ["list"],
    pattern: `chpasswd:[ \\t]*\\r?\\n(?:[ \\t]+[\\w-]+:[^\\n]{0,80}\\r?\\n){0,3}?[ \\t]+list:[ \\t]*\\|?[ \\t]*\\r?\\n?[ \\t]*-?[ \\t]*[\\w.-]{1,32}:(?!RANDOM\\b)${NOT_REF}(?<secret>[^\\s:]{4,200})`,
    entropy: 2.3,
    confidence: "high",
    examples: {
      secret: [`#cloud-config\nchpasswd:\n  list: |\n    root:${PW}\n  expire: false`],
      clean: ["#cloud-config\nchpasswd:\n  list: |\n    root:RANDOM\n  expire: false"],
    },
  }),
  raw({
    id: "openvpn-inline-auth",
    provider: "OpenVPN",
    description: "Inline <auth-user-pass> block of an OpenVPN profile (user name line, password line)",
    keywords: ["<auth-user-pass>"],
    pattern: `<auth-user-pass>[ \\t]*\\r?\\n[^\\n]{1,128}\\r?\\n${notRef("(?=[ \\t]*\\r?\\n)")}(?<secret>[^\\n]{3,200}?)[ \\t]*\\r?\\n</auth-user-pass>`,
    entropy: 2,
    confidence: "high",
    examples: {
      secret: [`<auth-user-pass>\nvpn-user\n${PW}\n</auth-user-pass>`],
      clean: ["<auth-user-pass>\n</auth-user-pass>"],
    },
  }),
  raw({
    id: "code-credential-call",
    provider: "generic",
    description:
      "Literal password passed to a connection or bind call (JDBC DriverManager.getConnection, LDAP simple_bind_s/bind_s, ldap_bind, JNDI Context.SECURITY_CREDENTIALS)",
    keywords: ["getconnection", "bind_s", "ldap_bind", "security_credentials"],
    pattern: `(?:${ci("getConnection")}[ \\t]*\\([ \\t]*(?:"[^"\\n]{1,300}"|[\\w.]{1,64})[ \\t]*,[ \\t]*(?:"[^"\\n]{0,128}"|[\\w.]{1,64})|(?:simple_)?bind_s[ \\t]*\\([ \\t]*(?:"[^"\\n]{1,300}"|'[^'\\n]{1,300}'|[\\w.]{1,64})|ldap_bind[ \\t]*\\([ \\t]*\\$?\\w{1,64}[ \\t]*,[ \\t]*(?:"[^"\\n]{1,300}"|'[^'\\n]{1,300}'|\\$\\w{1,64})|Context\\.SECURITY_CREDENTIALS|"java\\.naming\\.security\\.credentials")[ \\t]*,[ \\t]*(?<q>["'])${NOT_REF}(?<secret>[^"'\\s]{3,128})\\k<q>`,
    entropy: 2,
    confidence: "medium",
    examples: {
      secret: [
        `Connection c = DriverManager.getConnection("jdbc:postgresql://db.internal/app", "app", "${PW}");`,
        `conn.simple_bind_s("cn=admin,dc=corp,dc=example", "${PW}")`,
        `ldap_bind($ds, "cn=admin,dc=corp,dc=example", '${PW}');`,
        `env.put(Context.SECURITY_CREDENTIALS, "${PW}");`,
      ],
      clean: [
        'Connection c = DriverManager.getConnection(url, user, System.getenv("DB_PASSWORD"));',
        "conn.simple_bind_s(bind_dn, bind_password)",
        "env.put(Context.SECURITY_CREDENTIALS, password);",
      ],
    },
  }),
];
for (const rule of configRules) if (rule.provider === "generic") rule.generic = true;
// These start where one of their keywords does (Composer's opening quote is looked behind): try
// them only there.
const ANCHORED = new Set([
  "composer-auth-token",
  "wordpress-config-secret",
  "yarn-npm-auth-ident",
  "jenkins-encrypted-secret",
  "cloud-init-chpasswd",
  "openvpn-inline-auth",
]);
for (const rule of configRules) if (ANCHORED.has(rule.id)) rule.anchored = true;
