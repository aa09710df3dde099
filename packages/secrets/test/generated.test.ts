import { describe, expect, it } from "vitest";
import { rules } from "../src/rules/index.js";
import { sourceRules } from "../src/rules/sources.js";

describe("generated rule table", () => {
  it("is the rule files' rules exactly (regenerate with scripts/gen-rules.mjs when this fails)", () => {
    expect(rules).toEqual(JSON.parse(JSON.stringify(sourceRules)));
  });
});
