import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import type { SecretRule } from "../src/rule.js";
import { ALNUM, B64, checksummed, HEX, rnd } from "./support/secrets.js";

describe("matchText: positions", () => {
  it("reports 1-based line and column of each secret, in text order", () => {
    const a = checksummed("ghp");
    const b = `dop_v1_${rnd(HEX, 64)}`;
    const text = `first line\n\n    token: ${a}\nx = 1\r\nother = "${b}"\n`;
    const found = matchText(text);
    expect(found.map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ["github-pat", 3, 12],
      ["digitalocean-pat", 5, 10],
    ]);
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.secret);
  });

  it("finds every occurrence, not only the first", () => {
    const text = Array.from({ length: 3 }, () => `x: ${checksummed("ghp")}`).join("\n");
    expect(matchText(text).map((m) => m.line)).toEqual([1, 2, 3]);
  });

  it("returns nothing for empty and secret-free text", () => {
    expect(matchText("")).toEqual([]);
    expect(matchText("const a = 1;\n".repeat(100))).toEqual([]);
  });
});

describe("matchText: confidence and validation", () => {
  it("raises a GitHub token with a valid checksum to high, lowers one without", () => {
    const [good] = matchText(checksummed("ghp", true));
    const [bad] = matchText(checksummed("ghp", false));
    expect(good).toMatchObject({ ruleId: "github-pat", validated: true, confidence: "high" });
    expect(bad).toMatchObject({ ruleId: "github-pat", validated: false, confidence: "low" });
  });

  it("reports rules without a validator with their base confidence and no validated field", () => {
    const [m] = matchText(`sk_live_${rnd(ALNUM, 24)}`);
    expect(m?.confidence).toBe("high");
    expect(m && "validated" in m).toBe(false);
  });
});

describe("matchText: overlaps", () => {
  it("lets a provider rule win over the generic rule on the same value", () => {
    const found = matchText(`GITHUB_TOKEN="${checksummed("ghp")}"`);
    expect(found.map((m) => m.ruleId)).toEqual(["github-pat"]);
  });

  it("reports a generic assignment when no provider rule knows the value", () => {
    const found = matchText(`client_secret = "${rnd(ALNUM, 32)}"`);
    expect(found.map((m) => [m.ruleId, m.provider, m.confidence])).toEqual([
      ["generic-secret-assignment", "generic", "low"],
    ]);
  });
});

describe("matchText: contexts", () => {
  const url = `https://ci:${rnd(ALNUM, 16)}@registry.internal/pkg.tgz`;
  const assignment = `password = "${rnd(ALNUM, 20)}"`;
  const token = `sk_live_${rnd(ALNUM, 24)}`;

  it("scans lockfiles only for credentials that belong there (URLs with passwords)", () => {
    const ids = matchText(`${url}\n${assignment}\n`, { context: "lockfile" }).map((m) => m.ruleId);
    expect(ids).toEqual(["url-basic-auth"]);
  });

  it("scans minified code for self-identifying tokens, not generic assignments", () => {
    const ids = matchText(`var a={${assignment}};var b="${token}"`, { context: "minified" }).map((m) => m.ruleId);
    expect(ids).toEqual(["stripe-secret-key"]);
  });

  it("scans ordinary code with every rule", () => {
    const ids = matchText(`${url}\n${assignment}\n${token}\n`).map((m) => m.ruleId);
    expect(ids).toEqual(["url-basic-auth", "generic-secret-assignment", "stripe-secret-key"]);
  });
});

describe("matchText: custom rules", () => {
  it("runs only the rules it is given, with their keywords, allowlist and entropy gate", () => {
    const rule: SecretRule = {
      id: "acme-key",
      provider: "Acme",
      description: "Acme key",
      keywords: ["acme_"],
      pattern: "acme_(?<secret>[a-z0-9]{12})",
      entropy: 2.5,
      allowlist: ["^0{12}$"],
      framework: ["SRC-2"],
      confidence: "medium",
    };
    const text = `ACME_k3j4h5g6f7d8 acme_k3j4h5g6f7d8 acme_000000000000 acme_aaaaaabbbbbb ${checksummed("ghp")}`;
    const found = matchText(text, { rules: [rule] });
    expect(found.map((m) => m.secret)).toEqual(["k3j4h5g6f7d8"]);
  });
});

describe("matchText: placeholders are not findings", () => {
  const placeholders = [
    "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder is the input
    'api_key = "${API_KEY}"',
    "password: {{ db_password }}",
    "token = <token>",
    'client_secret: "your_api_key"',
    "password=changeme",
    'secret_key = "example-secret-key-value"',
    `stripe = "sk_live_${"A".repeat(24)}"`,
    `token = "${"ab".repeat(10)}"`,
    'api_token = "abcdefghijklmnopqrstuvwxyz"',
    "postgres://user:password@localhost/db",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder is the input
    "https://${USER}:${PASS}@example.com",
    "mongodb://admin:<password>@cluster0.example.net",
    'Authorization: "Bearer YOUR_TOKEN_HERE"',
  ];
  it.each(placeholders)("%s", (text) => {
    expect(matchText(text)).toEqual([]);
  });
});

describe("matchText: multi-line private keys", () => {
  const pem = (type: "rsa" | "ec" | "ed25519", encoding: object): string =>
    // biome-ignore lint/suspicious/noExplicitAny: generateKeyPairSync overloads are per key type
    (generateKeyPairSync as any)(type, {
      modulusLength: 2048,
      namedCurve: "P-256",
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { format: "pem", ...encoding },
    }).privateKey;

  const keys: Array<[string, () => string]> = [
    ["RSA PKCS#1", () => pem("rsa", { type: "pkcs1" })],
    ["RSA PKCS#8", () => pem("rsa", { type: "pkcs8" })],
    ["EC SEC1", () => pem("ec", { type: "sec1" })],
    ["Ed25519 PKCS#8", () => pem("ed25519", { type: "pkcs8" })],
    ["encrypted PKCS#8", () => pem("ec", { type: "pkcs8", cipher: "aes-256-cbc", passphrase: "pw" })],
  ];

  it.each(keys)("finds a real %s key whole and validates it", (_name, make) => {
    const key = make();
    const text = `config:\n${key}\nend\n`;
    const found = matchText(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: "private-key-pem", validated: true, confidence: "high", line: 2 });
    expect(found[0]?.secret).toBe(key.trim());
  });

  it("finds a key JSON-escaped in a service-account file", () => {
    const key = pem("rsa", { type: "pkcs8" }).trim();
    const json = JSON.stringify({ type: "service_account", private_key: `${key}\n` }, null, 2);
    const [m] = matchText(json);
    expect(m).toMatchObject({ ruleId: "private-key-pem", validated: true });
  });

  it("still reports a PEM block that does not parse, with lower confidence", () => {
    const fake = `-----BEGIN RSA PRIVATE KEY-----\n${rnd(B64, 64)}\n${rnd(B64, 64)}\n-----END RSA PRIVATE KEY-----`;
    const [m] = matchText(fake);
    expect(m).toMatchObject({ ruleId: "private-key-pem", validated: false, confidence: "medium" });
  });

  it("does not report a public key or a certificate", () => {
    const { publicKey } = generateKeyPairSync("ed25519", { publicKeyEncoding: { type: "spki", format: "pem" } });
    expect(matchText(publicKey as unknown as string)).toEqual([]);
  });

  it("finds a PuTTY key file", () => {
    const ppk = [
      "PuTTY-User-Key-File-3: ssh-ed25519",
      "Encryption: none",
      "Comment: test",
      "Public-Lines: 2",
      rnd(B64, 64),
      rnd(B64, 4),
      "Private-Lines: 1",
      rnd(B64, 44),
      `Private-MAC: ${rnd(HEX, 64)}`,
    ].join("\n");
    const [m] = matchText(`${ppk}\n`);
    expect(m).toMatchObject({ ruleId: "private-key-putty", validated: true, line: 1 });
    expect(m?.secret).toBe(ppk);
  });
});

describe("matchText: services that share Stripe's sk_live_/sk_test_ prefixes", () => {
  const label = (text: string) => matchText(text).map((m) => [m.ruleId, m.provider]);
  const workosBody = () => Buffer.from(`key_01${rnd("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 24)}`).toString("base64url");

  it("names a WorkOS key (the base64 of its key id) WorkOS, with or without its name beside it", () => {
    for (const mode of ["live", "test"]) {
      const key = `sk_${mode}_${workosBody().replace(/[^A-Za-z0-9]/g, "")}`;
      expect(label(`const client = new WorkOS("${key}");`)).toEqual([["workos-secret-key", "WorkOS"]]);
      expect(label(`WORKOS_API_KEY=${key}`)).toEqual([["workos-secret-key", "WorkOS"]]);
    }
  });

  it("names a key of Clerk's length Clerk, saying Stripe shares the prefix; Stripe's own lengths stay Stripe", () => {
    for (const n of [42, 43]) {
      const found = matchText(`CLERK_SECRET_KEY=sk_test_${rnd(ALNUM, n)}`);
      expect(found.map((m) => [m.ruleId, m.provider])).toEqual([["clerk-secret-key", "Clerk"]]);
    }
    for (const n of [24, 99, 41, 44]) {
      expect(label(`key = "sk_live_${rnd(ALNUM, n)}"`)).toEqual([["stripe-secret-key", "Stripe"]]);
    }
    // Restricted keys are Stripe's alone, at any length.
    expect(label(`rk_live_${rnd(ALNUM, 43)}`)).toEqual([["stripe-secret-key", "Stripe"]]);
  });
});

describe("matchText: assignments whose quotes are escaped", () => {
  // A config line inside a JSON string, inside another, or with JavaScript's \u0022 escapes.
  const writers: Array<[string, (name: string, value: string) => string]> = [
    ["JSON", (n, v) => JSON.stringify({ [n]: v })],
    ["JSON in a JSON string", (n, v) => JSON.stringify(JSON.stringify({ [n]: v }))],
    ["JSON three strings deep", (n, v) => JSON.stringify(JSON.stringify(JSON.stringify({ [n]: v })))],
    ["\\u0022 escapes", (n, v) => `{\\u0022${n}\\u0022:\\u0022${v}\\u0022}`],
  ];
  it.each(writers)("%s", (_, write) => {
    for (const name of ["password", "api_token", "client_secret"]) {
      const value = `Zq8${rnd(ALNUM, 17)}`;
      const found = matchText(write(name, value));
      expect(
        found.map((m) => m.secret),
        write(name, value),
      ).toEqual([value]);
    }
  });
});
