import { describe, expect, it } from "vitest";
import { rules } from "../src/index.js";
import { matchText } from "../src/match.js";
import { ALNUM, rnd } from "./support/secrets.js";

const b64 = (text: string): string => Buffer.from(text).toString("base64");
const K8S = new Set(["kubernetes-secret-yaml", "kubernetes-secret-yaml-data-first"]);
const k8s = (text: string) => matchText(text).filter((m) => K8S.has(m.ruleId));

/** A Secret manifest's `data:` (or `stringData:`) block with `n` values, and the values in order. */
function values(n: number, encode: (s: string) => string = b64): { block: string; secrets: string[] } {
  const secrets = Array.from({ length: n }, () => encode(rnd(ALNUM, 20)));
  const keys = ["password", "api-token", "tls.key", "DB_PASS", "client_secret", "webhook.secret"];
  return {
    block: secrets.map((s, i) => `  ${keys[i % keys.length]}${i}: ${s}\n`).join(""),
    secrets,
  };
}

describe("kubernetes Secret manifests: every value of data:/stringData: is a finding", () => {
  it("kind first: each data value, on its own line", () => {
    const { block, secrets } = values(4);
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n${block}`;
    const found = k8s(text);
    expect(found.map((m) => m.secret)).toEqual(secrets);
    expect(found.map((m) => m.line)).toEqual([7, 8, 9, 10]);
  });

  it("stringData values (plain text), quoted or not", () => {
    const a = rnd(ALNUM, 18);
    const b = rnd(ALNUM, 22);
    const text = `kind: Secret\nmetadata:\n  name: app\nstringData:\n  user-pass: "${a}"\n  token: '${b}'\n`;
    expect(k8s(text).map((m) => [m.secret, m.line])).toEqual([
      [a, 5],
      [b, 6],
    ]);
  });

  it("data first, kind later: each value", () => {
    const { block, secrets } = values(3);
    const text = `apiVersion: v1\ndata:\n${block}kind: Secret\nmetadata:\n  name: api\n`;
    const found = k8s(text);
    expect(found.map((m) => m.secret)).toEqual(secrets);
    expect(found.map((m) => m.line)).toEqual([3, 4, 5]);
  });

  it("two manifests in one file: the Secret's values only, not a ConfigMap's", () => {
    const secret = values(2);
    const config = values(2);
    const text = [
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n",
      config.block,
      "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ndata:\n",
      secret.block,
    ].join("");
    expect(k8s(text).map((m) => m.secret)).toEqual(secret.secrets);
  });

  it("the data block ends at the first line that is not one of its entries", () => {
    const { block, secrets } = values(2);
    const after = b64(rnd(ALNUM, 20));
    const text = `kind: Secret\nmetadata:\n  name: x\ndata:\n${block}type: Opaque\nnotes:\n  other: ${after}\n`;
    expect(k8s(text).map((m) => m.secret)).toEqual(secrets);
  });

  it("the rules stay in the built-in table", () => {
    expect(rules.filter((r) => K8S.has(r.id)).length).toBe(2);
  });
});
