#!/usr/bin/env node
// bench/deps: `rampart deps check`'s matcher on the 2,600-package nodejs.org npm lockfile against a
// synthesized npm OSV database of realistic size (~200k affected ranges; the real export cannot be
// fetched here). Times: loading the raw records, the whole-lockfile check, a 10-package diff check.
// No peer runs here: `npm audit` has no offline mode, osv-scanner is not on the npm registry.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median, sharedOrSkip } from "./lib/measure.mjs";

const root = resolve(import.meta.dirname, "..");
const fixture = sharedOrSkip(root, "fixtures/lockfiles/npm-v3-large-nodejs.org", "deps");
const { parseLockfile } = await import(resolve(root, "packages/lockfile/dist/index.js"));
const deps = await import(resolve(root, "packages/deps/dist/index.js"));

const lockfile = await parseLockfile({ path: join(fixture, "package-lock.json"), cwd: fixture });
const names = [...new Set(lockfile.packages.map((p) => p.name))];

// Deterministic pseudo-random numbers, so every run builds the same database.
let seed = 42;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const RANGES = Number(process.env.DEPS_BENCH_RANGES ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), "rampart-deps-bench-"));
let ranges = 0;
let fileNo = 0;
let batch = [];
const flush = () => {
  const sub = join(dir, String(fileNo % 100));
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(sub, `batch-${fileNo++}.json`), JSON.stringify(batch));
  batch = [];
};
for (let i = 0; ranges < RANGES; i++) {
  // A third of the records name packages of the lockfile (as the real data does for a big
  // project), the rest packages it does not have; MAL- records are about a third of the real export.
  const name = i % 3 === 0 ? names[rand(names.length)] : `synthetic-pkg-${rand(60_000)}`;
  const n = 1 + rand(3);
  const affected = [];
  for (let k = 0; k < n; k++) {
    const major = rand(8);
    affected.push({
      package: { ecosystem: "npm", name },
      ranges: [
        { type: "ECOSYSTEM", events: [{ introduced: `${major}.0.0` }, { fixed: `${major}.${rand(20)}.${rand(10)}` }] },
      ],
    });
  }
  ranges += n;
  const mal = i % 3 === 2;
  batch.push({
    id: mal ? `MAL-2025-${i}` : `GHSA-bench-${i}`,
    modified: "2026-11-30T00:00:00Z",
    aliases: mal ? [] : [`CVE-2025-${i}`],
    summary: "synthetic",
    severity: mal ? [] : [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
    affected: mal ? [{ package: { ecosystem: "npm", name: `synthetic-mal-${i}` }, versions: ["1.0.0"] }] : affected,
  });
  if (batch.length === 2000) flush();
}
if (batch.length > 0) flush();

const time = (fn, runs) => {
  const ms = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = fn();
    ms.push(performance.now() - t);
  }
  return { ms: median(ms), out };
};
try {
  const load = time(() => deps.loadDatabase(dir), 3);
  const db = load.out;
  const whole = time(() => deps.checkVulnerabilities(lockfile, db), 5);
  const ten = new Set(lockfile.packages.slice(100, 110).map((p) => `${p.name}@${p.version}`));
  const diff = time(() => deps.checkVulnerabilities(lockfile, db, {}, { only: ten }), 5);
  console.log(`database: ${db.records} records, ${ranges} affected ranges, ${fileNo} files`);
  console.log(`lockfile: ${lockfile.packages.length} packages; ${whole.out.findings.length} findings`);
  console.log(`load raw records (parse + index): ${load.ms.toFixed(0)} ms (median of 3)`);
  console.log(`check whole lockfile (loaded db): ${whole.ms.toFixed(1)} ms; target < 500 ms with the load`);
  console.log(`check a 10-package diff (loaded db): ${diff.ms.toFixed(2)} ms; target < 100 ms with the load`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
