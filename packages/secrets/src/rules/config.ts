import type { SecretRule } from "../rule.js";
import { raw } from "./build.js";

/**
 * Credentials in configuration syntaxes the generic assignment rule cannot see, because no
 * `=` or `:` binds name and value: .netrc tokens, Groovy/Gradle method-call style, XML
 * name/value attribute pairs, Terraform variable defaults, unattended-install answer files,
 * Wi-Fi and IPsec pre-shared keys, Docker's legacy and token auth entries.
 */

const PW = "{16 of [A-Za-z0-9!@#^]}";
// A value that is a reference, not a secret: $VAR, ${VAR}, %VAR%, <placeholder>, {{ template }}.
const NOT_REF = "(?![$%<{])";

export const configRules: SecretRule[] = [
  raw({
    id: "netrc-password",
    provider: "netrc",
    description: ".netrc / _netrc entry: machine HOST login USER password PASSWORD (one line or several)",
    keywords: ["machine", "default"],
    requires: ["password"],
    pattern: `(?<![\\w-])(?:machine[ \\t]+\\S+|default)(?:\\s+(?:login|account|port)[ \\t]+\\S+){0,3}\\s+password[ \\t]+${NOT_REF}(?<secret>\\S{3,200})`,
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
    pattern: `^[ \\t]*(?:password|passwd|secret|token|apiKey|api_key|secretKey|secret_key|accessKey|access_key|authToken|auth_token)[ \\t]+(?<q>["'])${NOT_REF}(?<secret>[^"'\\s]{4,200})\\k<q>[ \\t]*;?[ \\t]*$`,
    flags: "m",
    entropy: 2.5,
    confidence: "medium",
    examples: {
      secret: [
        `repositories {{\n  maven {{\n    credentials {{\n      username 'deploy'\n      password '${PW}'\n    }}\n  }}\n}}`,
      ],
      clean: [
        "credentials {{\n  username 'deploy'\n  password System.getenv('MAVEN_PASSWORD')\n}}",
        "password project.findProperty('mavenPassword')",
      ],
    },
  }),
  raw({
    id: "xml-name-value-secret",
    provider: "generic",
    description:
      'XML element whose name/key attribute names a credential and whose value attribute holds it (<add key="ApiKey" value="…"/>, <property name="password" value="…"/>)',
    keywords: ["value="],
    requires: ["pass", "pwd", "secret", "token", "apikey", "api_key", "api.key", "credential", "connectionstring"],
    pattern: `<[\\w:.-]+[ \\t]+(?:[^<>]{0,100}?[ \\t])?(?:name|key)[ \\t]*=[ \\t]*["'](?![\\w.:-]*(?:authenticity|csrf|xsrf|CSRF|XSRF|nonce|captcha))[\\w.:-]*(?:[Pp]ass(?:word|wd)?|PASS(?:WORD|WD)?|[Pp]wd|PWD|[Ss]ecret|SECRET|[Tt]oken|TOKEN|[Aa]pi[_.-]?[Kk]ey|API[_.-]?KEY|[Cc]redential|CREDENTIAL)[\\w.:-]*(?<!file|path|dir|url|uri|name|length|type|policy|id|expiry|timeout)["'][ \\t]+(?:[^<>]{0,100}?[ \\t])?value[ \\t]*=[ \\t]*["']${NOT_REF}(?<secret>[^"'\\s<>]{4,300})["']`,
    entropy: 2.8,
    confidence: "medium",
    allowlist: ["^(?:[a-z][a-z0-9+.-]*://|[./~])"],
    examples: {
      secret: [
        `<appSettings>\n  <add key="PaymentApiKey" value="${PW}" />\n</appSettings>`,
        `<property name="db.password" value="${PW}"/>`,
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
    pattern: `:[ \\t]*PSK[ \\t]+(?<q>["'])${NOT_REF}(?<secret>[^"'\\n]{6,200})\\k<q>`,
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
    pattern: `^userPassword::?[ \\t]*${NOT_REF}(?<secret>\\S{4,400})`,
    flags: "im",
    entropy: 2,
    confidence: "high",
    examples: {
      secret: ["dn: uid=svc,ou=people,dc=corp\nuserPassword:: {32 of [A-Za-z0-9+/]}\n"],
      clean: ["dn: uid=svc,ou=people,dc=corp\nobjectClass: inetOrgPerson\n"],
    },
  }),
];
for (const rule of configRules) if (rule.provider === "generic") rule.generic = true;
