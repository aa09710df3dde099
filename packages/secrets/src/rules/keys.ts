import type { SecretRule } from "../rule.js";
import { raw, token } from "./build.js";

// The body of an armored key: base64, line breaks (real or JSON-escaped "\n"), and the
// "Proc-Type:"/"DEK-Info:" headers of legacy encrypted PEM. It may not contain "-----", so a
// scan that starts at one BEGIN line stops at the next armor line: linear time on any input.
const ARMOR_BODY = "(?:[A-Za-z0-9+/=\\s\\\\:,._()]|-(?!----)){40,65536}?";

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
];
