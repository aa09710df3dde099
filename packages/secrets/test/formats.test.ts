import { describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import type { SecretRule } from "../src/rule.js";
import { ALNUM, B64, B64URL, HEX, LOWER_ALNUM, rnd, UPPER_ALNUM, uuid } from "./support/secrets.js";

// Provider formats are exact: a value that breaks one (wrong alphabet, wrong length) is no
// finding of that rule, and the generic assignment rule does not pick it up instead.
const ids = (text: string): string[] => matchText(text).map((m) => m.ruleId);

describe("provider formats are exact", () => {
  it("Databricks: dapi + 32 lower-case hex only", () => {
    const hex = rnd(HEX, 32);
    expect(ids(`DATABRICKS_TOKEN=dapi${hex}`)).toEqual(["databricks-api-token"]);
    // A "g" is not hex, upper case is not the format: neither this rule nor the generic one.
    expect(ids(`DATABRICKS_TOKEN=dapi${hex.slice(0, 31)}g`)).toEqual([]);
    expect(ids(`DATABRICKS_TOKEN=dapi${hex.toUpperCase().replace(/[0-9]/g, "A")}`)).toEqual([]);
  });

  it("Cisco Meraki: exactly 40 lower-case hex, a whole word", () => {
    const hex = rnd(HEX, 40);
    expect(ids(`meraki_key: ${hex}`)).toEqual(["cisco-meraki-api-key"]);
    expect(ids(`meraki_key: ${rnd(HEX, 64)}`)).not.toContain("cisco-meraki-api-key");
    expect(ids(`meraki_key: ${hex}zz`)).not.toContain("cisco-meraki-api-key");
  });

  it("a malformed prefixed token is left to its provider's rule", () => {
    expect(ids(`token := "sm_sat_${rnd(HEX, 10)}"`)).toEqual([]);
    expect(ids(`token := "sm_sat_${rnd(HEX, 16)}"`)).toEqual(["settlemint-service-access-token"]);
  });

  it("an Authorization header still reports any credential-shaped value", () => {
    expect(ids(`curl -H "Authorization: sha256~${rnd(B64, 20)}"`)).toEqual(["authorization-header"]);
  });

  it("hex typed in mixed case is not a generic secret; one-case hex is", () => {
    const hex = rnd(HEX, 40)
      .replace(/[a-f]/, "F")
      .replace(/^[0-9]/, "a");
    expect(ids(`secret_key = "${hex}"`)).toEqual([]);
    expect(ids(`secret_key = "${hex.toLowerCase()}"`)).toEqual(["generic-secret-assignment"]);
  });

  it("tokens padded with = still match right after KEY=", () => {
    expect(ids(`PSCALE=pscale_tkn_${rnd(HEX, 40)}`)).toEqual(["planetscale-api-token"]);
    expect(ids(`DUFFEL=duffel_live_${rnd(HEX, 43)}`)).toEqual(["duffel-api-token"]);
  });
});

// Formats as the vendors' documentation or their verified detectors give them, in the shapes real
// files hold them (each of these was missed before it was checked).
describe("vendor-documented formats", () => {
  const num = (n: number) => rnd("0123456789", n);
  it.each([
    ["dropbox-short-lived-api-token", () => `DROPBOX_ACCESS_TOKEN=sl.u.${rnd(B64URL, 1320)}`],
    ["facebook-page-access-token", () => `const ACCESS_TOKEN = 'EAAR${rnd(ALNUM, 190)}ZDZD';`],
    ["facebook-page-access-token", () => `access_token=EAAx${rnd(ALNUM, 160)}&fields=id`],
    [
      "slack-user-token",
      () => `https://files.slack.com/files-pri/T1-F2/a.png?t=xoxe-${num(13)}-${num(13)}-${num(13)}-${rnd(HEX, 32)}`,
    ],
    ["slack-legacy-token", () => `token = "xoxs-${num(10)}-${num(10)}-${num(10)}-${rnd(HEX, 10).toUpperCase()}"`],
    ["new-relic-admin-key", () => `NEW_RELIC_ADMIN_KEY=NRAA-${rnd(UPPER_ALNUM, 27)}`],
    ["sentry-user-token", () => `SENTRY_AUTH_TOKEN=sntryi_${rnd(HEX, 64)}`],
    ["gitlab-ptt", () => `TRIGGER_TOKEN=glptt-${rnd(B64URL, 20)}`],
    ["replicate-api-token", () => `REPLICATE_API_TOKEN=r8_${rnd(ALNUM, 20)}_${rnd(ALNUM, 16)}`],
    ["netlify-prefixed-token", () => `NETLIFY_AUTH_TOKEN=nfp_${rnd(ALNUM, 20)}_${rnd(ALNUM, 15)}`],
    ["supabase-access-token", () => `SUPABASE_ACCESS_TOKEN=sbp_${rnd(LOWER_ALNUM, 40).replace(/^[0-9a-f]/, "z")}`],
    ["checkout-secret-key", () => `CHECKOUT_SECRET_KEY=sk_test_${uuid()}`],
    ["asana-pat", () => `ASANA_ACCESS_TOKEN=2/${num(15)}/${num(16)}:${rnd(HEX, 32)}`],
    ["salesloft-api-key", () => `headers = {"Authorization": "Bearer v2_ak_${num(6)}_${rnd(HEX, 64)}"}`],
    [
      "together-prefixed-api-key",
      () => `OpenAI(api_key="tgp_v1_${rnd(B64URL, 43)}", base_url="https://api.example.xyz/v1")`,
    ],
    ["jina-api-key", () => `EMBEDDINGS_KEY=jina_${rnd(HEX, 32)}${rnd(ALNUM, 28)}`],
    ["tavily-api-key", () => `search = Client(api_key="tvly-dev-${rnd(ALNUM, 32)}")`],
    ["zhipu-api-key", () => `export ZHIPU_API_KEY=${rnd(HEX, 16)}.${rnd(ALNUM, 16)}`],
    ["render-api-key", () => `-H "Authorization: Bearer rnd_${rnd(ALNUM, 28)}"`],
    [
      "azure-cognitive-services-identifiable-key",
      () => `client = AzureOpenAI(api_key="${rnd(ALNUM, 52)}JQQJ99${rnd(ALNUM, 18)}ACOG${rnd(ALNUM, 4)}")`,
    ],
    ["heroku-api-key-v2", () => `ENV HEROKU_API_KEY=HRKU-${uuid()}`],
    ["google-auth-api-key", () => `GEMINI_API_KEY=AQ.Ab8RN6${rnd(B64URL, 44)}`],
    ["anthropic-oauth-token", () => `CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-${rnd(B64URL, 93)}AA`],
    ["mailgun-signing-key", () => `MAILGUN_API_KEY=${rnd(HEX, 32)}-${rnd(HEX, 8)}-${rnd(HEX, 8)}`],
  ])("%s: %#", (id, make) => {
    const text = make();
    expect(ids(text), text).toContain(id);
  });
});

describe("rules that require a second literal", () => {
  const rule: SecretRule = {
    id: "test-requires",
    provider: "Test",
    description: "lob-like",
    keywords: ["lob"],
    requires: ["live_"],
    pattern: "lob[ =]+(?<secret>live_[a-f0-9]{8}|blob[a-f0-9]{8})",
    framework: ["SRC-2"],
    confidence: "medium",
  };
  it("runs only when a keyword and one of the required literals both occur", () => {
    const key = rnd(HEX, 8);
    expect(matchText(`lob = live_${key}`, { rules: [rule] }).map((m) => m.secret)).toEqual([`live_${key}`]);
    // The pattern would match, but no required literal is in the text: the rule never runs.
    expect(matchText(`lob = blob${key}`, { rules: [rule] })).toEqual([]);
  });
});

describe("findings inside a key block", () => {
  it("are part of the key: one finding, the block", () => {
    const body = [rnd(B64, 64), `ghp_${rnd(HEX, 36)}`, rnd(B64, 64)].join("\n");
    const text = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`;
    expect(ids(text)).toEqual(["private-key-openssh"]);
    // The same token outside the block is its own finding.
    expect(ids(`${text}token: ghp_${rnd(HEX, 36)}\n`)).toEqual(["private-key-openssh", "github-pat"]);
  });

  it("a Square-looking run inside base64 is not a Square token", () => {
    expect(ids(`data: ${rnd(B64, 20)}/EAAA${rnd(HEX, 30)}+${rnd(B64, 20)}`)).not.toContain("square-access-token");
  });
});
