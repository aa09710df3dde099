#!/usr/bin/env zx
// The secret guard's cost in a commit's hooks: real `git commit`s of a 10-file staged change with
// a pre-commit hook running `rampart secrets scan --staged` and a commit-msg hook running
// `rampart secrets scan --message-file`, against the same commits with hooks that only start
// Node (`node -e 0`), paired and in rotated order. Then where the guard's time goes inside one
// process (fresh each round): loading its modules and rule table, the first scan (a commit
// message: the rule set is made ready on first use), and scanning the 10 files.
// Target (issue 18): the guard starts in a few ms on a small input.
// BENCH_RAMPART=<bin/rampart.js> measures another build; BENCH_COMPARE=<bin/rampart.js> adds one
// beside this build (before/after in the same run).
// Usage: node bench/run.mjs secrets-hook   (build first: npm run build, or tsc -b + gen-rules)
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { median, sandboxEnv } from "./lib/measure.mjs";

const root = resolve(import.meta.dirname, "..");
const builds = { rampart: process.env.BENCH_RAMPART ?? join(root, "packages/cli/bin/rampart.js") };
if (process.env.BENCH_COMPARE) builds.compared = resolve(process.env.BENCH_COMPARE);
const rounds = Number(process.env.ROUNDS ?? 15);
const dir = realpathSync(mkdtempSync(join(tmpdir(), "rampart-bench-hook-")));
const repo = join(dir, "repo");
const env = sandboxEnv(dir);
const git = (...args) => {
  const r = spawnSync("git", args, { cwd: repo, env, encoding: "utf8" });
  if (r.status !== 0 && args[0] !== "commit") throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r;
};

// Ten real source files of this repository: the kind of change a developer commits.
const sourceDir = join(root, "packages/secrets/src");
const sourceFiles = readdirSync(sourceDir)
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .slice(0, 10)
  .map((f) => join(sourceDir, f));
const message = "fix(secrets): keep the staged scan's findings in file order\n\nSee issue 18.\n";

mkdirSync(repo);
git("init", "-q", "-b", "main");
for (const [k, v] of [
  ["user.name", "Bench"],
  ["user.email", "bench@example.invalid"],
  ["commit.gpgsign", "false"],
  ["gc.auto", "0"],
])
  git("config", k, v);
for (const [i, f] of sourceFiles.entries()) writeFileSync(join(repo, `file${i}.ts`), readFileSync(f, "utf8"));
git("add", "-A");
git("commit", "-q", "--no-verify", "-m", "initial");

const node = process.execPath;
const sides = {
  "node -e 0": { "pre-commit": `exec "${node}" -e 0`, "commit-msg": `exec "${node}" -e 0` },
};
for (const [name, bin] of Object.entries(builds)) {
  sides[name] = {
    "pre-commit": `exec "${node}" "${bin}" secrets scan --staged --quiet`,
    "commit-msg": `exec "${node}" "${bin}" secrets scan --message-file "$1" --quiet`,
  };
}

// CPU time (user + sys of git, the hooks and everything they start) beside wall time: on a
// shared, loaded machine it is the steadier of the two.
const hasTime = existsSync("/usr/bin/time");

/** One commit of a fresh 10-file change with the side's hooks; returns { wall, cpu } in ms. */
function timedCommit(side, round) {
  for (const [hook, line] of Object.entries(sides[side])) {
    writeFileSync(join(repo, ".git/hooks", hook), `#!/bin/sh\n${line}\n`);
    chmodSync(join(repo, ".git/hooks", hook), 0o755);
  }
  for (let i = 0; i < 10; i++) {
    const f = join(repo, `file${i}.ts`);
    writeFileSync(f, `${readFileSync(f, "utf8")}\nexport const round${round}_${i} = ${round * 10 + i};\n`);
  }
  git("add", "-A");
  const t = process.hrtime.bigint();
  const argv = ["git", "commit", "-q", "-m", message];
  const r = hasTime
    ? spawnSync("/usr/bin/time", ["-f", "CPU %U %S", ...argv], { cwd: repo, env, encoding: "utf8" })
    : spawnSync(argv[0], argv.slice(1), { cwd: repo, env, encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`commit failed with the ${side} hooks: ${r.stderr}`);
  const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr ?? "");
  return { wall, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN };
}

// One fresh process per round: the guard's phases, timed inside it (see phases below).
const probe = join(dir, "probe.mjs");
writeFileSync(
  probe,
  `const [hookEntry, files, message] = JSON.parse(process.argv[2]);
const fs = await import("node:fs");
const texts = files.map((f) => fs.readFileSync(f, "utf8"));
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
let t = performance.now(), c = cpu();
const out = {};
const lap = (k) => { const t2 = performance.now(), c2 = cpu(); out[k] = [t2 - t, c2 - c]; t = t2; c = c2; };
const { matchText } = await import(new URL("match.js", hookEntry).href);
await import(hookEntry);
lap("load");
matchText(message);
lap("message");
for (const text of texts) matchText(text);
lap("files");
console.log(JSON.stringify(out));
`,
);
const hookEntryOf = (bin) => pathToFileURL(resolve(dirname(bin), "../../secrets/dist/hook.js")).href;

const times = Object.fromEntries(Object.keys(sides).map((s) => [s, []]));
const phases = Object.fromEntries(Object.keys(builds).map((b) => [b, []]));
for (let round = 0; round < rounds; round++) {
  // Rotate the order so that drift in machine load hits every side alike.
  const names = Object.keys(sides);
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const [i, side] of order.entries()) times[side].push(timedCommit(side, round * names.length + i));
  for (const [name, bin] of Object.entries(builds)) {
    const r = spawnSync(node, [probe, JSON.stringify([hookEntryOf(bin), sourceFiles, message])], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`the phase probe failed for ${name}: ${r.stderr}`);
    phases[name].push(JSON.parse(r.stdout));
  }
}
rmSync(dir, { recursive: true, force: true });

const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
console.log(
  `git commit of a 10-file change, secret guard in pre-commit and commit-msg, median of ${rounds} commits per side (${process.version}, load ${load}):`,
);
const base = Object.fromEntries(["wall", "cpu"].map((m) => [m, median(times["node -e 0"].map((t) => t[m]))]));
for (const [side, list] of Object.entries(times)) {
  const wall = median(list.map((t) => t.wall));
  const cpu = median(list.map((t) => t.cpu));
  const added =
    side === "node -e 0"
      ? ""
      : `  added: wall +${(wall - base.wall).toFixed(0)} ms, CPU +${(cpu - base.cpu).toFixed(0)} ms`;
  console.log(
    `  ${side.padEnd(10)} wall ${wall.toFixed(0).padStart(4)} ms  CPU ${cpu.toFixed(0).padStart(4)} ms${added}`,
  );
}
console.log(
  "inside one process (median ms, wall / CPU): load = the guard's modules and rule table, message = first scan (a commit message), files = the 10 files",
);
for (const [name, list] of Object.entries(phases)) {
  const cell = (k) =>
    `${k} ${median(list.map((p) => p[k][0])).toFixed(1)} / ${median(list.map((p) => p[k][1])).toFixed(1)}`;
  console.log(`  ${name.padEnd(10)} ${["load", "message", "files"].map(cell).join("   ")}`);
}
if (builds.compared) {
  const ratio = (m) =>
    (median(times.compared.map((t) => t[m])) - base[m]) / (median(times.rampart.map((t) => t[m])) - base[m]);
  console.log(
    `  compared / rampart, time added to the commit: wall ${ratio("wall").toFixed(2)}x, CPU ${ratio("cpu").toFixed(2)}x`,
  );
}
