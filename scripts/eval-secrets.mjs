#!/usr/bin/env zx
// Accuracy of the secret guard's detection on a labelled JSONL corpus of
// {rule, label: "secret"|"clean", text}: recall per corpus rule (a secret sample counts as found
// when any finding is reported), recall averaged over rules, and false positives on clean samples.
//
// Usage: zx scripts/eval-secrets.mjs [corpus.jsonl] [--misses] [--fps]
//   default corpus: $RAMPART_SHARED_DIR/corpora/secrets-dev.jsonl, else ../shared/... next to the repo
//   One line per corpus rule (each names one provider's credential): its recall, found/total.
//   --misses / --fps print the missed secret samples / flagged clean samples (truncated).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { $, argv } from "zx";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The shared folder: RAMPART_SHARED_DIR (a worktree's tests and benches use it too), else ../shared.
const shared = process.env.RAMPART_SHARED_DIR ?? path.resolve(root, "../shared");
const corpus = path.resolve(argv._[0] ?? path.join(shared, "corpora/secrets-dev.jsonl"));
if (!existsSync(corpus)) {
  // A plain clone has no ../shared: say so in one line (exit 2: could not run), no stack trace.
  process.stderr.write(`eval-secrets: no corpus at ${corpus}; pass one: zx scripts/eval-secrets.mjs <corpus.jsonl>\n`);
  process.exit(2);
}

// Evaluate the code as built, the way users run it.
await $({ cwd: root, quiet: true })`pnpm exec tsc -b packages/secrets`;
const { matchText } = await import(pathToFileURL(path.join(root, "packages/secrets/dist/match.js")).href);

const samples = readFileSync(corpus, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line, i) => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`${corpus}:${i + 1}: not JSON`);
    }
  });

const perRule = new Map();
const fps = [];
const misses = [];
let cleanTotal = 0;
const started = performance.now();
for (const s of samples) {
  const found = matchText(s.text).length > 0;
  if (s.label === "clean") {
    cleanTotal++;
    if (found) fps.push(s);
    continue;
  }
  const r = perRule.get(s.rule) ?? { total: 0, found: 0 };
  r.total++;
  if (found) r.found++;
  else misses.push(s);
  perRule.set(s.rule, r);
}
const elapsed = performance.now() - started;

const pct = (n) => `${(n * 100).toFixed(1)}%`;
const rows = [...perRule.entries()].sort(([a], [b]) => a.localeCompare(b));
for (const [rule, r] of rows) console.log(`${pct(r.found / r.total).padStart(7)}  ${r.found}/${r.total}  ${rule}`);
const found = rows.reduce((n, [, r]) => n + r.found, 0);
const total = rows.reduce((n, [, r]) => n + r.total, 0);
const macro = rows.reduce((n, [, r]) => n + r.found / r.total, 0) / Math.max(1, rows.length);
console.log("");
console.log(`corpus              ${path.relative(process.cwd(), corpus)} (${samples.length} samples)`);
console.log(`recall (overall)    ${pct(found / Math.max(1, total))}  (${found}/${total} secret samples)`);
console.log(`recall (per rule)   ${pct(macro)}  averaged over ${rows.length} corpus rules`);
console.log(`rules at 100%       ${rows.filter(([, r]) => r.found === r.total).length}/${rows.length}`);
console.log(
  `false positives     ${pct(fps.length / Math.max(1, cleanTotal))}  (${fps.length}/${cleanTotal} clean samples)`,
);
console.log(`time                ${elapsed.toFixed(0)} ms`);

const show = (title, list) => {
  console.log(`\n${title}`);
  for (const s of list) console.log(`  [${s.rule}] ${JSON.stringify(s.text.slice(0, 160))}`);
};
if (argv.misses) show("missed secret samples:", misses);
if (argv.fps) show("flagged clean samples:", fps);
