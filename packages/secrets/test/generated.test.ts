import { describe, expect, it } from "vitest";
import { keywordList, matchText } from "../src/match.js";
import { compileKeywordAutomaton } from "../src/match-keywords.js";
import { keywordAutomaton, rules } from "../src/rules/index.js";
import { sourceRules } from "../src/rules/sources.js";
import { nearCases, tokenCases } from "./support/cases.js";

// src/rules/index.ts is generated (scripts/gen-rules.mjs); when these fail, regenerate it.
describe("generated rule table", () => {
  it("is the rule files' rules exactly", () => {
    expect(rules).toEqual(JSON.parse(JSON.stringify(sourceRules)));
  });

  it("carries the keyword automaton of exactly those rules", () => {
    const keywords = keywordList(sourceRules);
    expect(keywordAutomaton.keywords).toBe(keywords.join("\n"));
    const { edges, fail, out } = compileKeywordAutomaton(keywords);
    expect({ edges: keywordAutomaton.edges, fail: keywordAutomaton.fail, out: keywordAutomaton.out }).toEqual({
      edges,
      fail,
      out,
    });
  });

  it("finds the same as a scanner built from scratch", () => {
    const text = [...tokenCases, ...nearCases].map(([, make]) => make()).join("\n");
    const fresh = JSON.parse(JSON.stringify(sourceRules));
    const ids = matchText(text).map((m) => m.ruleId);
    expect(ids.length).toBeGreaterThan(50);
    expect(ids).toEqual(matchText(text, { rules: fresh }).map((m) => m.ruleId));
  });
});
