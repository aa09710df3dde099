import { describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import { rules } from "../src/rules/index.js";
import { type Case, nearCases, structuralCases, tokenCases } from "./support/cases.js";

const ruleIds = (text: string): string[] => matchText(text).map((m) => m.ruleId);

describe("built-in rules: shape", () => {
  it("cover at least 200 providers", () => {
    const providers = new Set(rules.map((r) => r.provider));
    providers.delete("generic");
    expect(providers.size).toBeGreaterThanOrEqual(200);
  });

  it("have unique kebab-case ids, SRC-2, a confidence and lower-case keywords", () => {
    const seen = new Set<string>();
    for (const rule of rules) {
      expect(rule.id, rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(seen.has(rule.id), `duplicate ${rule.id}`).toBe(false);
      seen.add(rule.id);
      expect(rule.framework, rule.id).toContain("SRC-2");
      expect(["high", "medium", "low"], rule.id).toContain(rule.confidence);
      expect(rule.keywords.length, `${rule.id} needs keywords for the prefilter`).toBeGreaterThan(0);
      for (const kw of rule.keywords) expect(kw, rule.id).toBe(kw.toLowerCase());
    }
  });

  it("compile, and capture the secret in a named group", () => {
    for (const rule of rules) {
      const re = new RegExp(rule.pattern, `gd${rule.flags ?? ""}`);
      expect(re.source, rule.id).toContain("(?<secret>");
      for (const a of rule.allowlist ?? []) expect(() => new RegExp(a), rule.id).not.toThrow();
    }
  });

  it("keep keywords specific: none shorter than two characters", () => {
    for (const rule of rules) for (const kw of rule.keywords) expect(kw.length, rule.id).toBeGreaterThanOrEqual(2);
  });
});

/** The text with the found secret's tail replaced by x: a placeholder, never a finding. */
function placeholderOf(text: string, secret: string): string {
  const keep = Math.min(4, Math.floor(secret.length / 4));
  return text.replace(secret, secret.slice(0, keep) + "x".repeat(secret.length - keep));
}

function checkCases(title: string, cases: Case[]): void {
  describe(title, () => {
    it.each(cases)("%s finds a synthetic credential, and not its placeholder", (id, make) => {
      const text = make();
      const found = matchText(text);
      expect(
        found.map((m) => m.ruleId),
        text,
      ).toContain(id);
      const match = found.find((m) => m.ruleId === id);
      if (!match) return;
      expect(text.slice(match.start, match.end)).toBe(match.secret);
      expect(ruleIds(placeholderOf(text, match.secret))).not.toContain(id);
    });
  });
}

checkCases("self-identifying tokens", tokenCases);
checkCases("values named by their provider", nearCases);
checkCases("URLs, headers, connection strings, assignments", structuralCases);

describe("rules stay quiet on ordinary code", () => {
  const clean = [
    "const token = req.headers.authorization;",
    "password: process.env.DB_PASSWORD,",
    'const apiKey = config.get("apiKey");',
    '"integrity": "sha512-3uqJRC1uw0ssxc+ut5Qz1kclrH8c9SmpsfEQ6i7h1FSbU0RgDtd8bkNq2ABKVNsR6nr+1GGHyj+vvAvLmz0wKA=="',
    "commit 3f786850e387550fdab836ed7e6dc881de23001b",
    'const id = "7d444840-9dc0-11d1-b245-5ffdce74fad2";',
    "export const TOKEN_TYPE = 'bearer';",
    "secret_key_base: <%= ENV['SECRET_KEY_BASE'] %>",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder is the input
    'client_secret = "${CLIENT_SECRET}"',
    "password = {{ vault_password }}",
    "api_key: <your-api-key>",
    "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    'token: "changeme"',
    "const primaryKey = 'e8c1b3f7a9d2c4e6';",
    "globalThis.lobby = 1; const globalToken = null;",
  ];
  it.each(clean)("%s", (line) => {
    expect(matchText(line)).toEqual([]);
  });
});
