import { describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import { expandExample, templateOfPattern } from "../src/rules/examples.js";
import { sourceRules } from "../src/rules/sources.js";

// One loop over every built-in rule's own examples: each secret example is found by its rule,
// and no rule at all flags any rule's clean examples.
const secretCases = sourceRules.flatMap((rule) =>
  (rule.examples?.secret ?? []).map((template, i) => [rule.id, i, template] as const),
);
const cleanCases = sourceRules.flatMap((rule) =>
  (rule.examples?.clean ?? []).map((template, i) => [rule.id, i, template] as const),
);

describe("rule examples", () => {
  it("every rule has at least one secret and one clean example", () => {
    const without = sourceRules.filter(
      (r) => (r.examples?.secret.length ?? 0) === 0 || (r.examples?.clean.length ?? 0) === 0,
    );
    expect(without.map((r) => r.id)).toEqual([]);
  });

  it.each(secretCases)("%s finds its secret example %i", (id, i, template) => {
    const text = expandExample(template, i + 1);
    const found = matchText(text);
    expect(
      found.map((m) => m.ruleId),
      `${template}`,
    ).toContain(id);
  });

  it.each(cleanCases)("%s: no rule flags its clean example %i", (_id, i, template) => {
    const text = expandExample(template, i + 1);
    expect(
      matchText(text).map((m) => `${m.ruleId}`),
      template,
    ).toEqual([]);
  });
});

describe("example templates", () => {
  it("derive the documented format from a pattern", () => {
    expect(templateOfPattern("ghp_[A-Za-z0-9]{36}")).toBe("ghp_{36 of [A-Za-z0-9]}");
    expect(templateOfPattern("(?:sk|rk)_live_[0-9a-zA-Z]{24,99}")).toBe("sk_live_{32 of [0-9a-zA-Z]}");
    expect(templateOfPattern("(?=(?<t>[a-f]{4}))\\k<t>x(?:-\\d)?")).toBe("{4 of [a-f]}x");
    expect(expandExample("a{5 of [0-9]}b{{}}", 3)).toMatch(/^a[0-9]{5}b\{\}$/);
  });
});
