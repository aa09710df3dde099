#!/usr/bin/env node
// Writes data/npm-popular.txt, the names the typosquat rule compares against, from a TSV of npm
// packages with their monthly downloads (columns: name, version, downloads_a_month, ...):
//   node scripts/gen-popular.mjs PATH/npm.tsv [MIN_DOWNLOADS] [DATE]
// Every name with at least MIN_DOWNLOADS (default 1,000,000) downloads a month, most downloaded
// first. The rule takes the first 3,000 as typosquat targets and treats every listed name as
// established (never itself a squat).
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const [tsv, minArg, date] = process.argv.slice(2);
if (tsv === undefined) {
  process.stderr.write("usage: node scripts/gen-popular.mjs npm.tsv [MIN_DOWNLOADS] [DATE]\n");
  process.exit(2);
}
const min = Number(minArg ?? 1_000_000);
const rows = [];
for (const line of readFileSync(tsv, "utf8").split("\n").slice(1)) {
  const [name, , downloads] = line.split("\t");
  const n = Number(downloads);
  if (name && /^(@[a-z0-9][\w.-]*\/)?[a-z0-9_.][\w.-]*$/.test(name) && n >= min) rows.push([name, n]);
}
rows.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const header = [
  `# npm package names with at least ${min.toLocaleString("en")} downloads a month, most downloaded first`,
  `# (${rows.length} names). Source: npm's monthly download counts as listed in a package index snapshot`,
  `# of ${date ?? new Date().toISOString().slice(0, 10)} (226,995 npm packages with their downloads a month); regenerate with`,
  '# node packages/deps/scripts/gen-popular.mjs npm.tsv. Downloads stand in for "most depended upon":',
  "# npm publishes no dependents ranking, and the registry's search endpoint is not paged here in bulk.",
];
writeFileSync(
  resolve(import.meta.dirname, "../data/npm-popular.txt"),
  `${header.join("\n")}\n${rows.map((r) => r[0]).join("\n")}\n`,
);
process.stdout.write(`wrote data/npm-popular.txt: ${rows.length} names\n`);
