import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { keywordList, matchText, planKeywords, ruleStarts } from "../src/match.js";
import { STARTS_VERSION } from "../src/match-anchors.js";
import { compileKeywordAutomaton, packAutomaton } from "../src/match-keywords.js";
import { rulesMarkdown } from "../src/rules/doc.js";
import { readTable, ruleFilesHash, rules, runtimeRules } from "../src/rules/index.js";
import { sourceRules } from "../src/rules/sources.js";
import { nearCases, tokenCases } from "./support/cases.js";

const pkg = join(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "rampart-table-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// The runtime table is a build output (scripts/gen-rules.mjs writes dist/rules/table.json).
describe("rule table", () => {
  it("is the rule files' rules without their examples", () => {
    expect(rules).toEqual(JSON.parse(JSON.stringify(runtimeRules(sourceRules))));
    expect(rules.some((r) => r.examples !== undefined)).toBe(false);
  });

  it("is used only while it matches the rule files it was made from", () => {
    const dir = join(tmp, "rules");
    cpSync(join(pkg, "src/rules"), dir, { recursive: true });
    const url = pathToFileURL(`${dir}/`);
    const keywords = keywordList(rules);
    const table = {
      hash: ruleFilesHash(url),
      rules,
      automaton: { keywords: keywords.join("\n"), packed: packAutomaton(compileKeywordAutomaton(keywords)) },
    };
    writeFileSync(join(dir, "table.json"), JSON.stringify(table));
    expect(readTable(url)?.rules.length).toBe(rules.length);
    // A rule file edited after the table was generated: the table is stale and ignored.
    writeFileSync(join(dir, "ai.ts"), `${readFileSync(join(dir, "ai.ts"), "utf8")}\n// edited\n`);
    expect(readTable(url)).toBeUndefined();
  });

  it("finds the same as a scanner built from the rule files", () => {
    const text = [...tokenCases, ...nearCases].map(([, make]) => make()).join("\n");
    const fresh = JSON.parse(JSON.stringify(sourceRules));
    const ids = matchText(text).map((m) => m.ruleId);
    expect(ids.length).toBeGreaterThan(50);
    expect(ids).toEqual(matchText(text, { rules: fresh }).map((m) => m.ruleId));
  });

  it("is written by the build next to the compiled rules, and the built package loads it", () => {
    execFileSync(process.execPath, [join(pkg, "scripts/gen-rules.mjs")], { stdio: "pipe" });
    const dist = pathToFileURL(join(pkg, "dist/rules/"));
    const table = readTable(dist);
    expect(table?.rules).toEqual(JSON.parse(JSON.stringify(runtimeRules(sourceRules))));
    expect(table?.automaton.keywords).toBe(keywordList(rules).join("\n"));
    // The automaton as the engine computes it from those keywords, bit for bit.
    expect(table?.automaton.packed).toBe(packAutomaton(compileKeywordAutomaton(keywordList(rules))));
    // Where each rule is tried, as the engine plans it from the rule files.
    const plan = planKeywords(rules, ruleStarts(rules));
    expect(table?.plan).toEqual({
      anchors: plan.anchors.map((a) => a ?? null),
      leads: plan.leads.map((l) => l ?? null),
      lines: plan.lines.map((l) => l ?? null),
    });
    expect(table?.startsVersion).toBe(STARTS_VERSION);
  });
});

describe("docs/rules.md", () => {
  it("lists every rule as the rule files define it (regenerate: node scripts/gen-rules.mjs --docs)", () => {
    expect(readFileSync(join(pkg, "docs/rules.md"), "utf8")).toBe(rulesMarkdown(sourceRules));
  });
});
