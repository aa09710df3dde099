import type { SecretRule } from "../rule.js";
import { ci, kv, raw } from "./build.js";

// Up to 30 lines of up to 200 characters within one YAML document (no `---` between): the window
// in which a manifest's parts are related.
const LINES = "(?:(?!---)[^\\n]{0,200}\\n){0,30}?";
// `data:` (or `stringData:`) and the entries above this one in its block (indented lines).
// One blank or tab, then the rest of the line: each line splits one way only (no backtracking).
const DATA_ABOVE = "(?:data|stringData):[ \\t]*\\r?\\n(?:[ \\t][^\\n]{0,4200}\\n){0,100}";
// An entry line of a data block, `key: value`; the value is the secret. The lookahead first: the
// engine tries the (backward, costlier) block check only at lines that are such an entry.
const ENTRY = "(?<=\\n)(?=[ \\t]+[\\w.-]+:[ \\t]*[\"']?[A-Za-z0-9+/_=.@!-]{8})";
const VALUE = "[ \\t]+[\\w.-]+:[ \\t]*[\"']?(?<secret>[A-Za-z0-9+/_=.@!-]{8,4096})";
const SECRET_KIND = "kind:[ \\t]*[\"']?Secret[\"']?[ \\t]*";

/** Infrastructure config: Kubernetes, VPNs, web servers, frameworks' own secrets. */
export const infraRules: SecretRule[] = [
  // Dashboard API keys are exactly 40 lower-case hex characters, a whole word.
  kv("cisco-meraki-api-key", "Cisco Meraki", ["meraki"], "[0-9a-f]{40}", { entropy: 3 }),
  raw({
    id: "kubernetes-secret-yaml",
    examples: {
      secret: [
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: {24 of [A-Za-z0-9+/]}\n",
      ],
      clean: ["apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata: {{}}\n"],
    },
    provider: "Kubernetes",
    description: "Each value under data:/stringData: of a Kubernetes Secret manifest",
    keywords: ["kind: secret", 'kind: "secret"', "kind: 'secret'"],
    // Every entry of the data block that follows `kind: Secret` within one bounded window: one
    // finding per value, each on its own line (not only the block's first).
    pattern: `${ENTRY}(?<=${SECRET_KIND}\\r?\\n${LINES}[ \\t]*${DATA_ABOVE})${VALUE}`,
    entropy: 2.5,
    confidence: "medium",
  }),
  raw({
    id: "kubernetes-secret-yaml-data-first",
    examples: {
      secret: ["data:\n  api-token: {32 of [A-Za-z0-9+/]}\nkind: Secret\nmetadata:\n  name: api\n"],
      clean: ["data:\n  replicas: 3\nkind: ConfigMap\n"],
    },
    provider: "Kubernetes",
    description: "Each value under data:/stringData: of a Kubernetes Secret manifest that names its kind later",
    keywords: ["kind: secret", 'kind: "secret"', "kind: 'secret'"],
    // Every entry of a data block followed, after the whole block and within the same document, by
    // `kind: Secret` (a lookahead: the next entries stay to be matched).
    pattern: `${ENTRY}(?<=(?<![\\w-])${DATA_ABOVE})${VALUE}(?=[^\\n]*\\n(?:[ \\t][^\\n]*\\n){0,100}(?![ \\t])${LINES}${SECRET_KIND}(?:\\r?\\n|$))`,
    entropy: 2.5,
    confidence: "medium",
  }),
  raw({
    id: "kubeconfig-client-key",
    examples: {
      secret: ["users:\n- name: admin\n  user:\n    client-key-data: LS0tLS1CRUdJTi{80 of [A-Za-z0-9+/]}="],
      clean: ["clusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTi{80 of [A-Za-z0-9+/]}="],
    },
    provider: "Kubernetes",
    description: "Client private key embedded in a kubeconfig (client-key-data: base64 PEM)",
    keywords: ["client-key-data"],
    // "LS0tLS1CRUdJTi" is base64 of "-----BEGIN".
    pattern: "client-key-data:[ \\t]*[\"']?(?<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,}={0,2})",
    confidence: "high",
  }),
  raw({
    id: "wireguard-private-key",
    examples: {
      secret: ["[Interface]\nPrivateKey = {42 of [A-Za-z0-9+/]}A=\nAddress = 10.0.0.2/32"],
      clean: ["[Peer]\nPublicKey = {42 of [A-Za-z0-9+/]}A="],
    },
    provider: "WireGuard",
    description: "WireGuard interface private key (PrivateKey = 32 bytes base64)",
    keywords: ["privatekey"],
    pattern: `${ci("PrivateKey")}[ \\t]*=[ \\t]*(?<secret>[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)(?![A-Za-z0-9+/=])`,
    entropy: 4,
    confidence: "high",
  }),
  raw({
    id: "openvpn-static-key",
    examples: {
      secret: [
        "-----BEGIN OpenVPN Static key V1-----\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n{32 of [0-9a-f]}\n-----END OpenVPN Static key V1-----",
      ],
      clean: ["-----BEGIN OpenVPN Static key V1-----\n-----END OpenVPN Static key V1-----"],
    },
    provider: "OpenVPN",
    description: "OpenVPN static key (tls-auth / tls-crypt)",
    keywords: ["begin openvpn static key"],
    pattern:
      "(?<secret>-----BEGIN OpenVPN Static key V1-----(?:\\s*[0-9a-f]{32}){16}\\s*-----END OpenVPN Static key V1-----)",
    confidence: "high",
  }),
  raw({
    id: "htpasswd-hash",
    examples: {
      secret: [
        "admin:{$}apr1{$}{8 of [./0-9A-Za-z]}{$}{22 of [./0-9A-Za-z]}",
        "deploy:{$}2y{$}10{$}{53 of [./A-Za-z0-9]}",
      ],
      clean: ["admin:*", "# htpasswd -B .htpasswd admin"],
    },
    provider: "htpasswd",
    description: "Password hash in an htpasswd file (apr1-MD5, SHA1 or bcrypt): crackable offline",
    keywords: ["$apr1$", "{sha}", "$2y$", "$2a$", "$2b$"],
    pattern:
      "^[\\w.@-]{1,64}:(?<secret>\\$apr1\\$[./0-9A-Za-z]{1,8}\\$[./0-9A-Za-z]{22}|\\{SHA\\}[A-Za-z0-9+/]{27}=|\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53})$",
    flags: "m",
    confidence: "medium",
  }),
  raw({
    id: "jdbc-url-password",
    examples: {
      secret: ["jdbc:sqlserver://db.internal:1433;databaseName=app;user=sa;password={16 of [A-Za-z0-9]}"],
      clean: ["jdbc:postgresql://db.internal:5432/app?ssl=true"],
    },
    provider: "JDBC",
    description: "Password parameter in a JDBC URL (jdbc:…;password=… or ?password=…)",
    keywords: ["jdbc:"],
    pattern: "jdbc:[a-z0-9]+:[^\\s\"'<>]{0,300}?[;?&][Pp]assword=(?<secret>[^;&\\s\"'<>]{4,128})",
    entropy: 2.3,
    confidence: "high",
  }),
  raw({
    id: "laravel-app-key",
    examples: {
      secret: ["APP_KEY=base64:{43 of [A-Za-z0-9+/]}="],
      clean: ["APP_KEY="],
    },
    provider: "Laravel",
    description: "Laravel application encryption key (APP_KEY=base64:…)",
    keywords: ["app_key"],
    pattern: "APP_KEY[ \\t]*=[ \\t]*[\"']?base64:(?<secret>[A-Za-z0-9+/]{43}=)",
    confidence: "high",
  }),
  raw({
    id: "django-secret-key",
    examples: {
      secret: ["SECRET_KEY = 'django-insecure-{50 of [a-z0-9!@#%^&*(_=+)-]}'"],
      clean: ["SECRET_KEY = os.environ['DJANGO_SECRET_KEY']"],
    },
    provider: "Django",
    description: "Django SECRET_KEY (including django-insecure- generated keys)",
    keywords: ["secret_key"],
    pattern: "SECRET_KEY[ \\t]*=[ \\t]*[\"'](?<secret>(?:django-insecure-)?[^\"'\\s]{40,80})[\"']",
    entropy: 4,
    confidence: "medium",
  }),
];
