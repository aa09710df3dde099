#!/usr/bin/env zx
// `rampart secrets scan --all-history` on a generated repository of BENCH_COMMITS (default 20,000)
// commits, written by `git fast-import` in this run: 400 source-like files, each commit editing
// one to three of them, a side branch merged every 100 commits, a few planted secrets (assembled
// at run time). The floor is `git log -p --all` to /dev/null: reading every patch once, the least
// any history scan has to do. Prints wall time, CPU and peak memory of both, and the ratio.
// Usage: node bench/run.mjs history   (build first: pnpm exec tsc -b packages/cli)
import { spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sandboxEnv, timeCommand } from "./lib/measure.mjs";

const root = resolve(import.meta.dirname, "..");
// BENCH_RAMPART=<path to bin/rampart.js> measures another build (before/after comparisons).
const bin = process.env.BENCH_RAMPART ?? join(root, "packages/cli/bin/rampart.js");
const COMMITS = Number(process.env.BENCH_COMMITS ?? 20000);
const FILES = 400;
const dir = realpathSync(mkdtempSync(join(tmpdir(), "rampart-bench-history-")));
const env = sandboxEnv(dir, { gitconfig: "/dev/null" });
const git = (args, input) => {
  const r = spawnSync("git", args, { cwd: join(dir, "repo"), env, input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

// A deterministic generator, so every run measures the same history.
let seed = 42;
const rand = (n) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};
const word = () => ["value", "config", "item", "count", "result", "handler", "index", "buffer"][rand(8)];
const line = () => `  const ${word()}${rand(1000)} = ${word()}(${rand(100)}, "${word()}-${rand(100000)}");`;
// A GitHub token with a valid checksum would need the test helpers; an AWS-shaped key id is
// self-identifying and assembled here from parts.
const planted = (i) =>
  `const awsKey = "${["AK", "IA"].join("")}QWERTYUIOPAS${String.fromCharCode(65 + (i % 26), 66 + (i % 24))}ZX";`;

function generate() {
  const out = [];
  const files = Array.from({ length: FILES }, (_, i) => ({
    path: `src/${["core", "api", "ui", "lib"][i % 4]}/module${i}.ts`,
    lines: Array.from({ length: 20 + rand(60) }, line),
  }));
  const marks = { main: 0, side: 0 };
  let mark = 0;
  let time = 1600000000;
  let plantedCount = 0;
  const commit = (branch, message, changes, merge) => {
    mark++;
    time += 30;
    const parts = [`commit refs/heads/${branch}\nmark :${mark}\ncommitter Bench <b@b.invalid> ${time} +0000\n`];
    parts.push(`data ${Buffer.byteLength(message)}\n${message}\n`);
    const from = marks[branch];
    if (from > 0) parts.push(`from :${from}\n`);
    else if (branch === "side" && marks.main > 0) parts.push(`from :${marks.main}\n`);
    if (merge) parts.push(`merge :${merge}\n`);
    for (const f of changes) {
      const data = `${f.lines.join("\n")}\n`;
      parts.push(`M 100644 inline ${f.path}\ndata ${Buffer.byteLength(data)}\n${data}\n`);
    }
    out.push(parts.join(""), "\n");
    marks[branch] = mark;
  };
  commit("main", "initial", files);
  for (let n = 1; n < COMMITS; n++) {
    const branch = n % 100 >= 90 ? "side" : "main";
    const changes = [];
    for (let k = 1 + rand(3); k > 0; k--) {
      // The side branch owns the last 40 files; main the others (the merges bring side's over).
      const f = branch === "side" ? files[FILES - 40 + rand(40)] : files[rand(FILES - 40)];
      for (let e = 1 + rand(4); e > 0; e--) {
        const at = rand(f.lines.length + 1);
        if (rand(3) === 0 && f.lines.length > 10) f.lines.splice(at, 1);
        else f.lines.splice(at, rand(2), line());
      }
      if (branch === "main" && n % 2000 === 7) {
        f.lines.splice(rand(f.lines.length), 0, planted(plantedCount));
        plantedCount++;
      }
      changes.push(f);
    }
    const merge = branch === "main" && n % 100 === 0 && marks.side > 0 ? marks.side : undefined;
    if (merge) changes.push(...files.slice(FILES - 40));
    commit(branch, `change ${n}\n\nupdates ${changes.map((c) => c.path).join(", ")}`, changes, merge);
  }
  return { stream: out.join(""), plantedCount };
}

spawnSync("mkdir", ["-p", join(dir, "repo")]);
git(["init", "-q", "-b", "main"]);
let t = performance.now();
const { stream, plantedCount } = generate();
git(["fast-import", "--quiet"], stream);
const commits = Number(git(["rev-list", "--all", "--count"]).toString().trim());
console.log(
  `generated ${commits} commits (${FILES} files, a merge every 100, ${plantedCount} planted secrets) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const floor = timeCommand("sh", ["-c", "git log -p --all --no-color > /dev/null"], { cwd: join(dir, "repo"), env });
t = performance.now();
const ours = timeCommand(
  process.execPath,
  [bin, "secrets", "scan", "--all-history", "--format", "json", "--no-color"],
  {
    cwd: join(dir, "repo"),
    env,
  },
);
const report = JSON.parse(ours.stdout);
const secrets = report.findings.filter((f) => f.severity === "error").length;
// BENCH_KEEP=1 keeps the generated repository (to profile against it).
if (process.env.BENCH_KEEP === "1") console.log(`kept ${join(dir, "repo")}`);
else rmSync(dir, { recursive: true, force: true });

const load = spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout.split(" ")[0];
const row = (name, r) =>
  `  ${name.padEnd(44)} ${(r.ms / 1000).toFixed(2).padStart(7)} s wall ${(r.cpu / 1000).toFixed(2).padStart(7)} s CPU ${r.mb.toFixed(0).padStart(5)} MB`;
console.log(`${commits} commits (${process.version}, 2 cores, load ${load}):`);
console.log(row("git log -p --all > /dev/null (floor)", floor));
console.log(row("rampart secrets scan --all-history", ours));
console.log(
  `  ratio (wall): ${(ours.ms / floor.ms).toFixed(2)}x the floor; ${Math.round(commits / (ours.ms / 1000))} commits/s; found ${secrets} of ${plantedCount} planted secrets, ${report.stats.messages ?? 0} messages scanned`,
);
if (secrets !== plantedCount) {
  console.error(`history bench: expected ${plantedCount} secrets, found ${secrets}`);
  process.exit(1);
}
