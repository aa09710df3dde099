#!/usr/bin/env zx
// What rampart's hooks add to a `git commit`, against the same commit with hooks off, and against
// peer hook stacks, all in one run (paired: every round commits the same change in each repo,
// in rotated order, so drift in machine load hits every side alike).
//
// Two changes, in repos set up alike (10 .ts and 10 .md files; the project's lint-staged config
// has one task, `"*.ts": "true"`, which does nothing itself, so what is measured is lint-staged's
// own cost; commitlint with @commitlint/config-conventional):
//   10 files      - 10 .ts files changed: lint-staged has a task to run
//   nothing to do - 10 .md files changed: no lint-staged task matches
// Sides:
//   hooks off  - the rampart repo, `git -c core.hooksPath=/dev/null commit`: the floor
//   rampart    - `rampart init --profile recommended` (husky; pre-commit: lint-staged, secret
//                guard, lockfile/workflow checks when staged; commit-msg: commitlint + secrets)
//   lefthook   - lefthook (native, from the npm registry: installed into a cache folder on the
//                first run) running the same lint-staged task list natively, gitleaks when it is
//                on the PATH (it is not on npm), and commitlint on commit-msg
//   husky      - the design's stack wired the usual way: husky + lint-staged (the task, and
//                secretlint on every staged file) + commitlint
//   no snapshot - rampart with RAMPART_SNAPSHOT=0: its hooks run `node bin/rampart.js` without the
//                startup snapshot (the rampart side's blob is built before the first round)
//   before     - RAMPART_BEFORE=/path/to/another/checkout adds that build of rampart as a side
//   floor sh   - rampart's hooks (husky's wrappers, rampart's blocks) with RAMPART=0: the blocks
//                skip before starting anything: what husky, sh and git cost
//   floor node - rampart's hooks running an empty node_modules/rampart/bin/rampart.js: adds two
//                Node start-ups, the least any hook stack that runs Node on both hooks pays (what
//                rampart's own work is measured over)
// Targets (issue 18): rampart's overhead over hooks off <= 250 ms (10 files), <= 100 ms (nothing
// to do). rampart runs with RAMPART_TIMING=1: the per-stage medians of each hook are printed.
// Usage: node bench/run.mjs hooks   (build first: npm run build)   ROUNDS=N to change repetitions.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median, sandboxEnv } from "./lib/measure.mjs";

const root = resolve(import.meta.dirname, "..");
const benchModules = join(root, "bench/node_modules");
const rounds = Number(process.env.ROUNDS ?? 9);
const LEFTHOOK = "2.2.1";
const work = realpathSync(mkdtempSync(join(tmpdir(), "rampart-bench-hooks-")));
const env = sandboxEnv(work, { NO_COLOR: "1", RAMPART_TIMING: "1" });

function run(cwd, cmd, args, ok = true, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extraEnv }, encoding: "utf8" });
  if (ok && r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  return r;
}

const onPath = (name) => spawnSync("sh", ["-c", `command -v ${name}`], { env }).status === 0;

/** lefthook from the npm registry, once, into a cache folder (its install script stays off). */
function lefthookBin() {
  const dir = join(tmpdir(), `rampart-bench-lefthook-${LEFTHOOK}`);
  const bin = join(
    dir,
    "node_modules",
    `lefthook-${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`,
    "bin",
    "lefthook",
  );
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync(
      "npm",
      [
        "install",
        "--prefix",
        dir,
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        "--save-exact",
        `lefthook@${LEFTHOOK}`,
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0 || !existsSync(bin)) return undefined;
  }
  return bin;
}

// Ten real source files of this repository and ten of its READMEs: a developer's kind of change.
const pick = (dir, ext) =>
  spawnSync("git", ["ls-files", `*${ext}`], { cwd: join(root, dir), encoding: "utf8" })
    .stdout.split("\n")
    .filter((f) => f !== "" && !f.includes("secrets")) // no sample tokens: the commits must pass
    .slice(0, 10)
    .map((f) => readFileSync(join(root, dir, f), "utf8"));
const sources = { ts: pick("packages/hooks/src", ".ts"), md: pick("packages", ".md") };

const LINT_TASKS = { "*.ts": "true" };
const COMMITLINT = 'export default { extends: ["@commitlint/config-conventional"] };\n';

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
  for (const ext of ["ts", "md"])
    for (const [i, s] of sources[ext].entries()) writeFileSync(join(dir, `file${i}.${ext}`), s);
  setup(dir);
  run(dir, "git", ["add", "-A"]);
  run(dir, "git", ["commit", "-q", "--no-verify", "-m", "chore: initial"]);
  return dir;
}

function linkModules(dir, names, rampartBin) {
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  mkdirSync(join(dir, "node_modules", "@commitlint"), { recursive: true });
  for (const n of names) symlinkSync(join(benchModules, n), join(dir, "node_modules", n));
  for (const n of ["lint-staged", "commitlint"])
    symlinkSync(join(benchModules, ".bin", n), join(dir, "node_modules", ".bin", n));
  if (rampartBin) {
    symlinkSync(rampartBin, join(dir, "node_modules", ".bin", "rampart"));
    // What the hooks run: node node_modules/rampart/bin/rampart.js (older inits: .bin/rampart).
    symlinkSync(resolve(rampartBin, "..", ".."), join(dir, "node_modules", "rampart"));
  }
}

const husky = (dir) => run(dir, process.execPath, [join(benchModules, "husky", "bin.js")]);
const TOOLS = ["husky", "lint-staged", "@commitlint/cli", "@commitlint/config-conventional"];

function rampartRepo(name, checkout, floor) {
  const bin = join(checkout, "packages/cli/bin/rampart.js");
  return makeRepo(name, (dir) => {
    linkModules(dir, TOOLS, bin);
    run(dir, process.execPath, [bin, "init", "--yes", "--profile", "recommended"]);
    writeFileSync(join(dir, "lint-staged.config.mjs"), `export default ${JSON.stringify(LINT_TASKS)};\n`);
    writeFileSync(join(dir, "commitlint.config.mjs"), COMMITLINT);
    // The hooks' startup snapshot, built now rather than in the background during the first rounds.
    const builder = join(checkout, "packages/cli/dist/hook-snapshot-build.js");
    if ((name === "rampart" || name === "before") && existsSync(builder)) {
      run(dir, process.execPath, [builder, join(dir, ".git")]);
      const blob = join(dir, ".git/rampart/hook.blob");
      if (existsSync(blob)) blobs[name] = statSync(blob).size;
    }
    if (floor) {
      // The same hooks running a rampart that does nothing: what husky, sh, git and Node's start cost.
      rmSync(join(dir, "node_modules", "rampart"));
      mkdirSync(join(dir, "node_modules", "rampart", "bin"), { recursive: true });
      writeFileSync(join(dir, "node_modules", "rampart", "bin", "rampart.js"), "");
    }
  });
}

const notes = [];
/** Side -> the size of the startup snapshot its builder wrote (what every hook start reads). */
const blobs = {};
const lefthook = lefthookBin();
const gitleaks = onPath("gitleaks");
if (lefthook === undefined)
  notes.push(`lefthook@${LEFTHOOK} could not be installed from the npm registry: that side is left out`);
if (!gitleaks)
  notes.push(
    "gitleaks is not on the PATH (it is not on npm): the lefthook side runs no secret scan, which flatters it",
  );

const repos = {
  rampart: rampartRepo("rampart", root),
  "no snapshot": rampartRepo("no-snapshot", root),
  ...(process.env.RAMPART_BEFORE ? { before: rampartRepo("before", resolve(process.env.RAMPART_BEFORE)) } : {}),
  "floor sh": rampartRepo("floor-sh", root),
  "floor node": rampartRepo("floor-node", root, true),
  ...(lefthook
    ? {
        lefthook: makeRepo("lefthook", (dir) => {
          linkModules(dir, TOOLS.slice(1));
          writeFileSync(
            join(dir, "lefthook.yml"),
            [
              "pre-commit:",
              "  commands:",
              "    lint:",
              '      glob: "*.ts"',
              "      run: true {staged_files}",
              ...(gitleaks
                ? ["    secrets:", "      run: gitleaks git --pre-commit --staged --no-banner --redact"]
                : []),
              "commit-msg:",
              "  commands:",
              "    commitlint:",
              "      run: node_modules/.bin/commitlint --edit {1}",
              "",
            ].join("\n"),
          );
          writeFileSync(join(dir, "commitlint.config.mjs"), COMMITLINT);
          run(dir, lefthook, ["install"]);
        }),
      }
    : {}),
  husky: makeRepo("husky", (dir) => {
    rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    symlinkSync(benchModules, join(dir, "node_modules"));
    husky(dir);
    writeFileSync(join(dir, ".husky", "pre-commit"), "npx lint-staged\n");
    writeFileSync(join(dir, ".husky", "commit-msg"), 'npx --no -- commitlint --edit "$1"\n');
    writeFileSync(join(dir, ".lintstagedrc.json"), `${JSON.stringify({ ...LINT_TASKS, "*": "secretlint" })}\n`);
    writeFileSync(
      join(dir, ".secretlintrc.json"),
      `${JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] })}\n`,
    );
    writeFileSync(join(dir, "commitlint.config.mjs"), COMMITLINT);
  }),
};
const SIDES = ["hooks off", ...Object.keys(repos)];
const SCENARIOS = { "10 files": "ts", "nothing to do": "md" };

/** CPU ms (user + sys) of this process's waited-for children, from /proc (Linux); 10 ms resolution. */
function childCpu() {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Changes the scenario's 10 files, stages them, commits; wall and CPU ms of `git commit` alone. */
function commitRound(side, ext, round) {
  const dir = side === "hooks off" ? repos.rampart : repos[side];
  for (let i = 0; i < 10; i++) {
    const f = join(dir, `file${i}.${ext}`);
    writeFileSync(f, `${readFileSync(f, "utf8")}\n${ext === "ts" ? "//" : ""} round ${round} ${i}\n`);
  }
  run(dir, "git", ["add", "-A"]);
  const args = side === "hooks off" ? ["-c", "core.hooksPath=/dev/null", "commit"] : ["commit"];
  const extra =
    side === "lefthook"
      ? { LEFTHOOK_BIN: lefthook }
      : side === "floor sh"
        ? { RAMPART: "0" }
        : side === "no snapshot"
          ? { RAMPART_SNAPSHOT: "0" }
          : {};
  const cpu = childCpu();
  const t = process.hrtime.bigint();
  const r = run(dir, "git", [...args, "-q", "-m", `feat: round ${round}`], true, extra);
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  const timings = {};
  for (const m of r.stderr.matchAll(/^rampart timing ([\w-]+): (\{.*\})$/gm)) timings[m[1]] = JSON.parse(m[2]);
  return { wall, cpu: childCpu() - cpu, timings };
}

const results = {}; // scenario -> side -> [{wall, cpu, timings}]
try {
  for (const [scenario, ext] of Object.entries(SCENARIOS)) {
    results[scenario] = Object.fromEntries(SIDES.map((s) => [s, []]));
    for (const side of SIDES) commitRound(side, ext, -1); // warm the file cache, git's index, V8's compile cache
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < SIDES.length; k++) {
        const side = SIDES[(round + k) % SIDES.length];
        results[scenario][side].push(commitRound(side, ext, round));
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const ms = (x) => (Number.isFinite(x) ? x.toFixed(0) : "-").padStart(5);
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(" ");
console.log(`hooks: git commit, ${rounds} paired rounds per change; medians in ms; load average now ${load} (2 cores)`);
const TARGET = { "10 files": 250, "nothing to do": 100 };
for (const scenario of Object.keys(SCENARIOS)) {
  const sides = results[scenario];
  const off = sides["hooks off"];
  // Per round, each side minus the hooks-off commit of the same round: the overhead, paired.
  const over = (side, k) => median(sides[side].map((r, i) => r[k] - off[i][k]));
  console.log(`\n  ${scenario}: whole commit wall | CPU, and overhead over hooks off (paired) wall | CPU`);
  for (const side of SIDES) {
    const w = median(sides[side].map((r) => r.wall));
    const c = median(sides[side].map((r) => r.cpu));
    const extra = side === "hooks off" ? "" : `   +${ms(over(side, "wall"))} | +${ms(over(side, "cpu"))}`;
    console.log(`    ${side.padEnd(11)} ${ms(w)} | ${ms(c)}${extra}`);
  }
  const mine = over("rampart", "wall");
  console.log(
    `    rampart overhead ${mine.toFixed(0)} ms: target <= ${TARGET[scenario]} ms ${mine <= TARGET[scenario] ? "met" : "NOT met"}`,
  );
  const floor = (side) => over(side, "wall").toFixed(0);
  console.log(
    `    floors: husky + sh + git with a no-op shell hook +${floor("floor sh")}, with a no-op Node hook +${floor("floor node")} (two Node start-ups); rampart's own work over the Node floor: +${(mine - over("floor node", "wall")).toFixed(0)}`,
  );
  for (const peer of SIDES.filter(
    (s) => !["hooks off", "rampart", "no snapshot", "floor sh", "floor node"].includes(s),
  )) {
    const w = mine / over(peer, "wall");
    const c = over("rampart", "cpu") / over(peer, "cpu");
    console.log(`    rampart / ${peer} overhead: wall ${w.toFixed(2)}, CPU ${c.toFixed(2)}`);
  }
  for (const side of SIDES.filter((s) => s === "rampart" || s === "no snapshot" || s === "before")) {
    const byHook = {};
    for (const r of sides[side]) {
      for (const [hook, t] of Object.entries(r.timings)) byHook[hook] = [...(byHook[hook] ?? []), t];
    }
    for (const [hook, list] of Object.entries(byHook)) {
      const stages = [...new Set(list.flatMap((t) => Object.keys(t)))];
      const text = stages.map((s) => `${s} ${median(list.map((t) => t[s] ?? 0)).toFixed(0)}`).join(", ");
      console.log(`    ${side} ${hook} stages (ms, RAMPART_TIMING): ${text}`);
    }
    const cpus = sides[side].map((r) => Object.values(r.timings).map((t) => t.cpu));
    if (cpus.every((list) => list.length > 0 && list.every((c) => typeof c === "number"))) {
      const cpuInHooks = median(cpus.map((list) => list.reduce((a, c) => a + c, 0)));
      console.log(`    ${side} CPU of its own processes (both hooks): ${cpuInHooks.toFixed(0)} ms`);
    }
    const inHooks = median(sides[side].map((r) => Object.values(r.timings).reduce((a, t) => a + t.total, 0)));
    console.log(
      `    ${side} outside rampart's processes (husky's wrappers, sh, git running hooks): ${(over(side, "wall") - inHooks).toFixed(0)} ms`,
    );
  }
}
for (const [side, size] of Object.entries(blobs))
  console.log(
    `  ${side} startup snapshot: ${(size / 2 ** 20).toFixed(1)} MiB (.git/rampart/hook.blob, read at every hook start)`,
  );
for (const note of notes) console.log(`  note: ${note}`);
