#!/usr/bin/env node
// Build step (after tsc): writes dist/rules/table.json, the built-in rules of dist/rules/sources.js
// without their examples, with the keyword prefilter's automaton precomputed and a hash of the
// rule files it was made from (rules/index.ts uses the table only while that hash holds).
// With --docs it also writes docs/rules.md (committed; test/rules-doc.test.ts fails on drift).
// Usage: pnpm exec tsc -b packages/secrets && node packages/secrets/scripts/gen-rules.mjs [--docs]
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const pkg = resolve(import.meta.dirname, "..");
const load = (file) => import(pathToFileURL(resolve(pkg, "dist", file)).href);
const { sourceRules } = await load("rules/sources.js");
const { ruleFilesHash, runtimeRules } = await load("rules/index.js");
const { planKeywords, ruleStarts } = await load("match.js");
const { STARTS_VERSION } = await load("match-anchors.js");
const { compileKeywordAutomaton, packAutomaton } = await load("match-keywords.js");
const rules = runtimeRules(sourceRules);
// Where each rule is tried: only where its matches can start, when its pattern says (match-anchors.ts).
const starts = ruleStarts(rules);
const { keywords, anchors, leads, lines } = planKeywords(rules, starts);
// The table stores the keywords one per line, and the plan refers to them by index.
const multiline = keywords.find((k) => k.includes("\n"));
if (multiline !== undefined) throw new Error(`a keyword may not contain a line break: ${JSON.stringify(multiline)}`);
const compiled = compileKeywordAutomaton(keywords);
const automaton = { keywords: keywords.join("\n"), packed: packAutomaton(compiled) };
writeFileSync(
  resolve(pkg, "dist/rules/table.json"),
  JSON.stringify({
    hash: ruleFilesHash(new URL("../dist/rules/", import.meta.url)),
    rules,
    automaton,
    plan: {
      anchors: anchors.map((a) => a ?? null),
      leads: leads.map((l) => l ?? null),
      lines: lines.map((l) => l ?? null),
    },
    startsVersion: STARTS_VERSION,
  }),
);
console.log(
  `dist/rules/table.json: ${rules.length} rules, ${keywords.length} keywords, ${compiled.states} states, ${starts.filter(Boolean).length} rules with start literals read from their patterns, ${lines.filter(Boolean).length} with line literals`,
);
if (process.argv.includes("--docs")) {
  const { rulesMarkdown } = await load("rules/doc.js");
  writeFileSync(resolve(pkg, "docs/rules.md"), rulesMarkdown(sourceRules));
  console.log("docs/rules.md written");
}
