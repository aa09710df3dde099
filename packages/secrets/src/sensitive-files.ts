import { baseName } from "./classify.js";
import { isFiller, isPlaceholder, looksLikeIdentifier, shannonEntropy } from "./entropy.js";

/**
 * Files that hold credentials by their nature, flagged by name whatever the rules find in them
 * (a keystore is binary, a `.env` may hold values no pattern knows). Some names are only a
 * problem with certain content: a `.pem` may be a public certificate, an `.npmrc` may hold only
 * a registry URL.
 */
export interface SensitiveFileHit {
  ruleId: string;
  description: string;
}

interface SensitiveFileRule extends SensitiveFileHit {
  name: (file: string, base: string) => boolean;
  /** When present, the file is only flagged if its text passes this test. */
  content?: RegExp | ((text: string) => boolean);
}

// A variable whose name says it holds a credential.
const SECRET_NAME = /(?:pass(?:word|wd)?|pwd|secret|token|api_?key|private_?key|access_?key|auth|credential|dsn|salt)/i;

/**
 * An env file holds credentials when one of its `KEY=value` lines binds a literal value that
 * is no reference or placeholder, and either a credential's name labels it or it looks random
 * (long, high entropy). `DEBUG=1`, `PORT=3000`, `API_URL=https://…`, `TOKEN=${TOKEN}` and
 * `PASSWORD=changeme` alone do not make a `.env` sensitive.
 */
export function dotenvHasSecret(text: string): boolean {
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const name = m[1] as string;
    let value = (m[2] as string).trim();
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] as string;
    else value = value.replace(/\s+#.*$/, "");
    if (value.length < 6 || /^\$|^%\w+%$|^<.*>$/.test(value) || isPlaceholder(value) || isFiller(value)) continue;
    // Words joined by `_` or `-` into an identifier ("test_api_key_123", "local-dev-secret") are
    // what test fixtures and templates put there; a person's password ("hunter2hunter") stays.
    if (/[_-]/.test(value) && looksLikeIdentifier(value)) continue;
    // A URL is a credential only with a password in it (url rules report those anyway).
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/:\/\/[^/\s:@]+:[^@\s]+@/.test(value)) continue;
    if (/^(?:true|false|yes|no|on|off|\d+(?:\.\d+)*|[a-z]+(?:[-_.][a-z]+)*)$/i.test(value)) continue;
    if (SECRET_NAME.test(name) && shannonEntropy(value) >= 2.5) return true;
    if (value.length >= 16 && shannonEntropy(value) >= 3.5 && !/^[./~]/.test(value)) return true;
  }
  return false;
}

const PRIVATE_KEY = /-----BEGIN[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|PuTTY-User-Key-File-/;
const ENV_TEMPLATE = /\.(?:example|sample|template|dist|defaults)$/i;

const RULES: SensitiveFileRule[] = [
  {
    ruleId: "sensitive-file-ssh-private-key",
    description: "SSH private key file",
    name: (_, b) => /^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/.test(b),
  },
  {
    ruleId: "sensitive-file-private-key",
    description: "private key file",
    name: (_, b) => /\.(?:pem|key|ppk)$/i.test(b),
    content: PRIVATE_KEY,
  },
  {
    ruleId: "sensitive-file-keystore",
    description: "key store (PKCS#12/Java) file",
    name: (_, b) => /\.(?:p12|pfx|jks|keystore|bks)$/i.test(b),
  },
  {
    ruleId: "sensitive-file-dotenv",
    description: "environment file (.env) with credential values",
    name: (_, b) => (b === ".env" || b.startsWith(".env.")) && !ENV_TEMPLATE.test(b),
    content: dotenvHasSecret,
  },
  {
    ruleId: "sensitive-file-cloud-credentials",
    description: "cloud CLI credentials file",
    name: (f, b) =>
      f === ".aws/credentials" || f.endsWith("/.aws/credentials") || b === "application_default_credentials.json",
  },
  {
    ruleId: "sensitive-file-cloud-credentials",
    description: "cloud credentials file",
    name: (_, b) => b === "credentials.json" || b === "service-account.json" || /^client_secret.*\.json$/.test(b),
    content: /"(?:private_key|client_secret|refresh_token|aws_secret_access_key|secret_access_key)"\s*:\s*"[^"]/,
  },
  {
    ruleId: "sensitive-file-npmrc-token",
    description: ".npmrc with an auth token",
    name: (_, b) => b === ".npmrc",
    content: /(?:_authToken|_auth|_password)\s*=\s*(?!\$\{)[^\s#;]{4,}/,
  },
  {
    ruleId: "sensitive-file-kubeconfig",
    description: "kubeconfig with embedded credentials",
    name: (f, b) =>
      b === "kubeconfig" ||
      b.endsWith(".kubeconfig") ||
      f === ".kube/config" ||
      f.endsWith("/.kube/config") ||
      /^kubeconfig.*\.ya?ml$/.test(b),
    content: /^\s*(?:client-key-data|token|password)\s*:\s*\S{8,}/m,
  },
  {
    ruleId: "sensitive-file-pypirc",
    description: ".pypirc with a password",
    name: (_, b) => b === ".pypirc",
    content: /^\s*password\s*[:=]\s*\S/m,
  },
  {
    ruleId: "sensitive-file-git-credentials",
    description: "git credential store",
    name: (_, b) => b === ".git-credentials",
    content: /\S/,
  },
  {
    ruleId: "sensitive-file-netrc",
    description: ".netrc with a password",
    name: (_, b) => b === ".netrc" || b === "_netrc",
    content: /\bpassword\s+\S/,
  },
];

/** Hits for one file. `text` is undefined when the content is binary or unavailable. */
export function checkSensitiveFile(file: string, text: string | undefined): SensitiveFileHit[] {
  const base = baseName(file);
  const hits: SensitiveFileHit[] = [];
  for (const rule of RULES) {
    if (!rule.name(file, base)) continue;
    if (rule.content !== undefined) {
      if (text === undefined) continue;
      if (typeof rule.content === "function" ? !rule.content(text) : !rule.content.test(text)) continue;
    }
    hits.push({ ruleId: rule.ruleId, description: rule.description });
  }
  return hits;
}

/** Fast path: can this name be sensitive at all? Lets scanners skip decoding most files. */
export function mayBeSensitive(file: string): boolean {
  const base = baseName(file);
  return RULES.some((r) => r.name(file, base));
}
