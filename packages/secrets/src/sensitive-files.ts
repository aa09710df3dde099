import { baseName } from "./classify.js";

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
  content?: RegExp;
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
    description: "environment file (.env)",
    name: (_, b) => (b === ".env" || b.startsWith(".env.")) && !ENV_TEMPLATE.test(b),
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
    if (rule.content !== undefined && (text === undefined || !rule.content.test(text))) continue;
    hits.push({ ruleId: rule.ruleId, description: rule.description });
  }
  return hits;
}

/** Fast path: can this name be sensitive at all? Lets scanners skip decoding most files. */
export function mayBeSensitive(file: string): boolean {
  const base = baseName(file);
  return RULES.some((r) => r.name(file, base));
}
