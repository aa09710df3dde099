#!/usr/bin/env node
// Build step (after tsc): writes the built-in rules' table next to dist/rules/table.js (see that
// module): rules.jsonl, the rules of dist/rules/sources.js without their examples, one per line,
// and table.json, what the engine prepares from them (match.js prepareRules: keyword plan,
// automaton, which rules each keyword selects) with a hash of the files it was made from
// (rules/table.ts uses the table only while that hash holds).
// With --docs it also writes docs/rules.md (committed; test/rules-doc.test.ts fails on drift).
// Usage: pnpm exec tsc -b packages/secrets && node packages/secrets/scripts/gen-rules.mjs [--docs]
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const pkg = resolve(import.meta.dirname, "..");
const load = (file) => import(pathToFileURL(resolve(pkg, "dist", file)).href);
const { sourceRules } = await load("rules/sources.js");
const { ruleFilesHash, runtimeRules, tableFiles } = await load("rules/table.js");
const { prepareRules, PREPARED_VERSION } = await load("match.js");
const rules = runtimeRules(sourceRules);
const ids = new Set();
for (const rule of rules) {
  if (ids.has(rule.id)) throw new Error(`two built-in rules have the id ${rule.id}`);
  ids.add(rule.id);
}
const prepared = prepareRules(rules);
const files = tableFiles(ruleFilesHash(new URL("../dist/rules/", import.meta.url)), rules, prepared, PREPARED_VERSION);
// Each file through a new file renamed over the old one, and only when its bytes changed: hooks and
// scans read the table while a test (test/generated.test.ts) or a rebuild writes it again.
for (const [name, text] of Object.entries(files)) {
  const file = resolve(pkg, "dist/rules", name);
  let same = false;
  try {
    same = readFileSync(file, "utf8") === text;
  } catch {
    // not there yet
  }
  if (same) continue;
  writeFileSync(`${file}.${process.pid}.tmp`, text);
  renameSync(`${file}.${process.pid}.tmp`, file);
}
console.log(
  `dist/rules/table.json, rules.jsonl: ${rules.length} rules, ${prepared.keywords.length} keywords, ${prepared.anchors.filter(Boolean).length} rules tried only where their matches can start`,
);
if (process.argv.includes("--docs")) {
  const { rulesMarkdown } = await load("rules/doc.js");
  writeFileSync(resolve(pkg, "docs/rules.md"), rulesMarkdown(sourceRules));
  console.log("docs/rules.md written");
}
