#!/usr/bin/env zx
// Pre-commit cost of the secret guard: real `git commit`s of a 10-file staged change, once with a
// pre-commit hook that runs `rampart secrets scan --staged` and once with a hook that only starts
// Node (`node -e 0`). Target: the guard adds at most 30% to the hook-only-starts-Node commit.
// Usage: node bench/run.mjs secrets-hook   (build first: pnpm exec tsc -b packages/cli)
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median } from "./lib/measure.mjs";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "packages/cli/bin/rampart.js");
const rounds = Number(process.env.ROUNDS ?? 25);
const dir = realpathSync(mkdtempSync(join(tmpdir(), "rampart-bench-hook-")));
const env = {
  PATH: process.env.PATH,
  HOME: dir,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: join(dir, ".gitconfig"),
  LANG: "C.UTF-8",
};
const git = (...args) => {
  const r = spawnSync("git", args, { cwd: join(dir, "repo"), env, encoding: "utf8" });
  if (r.status !== 0 && args[0] !== "commit") throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r;
};

// Ten real source files of this repository: the kind of change a developer commits.
const sources = readdirSync(join(root, "packages/secrets/src"))
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .slice(0, 10)
  .map((f) => readFileSync(join(root, "packages/secrets/src", f), "utf8"));

spawnSync("mkdir", ["-p", join(dir, "repo")]);
git("init", "-q", "-b", "main");
for (const [k, v] of [
  ["user.name", "Bench"],
  ["user.email", "bench@example.invalid"],
  ["commit.gpgsign", "false"],
  ["gc.auto", "0"],
])
  git("config", k, v);
for (const [i, s] of sources.entries()) writeFileSync(join(dir, "repo", `file${i}.ts`), s);
git("add", "-A");
git("commit", "-q", "--no-verify", "-m", "initial");

const hooks = {
  "node -e 0": `#!/bin/sh\nexec "${process.execPath}" -e 0\n`,
  "rampart secrets scan --staged": `#!/bin/sh\nexec "${process.execPath}" "${bin}" secrets scan --staged --quiet\n`,
};

// CPU time (user + sys of git, the hook and everything they start) is reported beside wall time:
// on a shared, loaded machine it is the steadier of the two.
const hasTime = existsSync("/usr/bin/time");

/** One commit of a fresh 10-file change with the given hook; returns { wall, cpu } in ms. */
function timedCommit(hook, round) {
  writeFileSync(join(dir, "repo/.git/hooks/pre-commit"), hooks[hook]);
  chmodSync(join(dir, "repo/.git/hooks/pre-commit"), 0o755);
  for (let i = 0; i < 10; i++) {
    const f = join(dir, "repo", `file${i}.ts`);
    writeFileSync(f, `${readFileSync(f, "utf8")}\nexport const round${round}_${i} = ${round * 10 + i};\n`);
  }
  git("add", "-A");
  const t = process.hrtime.bigint();
  const argv = ["git", "commit", "-q", "-m", `round ${round}`];
  const r = hasTime
    ? spawnSync("/usr/bin/time", ["-f", "CPU %U %S", ...argv], { cwd: join(dir, "repo"), env, encoding: "utf8" })
    : spawnSync(argv[0], argv.slice(1), { cwd: join(dir, "repo"), env, encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`commit failed with hook ${hook}: ${r.stderr}`);
  const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr ?? "");
  return { wall, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN };
}

const times = { "node -e 0": [], "rampart secrets scan --staged": [] };
for (let round = 0; round < rounds; round++) {
  // Alternate the order so that drift in machine load hits both sides alike.
  const order = round % 2 === 0 ? Object.keys(hooks) : Object.keys(hooks).reverse();
  for (const hook of order) times[hook].push(timedCommit(hook, round * 2 + (hook === order[0] ? 0 : 1)));
}
rmSync(dir, { recursive: true, force: true });

const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
console.log(`git commit of a 10-file change, median of ${rounds} commits each (${process.version}, load ${load}):`);
for (const metric of ["wall", "cpu"]) {
  const base = median(times["node -e 0"].map((t) => t[metric]));
  const ours = median(times["rampart secrets scan --staged"].map((t) => t[metric]));
  if (Number.isNaN(base)) continue;
  const added = ours - base;
  console.log(`  ${metric === "wall" ? "wall time" : "CPU time (user+sys, git and hook)"}:`);
  console.log(`    hook runs node -e 0:                     ${base.toFixed(1)} ms`);
  console.log(`    hook runs rampart secrets scan --staged:  ${ours.toFixed(1)} ms`);
  console.log(
    `    added by the secret guard: ${added.toFixed(1)} ms = ${((added / base) * 100).toFixed(0)}% (target <= 30%)`,
  );
}
