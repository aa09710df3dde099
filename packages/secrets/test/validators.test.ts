import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  bech32Checksum,
  checksumToken,
  grafanaCloudToken,
  jwtBase64,
  jwtStructure,
  pemPrivateKey,
  pypiToken,
  validators,
} from "../src/validators.js";
import { ALNUM, ageSecretKey, B64, checksummed, jwt, pypiToken as makePypi, rnd } from "./support/secrets.js";

describe("checksumToken (GitHub and npm CRC32)", () => {
  it("accepts tokens whose last 6 characters are the base62 CRC32 of the random part", () => {
    for (const prefix of ["ghp", "gho", "ghu", "ghs", "ghr", "npm"]) {
      expect(checksumToken(checksummed(prefix, true)), prefix).toBe(true);
    }
  });

  it("rejects a wrong checksum, a wrong length and non-base62 characters", () => {
    expect(checksumToken(checksummed("ghp", false))).toBe(false);
    expect(checksumToken(`ghp_${rnd(ALNUM, 35)}`)).toBe(false);
    expect(checksumToken(`ghp_${rnd(ALNUM, 30)}-${rnd(ALNUM, 5)}`)).toBe(false);
  });
});

describe("jwtStructure", () => {
  it("accepts a JWT with a JSON header naming alg and a JSON payload", () => {
    expect(jwtStructure(jwt())).toBe(true);
  });

  it("accepts an unsecured JWT only with an empty signature", () => {
    const b = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    expect(jwtStructure(`${b({ alg: "none" })}.${b({ a: 1 })}.`)).toBe(true);
    expect(jwtStructure(`${b({ alg: "none" })}.${b({ a: 1 })}.${rnd(ALNUM, 20)}`)).toBe(false);
  });

  it("rejects random segments, missing alg, non-JSON payloads and wrong part counts", () => {
    const b = (o: object | string) => Buffer.from(typeof o === "string" ? o : JSON.stringify(o)).toString("base64url");
    expect(jwtStructure(`ey${rnd(ALNUM, 20)}.ey${rnd(ALNUM, 20)}.${rnd(ALNUM, 20)}`)).toBe(false);
    expect(jwtStructure(`${b({ typ: "JWT" })}.${b({ a: 1 })}.${rnd(ALNUM, 43)}`)).toBe(false);
    expect(jwtStructure(`${b({ alg: "HS256" })}.${b("not json")}.${rnd(ALNUM, 43)}`)).toBe(false);
    expect(jwtStructure(`${b({ alg: "HS256" })}.${b({ a: 1 })}`)).toBe(false);
  });

  it("decodes a base64-wrapped JWT", () => {
    expect(jwtBase64(Buffer.from(jwt()).toString("base64"))).toBe(true);
    expect(jwtBase64(Buffer.from(`ey${rnd(ALNUM, 40)}`).toString("base64"))).toBe(false);
  });
});

describe("pemPrivateKey", () => {
  it("parses real keys, including encrypted ones without their passphrase", () => {
    const { privateKey } = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const { privateKey: encrypted } = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-128-cbc", passphrase: "p" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    expect(pemPrivateKey(privateKey)).toBe(true);
    expect(pemPrivateKey(encrypted)).toBe(true);
    expect(pemPrivateKey(JSON.stringify(privateKey).slice(1, -1))).toBe(true);
  });

  it("parses an encrypted key whose probe passphrase happens to decrypt to valid padding", () => {
    // About one key in 256: the first wrong passphrase fails after decryption, not at it.
    const probeFailsLate = (pem: string) => {
      try {
        createPrivateKey({ key: pem, format: "pem", passphrase: "rampart-probe" });
        return false;
      } catch (error) {
        return !/BAD_DECRYPT/.test(String((error as { code?: string }).code));
      }
    };
    let found: string | undefined;
    for (let i = 0; i < 20_000 && found === undefined; i++) {
      const { privateKey } = generateKeyPairSync("ec", {
        namedCurve: "P-256",
        privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-128-cbc", passphrase: "p" },
        publicKeyEncoding: { type: "spki", format: "pem" },
      });
      if (probeFailsLate(privateKey)) found = privateKey;
    }
    expect(found).toBeDefined();
    expect(pemPrivateKey(found as string)).toBe(true);
  });

  it("rejects base64 noise in PEM armor", () => {
    const fake = `-----BEGIN PRIVATE KEY-----\n${rnd(B64, 64)}\n-----END PRIVATE KEY-----\n`;
    expect(pemPrivateKey(fake)).toBe(false);
  });
});

describe("other validators", () => {
  it("bech32 checksum of age secret keys", () => {
    const key = ageSecretKey();
    expect(bech32Checksum(key)).toBe(true);
    const flipped = key.slice(0, -1) + (key.endsWith("Q") ? "P" : "Q");
    expect(bech32Checksum(flipped)).toBe(false);
  });

  it("PyPI macaroons name pypi.org", () => {
    expect(pypiToken(makePypi())).toBe(true);
    expect(pypiToken(`pypi-${Buffer.from(rnd(ALNUM, 80)).toString("base64url")}`)).toBe(false);
  });

  it("Grafana Cloud tokens wrap a JSON object with org and key", () => {
    const body = Buffer.from(JSON.stringify({ o: "123", n: "ci", k: rnd(ALNUM, 32) })).toString("base64");
    expect(grafanaCloudToken(`glc_${body}`)).toBe(true);
    expect(grafanaCloudToken(`glc_${rnd(ALNUM, 40)}`)).toBe(false);
  });

  it("every validator a rule names exists", async () => {
    const { rules } = await import("../src/rules/index.js");
    for (const rule of rules) if (rule.validator) expect(validators[rule.validator], rule.id).toBeTypeOf("function");
  });
});
