#!/usr/bin/env zx
// The cost of a real `git commit` of a 10-file change, three ways, in one run:
//   rampart  - the hooks `rampart init --profile recommended` writes (husky; one `rampart hook`
//              process per hook: secrets on pre-commit, commitlint + secrets on commit-msg)
//   stack    - the design's stack wired the usual way: husky + lint-staged running secretlint
//              (preset-recommend) on staged files, commitlint on commit-msg
//   node -e 0 - a husky pre-commit hook that only starts Node (the floor for any Node hook)
// Targets: rampart's whole commit <= 1/3 of the stack's, and its pre-commit hook alone within
// 1.3x of the `node -e 0` hook. Prints medians and ratios.
// Usage: node bench/run.mjs hooks   (build first: npm run build)   ROUNDS=N to change repetitions.
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median } from "./lib/measure.mjs";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "packages/cli/bin/rampart.js");
const benchModules = join(root, "bench/node_modules");
const rounds = Number(process.env.ROUNDS ?? 9);
const work = realpathSync(mkdtempSync(join(tmpdir(), "rampart-bench-hooks-")));
const env = {
  PATH: process.env.PATH,
  HOME: work,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: join(work, ".gitconfig"),
  LANG: "C.UTF-8",
  NO_COLOR: "1",
};

function run(cwd, cmd, args, ok = true) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8" });
  if (ok && r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  return r;
}

// Ten real source files of this repository: the kind of change a developer commits.
const sourceDir = join(root, "packages/hooks/src");
const sources = readdirSync(sourceDir)
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .slice(0, 10)
  .map((f) => readFileSync(join(sourceDir, f), "utf8"));

function makeRepo(name, setup) {
  const dir = join(work, name);
  mkdirSync(dir);
  run(dir, "git", ["init", "-q", "-b", "main"]);
  for (const [k, v] of [
    ["user.name", "Bench"],
    ["user.email", "bench@example.invalid"],
    ["commit.gpgsign", "false"],
    ["gc.auto", "0"],
  ]) {
    run(dir, "git", ["config", k, v]);
  }
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, version: "1.0.0", private: true }, null, 2)}\n`);
  writeFileSync(join(dir, ".gitignore"), "node_modules\n");
  for (const [i, s] of sources.entries()) writeFileSync(join(dir, `file${i}.ts`), s);
  setup(dir);
  run(dir, "git", ["add", "-A"]);
  run(dir, "git", ["commit", "-q", "--no-verify", "-m", "chore: initial"]);
  return dir;
}

function linkModules(dir, names, rampart = false) {
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  mkdirSync(join(dir, "node_modules", "@commitlint"), { recursive: true });
  for (const n of names) symlinkSync(join(benchModules, n), join(dir, "node_modules", n));
  if (rampart) symlinkSync(bin, join(dir, "node_modules", ".bin", "rampart"));
}

const husky = (dir) => run(dir, process.execPath, [join(benchModules, "husky", "bin.js")]);

const repos = {
  rampart: makeRepo("rampart", (dir) => {
    linkModules(dir, ["husky", "lint-staged", "@commitlint/cli", "@commitlint/config-conventional"], true);
    run(dir, process.execPath, [bin, "init", "--yes", "--profile", "recommended"]);
  }),
  stack: makeRepo("stack", (dir) => {
    // The stack's tools straight from bench/ (its .bin too): what `npm install` would give.
    rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    symlinkSync(benchModules, join(dir, "node_modules"));
    husky(dir);
    writeFileSync(join(dir, ".husky", "pre-commit"), "npx lint-staged\n");
    writeFileSync(join(dir, ".husky", "commit-msg"), 'npx --no -- commitlint --edit "$1"\n');
    writeFileSync(join(dir, ".lintstagedrc.json"), `${JSON.stringify({ "*": "secretlint" })}\n`);
    writeFileSync(
      join(dir, ".secretlintrc.json"),
      `${JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] })}\n`,
    );
    writeFileSync(
      join(dir, "commitlint.config.mjs"),
      'export default { extends: ["@commitlint/config-conventional"] };\n',
    );
  }),
  "node -e 0": makeRepo("floor", (dir) => {
    linkModules(dir, ["husky"]);
    husky(dir);
    writeFileSync(join(dir, ".husky", "pre-commit"), "node -e 0\n");
  }),
};

/**
 * CPU ms (user + sys) of this process's waited-for children, from /proc (Linux): the whole tree a
 * `git commit` starts. Less disturbed than wall time on a busy machine; 10 ms resolution.
 */
function childCpu() {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, in 100 Hz ticks
  } catch {
    return Number.NaN;
  }
}

/** Stages a fresh 10-file change; returns wall and CPU ms of `git commit` and of pre-commit alone. */
function timedRound(dir, round) {
  for (let i = 0; i < 10; i++) {
    const f = join(dir, `file${i}.ts`);
    writeFileSync(f, `${readFileSync(f, "utf8")}\nexport const round${round}_${i} = ${round * 10 + i};\n`);
  }
  run(dir, "git", ["add", "-A"]);
  let cpu = childCpu();
  let t = process.hrtime.bigint();
  run(dir, "sh", [".husky/_/pre-commit"]);
  const preCommit = Number(process.hrtime.bigint() - t) / 1e6;
  const preCommitCpu = childCpu() - cpu;
  cpu = childCpu();
  t = process.hrtime.bigint();
  run(dir, "git", ["commit", "-q", "-m", `feat: round ${round}`]);
  const commit = Number(process.hrtime.bigint() - t) / 1e6;
  return { commit, preCommit, commitCpu: childCpu() - cpu, preCommitCpu };
}

const names = Object.keys(repos);
const KINDS = ["commit", "preCommit", "commitCpu", "preCommitCpu"];
const times = Object.fromEntries(names.map((n) => [n, Object.fromEntries(KINDS.map((k) => [k, []]))]));
try {
  for (const n of names) timedRound(repos[n], -1); // warm the file cache and git's index
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so that drift in machine load hits every side alike.
    for (let k = 0; k < names.length; k++) {
      const n = names[(round + k) % names.length];
      const r = timedRound(repos[n], round);
      for (const k of KINDS) times[n][k].push(r[k]);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const m = Object.fromEntries(names.map((n) => [n, Object.fromEntries(KINDS.map((k) => [k, median(times[n][k])]))]));
const ms = (x) => x.toFixed(0).padStart(6);
console.log(`hooks: git commit of 10 staged files, ${rounds} rounds, medians in ms (wall | CPU of all processes)`);
for (const n of names) {
  console.log(
    `  ${n.padEnd(10)} whole commit ${ms(m[n].commit)} | ${ms(m[n].commitCpu)}   pre-commit hook ${ms(m[n].preCommit)} | ${ms(m[n].preCommitCpu)}`,
  );
}
const ratio = (a, b, target, label) => {
  const wall = m[a][label] / m[b][label];
  const cpu = m[a][`${label}Cpu`] / m[b][`${label}Cpu`];
  const verdict = (x) => (x <= target ? "met" : "NOT met");
  return `wall ${wall.toFixed(2)} (${verdict(wall)}), CPU ${cpu.toFixed(2)} (${verdict(cpu)}); target <= ${target.toFixed(2)}`;
};
console.log(`  rampart / stack, whole commit:         ${ratio("rampart", "stack", 1 / 3, "commit")}`);
console.log(`  rampart / node -e 0, pre-commit alone: ${ratio("rampart", "node -e 0", 1.3, "preCommit")}`);
