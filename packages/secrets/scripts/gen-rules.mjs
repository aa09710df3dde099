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
const { keywordList } = await load("match.js");
const { compileKeywordAutomaton } = await load("match-keywords.js");
const rules = runtimeRules(sourceRules);
const keywords = keywordList(rules);
const automaton = { keywords: keywords.join("\n"), ...compileKeywordAutomaton(keywords) };
writeFileSync(
  resolve(pkg, "dist/rules/table.json"),
  JSON.stringify({ hash: ruleFilesHash(new URL("../dist/rules/", import.meta.url)), rules, automaton }),
);
console.log(
  `dist/rules/table.json: ${rules.length} rules, ${keywords.length} keywords, ${automaton.fail.length} states`,
);
if (process.argv.includes("--docs")) {
  const { rulesMarkdown } = await load("rules/doc.js");
  writeFileSync(resolve(pkg, "docs/rules.md"), rulesMarkdown(sourceRules));
  console.log("docs/rules.md written");
}
