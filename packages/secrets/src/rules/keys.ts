import type { SecretRule } from "../rule.js";
import { raw, token } from "./build.js";

// The body of an armored key: base64, line breaks (real or JSON-escaped "\n"), and the
// "Proc-Type:"/"DEK-Info:" headers of legacy encrypted PEM. It may not contain "-----", so a
// scan that starts at one BEGIN line stops at the next armor line: linear time on any input.
// Quotes too: a key assembled in code ("-----BEGIN…\\n" +\n "MIIE…\\n" + …).
const ARMOR_BODY = "(?:[A-Za-z0-9+/=\\s\\\\:,._()\"'`]|-(?!----)){40,65536}?";

const b64 = (text: string): string => Buffer.from(text).toString("base64");
/** The base64 of a text's whole 3-byte groups: a prefix that more base64 may follow. */
const b64Head = (text: string): string => b64(text).slice(0, Math.floor(text.length / 3) * 4);
const b64url = (text: string): string => Buffer.from(text).toString("base64url");
/**
 * "PRIVATE KEY-----" inside base64 text, at each of the three byte alignments base64 can put it
 * in: only whole 4-character groups whose bytes are all known (the space before "PRIVATE" is
 * always there; the letter before that space is not).
 */
const PRIVATE_KEY_B64 = [
  b64("PRIVATE KEY-----").slice(0, 20),
  b64(" PRIVATE KEY-----").slice(0, 20),
  b64("N PRIVATE KEY-----").slice(4, 24),
];

/** Private keys: PEM (every kind), OpenSSH, PuTTY, PGP, age, and raw crypto-wallet keys. */
export const keyRules: SecretRule[] = [
  raw({
    id: "private-key-pem",
    examples: {
      secret: ["{@pem:rsa}", "{@pem:pkcs8}", "{@pem:ec-sec1}"],
      clean: [
        "-----BEGIN PRIVATE KEY-----\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n-----END PRIVATE KEY-----",
        "-----BEGIN PUBLIC KEY-----\n{64 of [A-Za-z0-9+/]}\n-----END PUBLIC KEY-----",
      ],
    },
    provider: "Private key",
    description: "PEM private key (PKCS#1 RSA, DSA, EC/SEC1, PKCS#8, encrypted PKCS#8)",
    keywords: ["private key-----"],
    pattern: `(?<secret>-----BEGIN (?<kind>RSA |DSA |EC |ENCRYPTED |ANY |)PRIVATE KEY-----${ARMOR_BODY}-----END \\k<kind>PRIVATE KEY-----)`,
    validator: "pem-private-key",
    confidence: "high",
    contexts: ["code", "minified", "lockfile"],
  }),
  raw({
    id: "private-key-openssh",
    examples: {
      secret: ["{@openssh}"],
      clean: [
        "-----BEGIN OPENSSH PRIVATE KEY-----\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n-----END OPENSSH PRIVATE KEY-----",
      ],
    },
    provider: "OpenSSH",
    description: "OpenSSH private key (openssh-key-v1 container)",
    keywords: ["begin openssh private key"],
    pattern: `(?<secret>-----BEGIN OPENSSH PRIVATE KEY-----${ARMOR_BODY}-----END OPENSSH PRIVATE KEY-----)`,
    validator: "openssh-private-key",
    confidence: "high",
    contexts: ["code", "minified", "lockfile"],
  }),
  raw({
    id: "private-key-ssh2",
    examples: {
      secret: [
        "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n{64 of [A-Za-z0-9+/]}\n{64 of [A-Za-z0-9+/]}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----",
      ],
      clean: ["---- BEGIN SSH2 PUBLIC KEY ----\n{64 of [A-Za-z0-9+/]}\n---- END SSH2 PUBLIC KEY ----"],
    },
    provider: "SSH.com",
    description: "SSH2 (SSH.com / Tectia) encrypted private key",
    keywords: ["begin ssh2 encrypted private key"],
    pattern: `(?<secret>---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----${ARMOR_BODY}---- END SSH2 ENCRYPTED PRIVATE KEY ----)`,
    confidence: "high",
  }),
  raw({
    id: "private-key-putty",
    examples: {
      secret: ["{@putty}"],
      clean: ["PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy"],
    },
    provider: "PuTTY",
    description: "PuTTY private key file (.ppk v2/v3)",
    keywords: ["putty-user-key-file-"],
    pattern:
      "(?<secret>PuTTY-User-Key-File-[23]: [^\\r\\n]{1,100}(?:\\r?\\n[^\\r\\n]{1,200}){3,200}?\\r?\\nPrivate-MAC: [0-9a-f]{40,64})",
    validator: "putty-private-key",
    confidence: "high",
  }),
  raw({
    id: "private-key-pgp",
    examples: {
      secret: [
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{64 of [A-Za-z0-9+/]}\n{64 of [A-Za-z0-9+/]}\n={4 of [A-Za-z0-9+/]}\n-----END PGP PRIVATE KEY BLOCK-----",
      ],
      clean: [
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n{64 of [A-Za-z0-9+/]}\n{64 of [A-Za-z0-9+/]}\n-----END PGP PUBLIC KEY BLOCK-----",
      ],
    },
    provider: "PGP",
    description: "PGP/GPG private key block",
    keywords: ["begin pgp private key block"],
    pattern: `(?<secret>-----BEGIN PGP PRIVATE KEY BLOCK-----${ARMOR_BODY}-----END PGP PRIVATE KEY BLOCK-----)`,
    confidence: "high",
  }),
  token({
    id: "age-secret-key",
    provider: "age",
    description: "age encryption secret key (AGE-SECRET-KEY-1 + 58 bech32 characters)",
    keywords: ["age-secret-key-1"],
    token: "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
    validator: "age-bech32",
    confidence: "high",
  }),
  raw({
    id: "secp256k1-private-key",
    examples: {
      secret: ['PRIVATE_KEY="0x{64 of [0-9a-f]}"', "wallet.signer_key = 0x{64 of [0-9a-f]}"],
      clean: ['txHash = "0x{64 of [0-9a-f]}"'],
    },
    provider: "Ethereum",
    description: "Raw secp256k1 private key (0x + 64 hex) named as a private key or wallet key",
    keywords: ["private", "priv", "wallet", "mnemonic", "secret", "signer"],
    requires: ["0x"],
    pattern:
      "(?<![A-Za-z0-9_])0x(?<secret>(?=[0-9a-fA-F]{0,63}[a-fA-F])(?=[0-9a-fA-F]{0,63}[0-9])[0-9a-fA-F]{64})(?![0-9a-fA-Z])",
    entropy: 3.2,
    confidence: "medium",
  }),
  raw({
    id: "private-key-ssh-dss-legacy",
    examples: {
      secret: [
        "-----BEGIN X9.42 DH PRIVATE KEY-----\n{64 of [A-Za-z0-9+/]}\n{64 of [A-Za-z0-9+/]}\n-----END X9.42 DH PRIVATE KEY-----",
      ],
      clean: ["-----BEGIN X9.42 DH PARAMETERS-----\n{64 of [A-Za-z0-9+/]}\n-----END X9.42 DH PARAMETERS-----"],
    },
    provider: "Private key",
    description: "Legacy SSLeay/OpenSSL private key block with a key-type word (e.g. 'BEGIN X9.42 DH PRIVATE KEY')",
    keywords: ["private key-----"],
    pattern: `(?<secret>-----BEGIN (?<kind>[A-Z0-9. ]{2,20} )PRIVATE KEY-----${ARMOR_BODY}-----END \\k<kind>PRIVATE KEY-----)`,
    confidence: "medium",
  }),
  raw({
    id: "private-key-pem-truncated",
    examples: {
      secret: [
        "-----BEGIN RSA PRIVATE KEY-----\nMIIE{60 of [A-Za-z0-9+/]}\n{64 of [A-Za-z0-9+/]}\n{64 of [A-Za-z0-9+/]}\n",
      ],
      clean: ["-----BEGIN RSA PRIVATE KEY-----\n...\n", "Look for -----BEGIN RSA PRIVATE KEY----- in the file."],
    },
    provider: "Private key",
    description: "The start of a PEM or OpenSSH private key whose END line is cut off (a pasted or truncated key)",
    keywords: ["private key-----"],
    pattern:
      "(?<secret>-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |)PRIVATE KEY-----(?:\\r?\\n|\\\\r?\\\\n)(?:(?:Proc-Type|DEK-Info):[^\\n]{1,100}\\n)*\\s*(?:[A-Za-z0-9+/]{60,76}(?:\\r?\\n|\\\\r?\\\\n)){3})",
    confidence: "medium",
    // A whole key is reported by its own rule; this one speaks only where that one found nothing.
    generic: true,
  }),
  raw({
    id: "pkcs12-base64",
    examples: {
      // The opening of `openssl pkcs12 -export` output: SEQUENCE, version 3, pkcs7-data.
      secret: ["keystore: MIIGfwIBAzCCBjUGCSqGSIb3DQEHAaCCBiYEggYi{600 of [A-Za-z0-9+/]}"],
      clean: ["cert: MIIB{60 of [A-Za-z0-9+/]}"],
    },
    provider: "Private key",
    description: "Base64-encoded PKCS#12 / PFX container (MII…IBAzCC…: version 3, pkcs7-data): holds a private key",
    keywords: ["ibazcc", "miacaqmwgayjkozihvcnaqcb"],
    pattern:
      "(?<![A-Za-z0-9+/])(?<secret>(?:MII[A-Za-z0-9+/]{3}IBAzCC[A-Za-z0-9+/]{3}GCSqGSIb3DQEHA|MIACAQMwgAYJKoZIhvcNAQcB)[A-Za-z0-9+/]{200,65536}={0,2})",
    confidence: "medium",
  }),
  raw({
    id: "jwk-private-key",
    examples: {
      secret: [
        '{{"kty":"EC","crv":"P-256","x":"{43 of [A-Za-z0-9_-]}","y":"{43 of [A-Za-z0-9_-]}","d":"{43 of [A-Za-z0-9_-]}"}}',
        '{{\n  "d": "{43 of [A-Za-z0-9_-]}",\n  "crv": "Ed25519",\n  "kty": "OKP",\n  "x": "{43 of [A-Za-z0-9_-]}"\n}}',
        '{{"kty":"oct","k":"{43 of [A-Za-z0-9_-]}","alg":"HS256"}}',
      ],
      clean: [
        '{{"kty":"EC","crv":"P-256","x":"{43 of [A-Za-z0-9_-]}","y":"{43 of [A-Za-z0-9_-]}"}}',
        '{{"d": "{43 of [A-Za-z0-9_-]}", "type": "note"}}',
      ],
    },
    provider: "JSON Web Key",
    description: 'Private or symmetric JSON Web Key (a JWK object with "kty" and its private "d" or secret "k")',
    keywords: ['"d"', '"k"'],
    requires: ['"kty"'],
    // The key type may come before or after the value, within the same object (no brace between).
    pattern:
      '"[dk]"[ \\t]*:[ \\t]*"(?<secret>[A-Za-z0-9_-]{16,4096})"(?:(?<="kty"[^{}]{0,4000})|(?=[^{}]{0,4000}"kty"))',
    entropy: 3.5,
    confidence: "high",
  }),
  token({
    id: "jwe-compact",
    provider: "JWT",
    description: "JSON Web Encryption token in compact form (five base64url parts: header.key.iv.ciphertext.tag)",
    keywords: ["eyj"],
    token:
      "eyJ[A-Za-z0-9_-]{15,1000}\\.[A-Za-z0-9_-]{0,2000}\\.[A-Za-z0-9_-]{16,64}\\.[A-Za-z0-9_-]{16,100000}\\.[A-Za-z0-9_-]{16,64}",
    edge: "A-Za-z0-9_.-",
    confidence: "low",
    derive: false,
    examples: {
      secret: [
        `${b64url('{"alg":"RSA-OAEP","enc":"A256GCM"}')}.{342 of [A-Za-z0-9_-]}.{16 of [A-Za-z0-9_-]}.{120 of [A-Za-z0-9_-]}.{22 of [A-Za-z0-9_-]}`,
      ],
      clean: ["eyJhbGciOiJIUzI1NiJ9.e30.sig"],
    },
  }),
];

/**
 * Keys inside another encoding. Listed after the rules of the files that hold them (a kubeconfig's
 * client-key-data is reported as such), which win a tie on the same text.
 */
export const encodedKeyRules: SecretRule[] = [
  raw({
    id: "private-key-pem-base64",
    examples: {
      secret: [
        `tls.key: ${b64Head("-----BEGIN RSA PRIVATE KEY-----\n")}{600 of [A-Za-z0-9+/]}`,
        `PRIVATE_KEY_B64="${b64Head("-----BEGIN PRIVATE KEY-----\n")}{600 of [A-Za-z0-9+/]}"`,
        `key: ${b64Head("-----BEGIN OPENSSH PRIVATE KEY-----\n")}{600 of [A-Za-z0-9+/]}`,
      ],
      clean: [`tls.crt: ${b64Head("-----BEGIN CERTIFICATE-----\n")}{600 of [A-Za-z0-9+/]}`],
    },
    provider: "Private key",
    description: "Base64-encoded PEM private key (LS0tLS1CRUdJTi…: a Kubernetes tls.key, an environment variable)",
    keywords: ["ls0tls1crudjti"],
    // base64 of "-----BEGIN", then "PRIVATE KEY-----" at each of base64's three alignments.
    pattern: `(?<![A-Za-z0-9+/])(?<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{0,24}?(?:${PRIVATE_KEY_B64.join("|")})[A-Za-z0-9+/]{60,65536}={0,2})`,
    confidence: "high",
    contexts: ["code", "minified", "lockfile"],
  }),
];
// Both start where a keyword does ('"d"' / '"k"', base64 of "-----BEGIN"): try them only there.
for (const rule of [...keyRules, ...encodedKeyRules])
  if (rule.id === "jwk-private-key" || rule.id === "private-key-pem-base64") rule.anchored = true;
