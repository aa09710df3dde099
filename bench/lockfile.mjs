#!/usr/bin/env zx
// Lockfile checks: rampart vs lockfile-lint (same checks: https, allowed hosts npm+yarn, integrity,
// package names) on the largest npm fixture, the yarn v1 fixture and a tampered copy of the npm
// one, in one run; a "floor" (a bare node script that only parses the lockfile and prints a
// summary); rampart alone on the large pnpm and yarn berry fixtures; peak memory; and whether
// rampart reports every true finding lockfile-lint does. `node bench/lockfile.mjs` (build first:
// pnpm exec tsc -b packages/cli). Medians decide; minimums are printed because a shared machine's
// load moves medians a lot. Targets (issues 4, 18): >= 4x faster than lockfile-lint on every fixture
// it reads (npm v1, v3, yarn v1) with the same findings or better (the diff is printed), within
// about 1.3x of the floor, < 100 MB peak.
import { spawnSync } from "node:child_process";
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median, sharedOrSkip, timeCommand } from "./lib/measure.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = sharedOrSkip(root, "fixtures/lockfiles", "lockfile");
const bin = join(root, "packages/cli/bin/rampart.js");
const lockfileLint = join(root, "bench/node_modules/.bin/lockfile-lint");
const work = join(root, "bench/.work/lockfile");
const REPS = Number(process.env.BENCH_REPS ?? 7);
const lib = await import(join(root, "packages/lockfile/dist/index.js"));

mkdirSync(work, { recursive: true });
const floorScript = join(work, "floor.mjs");
// The floor: what any checker must at least do (start node, read the file, parse it, print).
writeFileSync(
  floorScript,
  `import { readFileSync } from "node:fs";
const text = readFileSync(process.argv[2], "utf8");
const n = process.argv[2].endsWith(".json") ? Object.keys(JSON.parse(text).packages ?? {}).length : text.split("\\n\\n").length;
console.log(n, "entries");
`,
);

/** A copy of the npm fixture with lockfile-lint's kinds of problems (and one it cannot see). */
function tamperedNpm() {
  const dir = join(work, "npm-v3-tampered");
  mkdirSync(dir, { recursive: true });
  const src = join(fixtures, "npm-v3-large-nodejs.org");
  copyFileSync(join(src, "package.json"), join(dir, "package.json"));
  let text = readFileSync(join(src, "package-lock.json"), "utf8");
  const swaps = [
    [
      '"resolved": "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz"',
      '"resolved": "https://npm.evil.example/ms/-/ms-2.1.2.tgz"',
    ],
    [
      '"resolved": "https://registry.npmjs.org/semver/-/semver-7.5.4.tgz"',
      '"resolved": "http://registry.npmjs.org/semver/-/semver-7.5.4.tgz"',
    ],
    [
      '"resolved": "https://registry.npmjs.org/debug/-/debug-4.3.4.tgz"',
      '"resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz"',
    ],
    // lockfile-lint cannot see these two: a tarball of another version, a deleted integrity.
    [
      '"resolved": "https://registry.npmjs.org/yallist/-/yallist-4.0.0.tgz"',
      '"resolved": "https://registry.npmjs.org/yallist/-/yallist-3.1.1.tgz"',
    ],
  ];
  for (const [from, to] of swaps) {
    if (!text.includes(from)) throw new Error(`bench fixture drifted: ${from} not found`);
    text = text.replace(from, to);
  }
  text = text.replace(
    /("resolved": "https:\/\/registry\.npmjs\.org\/picomatch\/-\/picomatch-2\.3\.1\.tgz",\n\s*)"integrity": "[^"]+",\n\s*/,
    "$1",
  );
  writeFileSync(join(dir, "package-lock.json"), text);
  return dir;
}

const cases = [
  {
    label: "npm v3, 2,611 packages (nodejs.org)",
    dir: join(fixtures, "npm-v3-large-nodejs.org"),
    file: "package-lock.json",
    type: "npm",
  },
  {
    label: "npm v1, large (vscode-jupyter)",
    dir: join(fixtures, "npm-v1-large-vscode-jupyter"),
    file: "package-lock.json",
    type: "npm",
  },
  {
    label: "yarn v1, 1,397 entries (webpack)",
    dir: join(fixtures, "yarn-v1-webpack"),
    file: "yarn.lock",
    type: "yarn",
  },
  { label: "npm v3 tampered copy", dir: tamperedNpm(), file: "package-lock.json", type: "npm" },
];
const alone = [
  {
    label: "pnpm v9, 1,406 snapshots, 279 importers (vite)",
    dir: join(fixtures, "pnpm-v9-large-vite"),
    file: "pnpm-lock.yaml",
  },
  {
    label: "pnpm v6, 1,243 packages, 214 importers (vite)",
    dir: join(fixtures, "pnpm-v6-vite"),
    file: "pnpm-lock.yaml",
  },
  {
    label: "yarn berry v10, 1,749 entries, 163 workspaces (babel)",
    dir: join(fixtures, "yarn-berry-v10-babel"),
    file: "yarn.lock",
  },
];

const commands = {
  rampart: (c) => [process.execPath, [bin, "lockfile", "check", c.file, "--format", "json"]],
  "lockfile-lint": (c) => [
    lockfileLint,
    [
      "--path",
      c.file,
      "--type",
      c.type,
      "--validate-https",
      "--allowed-hosts",
      "npm",
      "yarn",
      "--validate-integrity",
      "--validate-package-names",
    ],
  ],
  floor: (c) => [process.execPath, [floorScript, c.file]],
};

/**
 * Wall time in ms, CPU time (user + system, all threads) in ms and peak RSS in MB of one run (GNU
 * time's %U %S %M). CPU time moves less than wall time when other work loads the machine.
 */
function timed(tool, c) {
  const [cmd, args] = commands[tool](c);
  return timeCommand(cmd, args, { cwd: c.dir, env: { ...process.env, NO_COLOR: "1" } });
}

/** rampart's own work, in this process (parse + every check): what remains once node has started. */
async function inProcess(c) {
  const times = [];
  for (let i = 0; i < REPS; i++) {
    const start = performance.now();
    const lockfile = await lib.parseLockfile({ path: c.file, cwd: c.dir });
    await lib.checkLockfile(lockfile, {}, { cwd: c.dir });
    times.push(performance.now() - start);
  }
  return median(times);
}

const fmt = (ms) => `${ms.toFixed(0)} ms`.padStart(8);

function measure(c, tools) {
  const runs = Object.fromEntries(tools.map((t) => [t, []]));
  for (let i = 0; i < REPS; i++) for (const t of tools) runs[t].push(timed(t, c)); // interleaved
  return Object.fromEntries(
    tools.map((t) => [
      t,
      {
        ms: median(runs[t].map((r) => r.ms)),
        min: Math.min(...runs[t].map((r) => r.ms)),
        cpu: median(runs[t].map((r) => r.cpu)),
        mb: Math.max(...runs[t].map((r) => r.mb)),
        last: runs[t][0],
      },
    ]),
  );
}

/**
 * lockfile-lint's findings as package names, next to rampart's. Two kinds of its findings are false:
 * an npm alias it calls a "different name", and (lockfile v1) a scoped package whose scope it drops
 * ("map-sources@1.0.0" for @gulp-sourcemaps/map-sources; "expected: shortid, actual: @types/shortid").
 */
async function compareFindings(c, rp) {
  // lockfile-lint exits before a pipe takes all of a long report (678 of 1,082 findings on npm
  // v1): its findings are read from a file it writes to instead.
  const out = join(work, "lockfile-lint.out");
  const fd = openSync(out, "w");
  const [cmd, args] = commands["lockfile-lint"](c);
  spawnSync(cmd, args, { cwd: c.dir, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const blocks = readFileSync(out, "utf8")
    .split(/\n(?=detected )/)
    .filter((b) => b.startsWith("detected "));
  const lockfile = await lib.parseLockfile({ path: c.file, cwd: c.dir });
  const aliases = new Set(lockfile.packages.flatMap((p) => p.aliases ?? []));
  const all = [];
  let falseAlias = 0;
  let falseScope = 0;
  for (const block of blocks) {
    const name = /^detected [^:]*: (\S+)/.exec(block)?.[1].replace(/^(@?[^@]+)@.*$/, "$1");
    if (name === undefined) continue;
    const expected = /expected: (\S+)/.exec(block)?.[1];
    const actual = /actual: (\S+)/.exec(block)?.[1];
    if (aliases.has(name)) falseAlias++;
    else if (/different name/.test(block) && actual?.startsWith("@") && actual.endsWith(`/${expected}`)) falseScope++;
    else all.push(name);
  }
  const report = JSON.parse(rp.stdout);
  const reported = new Set(report.findings.map((f) => f.properties?.package).filter(Boolean));
  for (const p of lockfile.packages) if (p.aliases?.some((a) => reported.has(a))) reported.add(p.name);
  const unscoped = (n) => n.slice(n.indexOf("/") + 1);
  const reportedUnscoped = new Set([...reported].map(unscoped));
  const missed = [...new Set(all)].filter(
    (n) =>
      !reported.has(n) &&
      !reportedUnscoped.has(n) &&
      !lockfile.packages.some((p) => p.aliases?.includes(n) && reported.has(p.name)),
  );
  // The findings diff, by package: what only one of the two reports (its false findings apart).
  const llSet = new Set(all);
  const onlyRampart = [...new Set(report.findings.map((f) => `${f.ruleId}: ${f.properties?.package ?? f.message}`))]
    .filter((line) => {
      const pkg = line.slice(line.indexOf(": ") + 2);
      return !llSet.has(pkg) && !llSet.has(unscoped(pkg));
    })
    .sort();
  return { ll: blocks.length, falseAlias, falseScope, rampart: report.findings.length, missed, onlyRampart };
}

console.log(
  `lockfile bench: median of ${REPS} interleaved runs each, node ${process.version}, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}\n`,
);
let worst = { vsLint: Infinity, vsFloor: 0, mb: 0 };
/** Fixtures where rampart misses a true lockfile-lint finding (the "same findings or better" target). */
const missedOn = [];
for (const c of cases) {
  const m = measure(c, ["rampart", "lockfile-lint", "floor"]);
  const vsLint = m["lockfile-lint"].ms / m.rampart.ms;
  const vsFloor = m.rampart.ms / m.floor.ms;
  worst = {
    vsLint: Math.min(worst.vsLint, vsLint),
    vsFloor: Math.max(worst.vsFloor, vsFloor),
    mb: Math.max(worst.mb, m.rampart.mb),
  };
  const f = await compareFindings(c, m.rampart.last);
  if (f.missed.length > 0) missedOn.push(`${c.label} (${f.missed.length})`);
  console.log(c.label);
  console.log(
    `  rampart       ${fmt(m.rampart.ms)} (min ${fmt(m.rampart.min).trim()}, cpu ${fmt(m.rampart.cpu).trim()})  peak ${m.rampart.mb.toFixed(0)} MB   (parse + checks in-process, warm: ${(await inProcess(c)).toFixed(0)} ms)`,
  );
  console.log(
    `  lockfile-lint ${fmt(m["lockfile-lint"].ms)} (min ${fmt(m["lockfile-lint"].min).trim()}, cpu ${fmt(m["lockfile-lint"].cpu).trim()})  peak ${m["lockfile-lint"].mb.toFixed(0)} MB   -> rampart is ${vsLint.toFixed(2)}x faster (cpu: ${(m["lockfile-lint"].cpu / m.rampart.cpu).toFixed(2)}x)`,
  );
  console.log(
    `  floor         ${fmt(m.floor.ms)} (min ${fmt(m.floor.min).trim()}, cpu ${fmt(m.floor.cpu).trim()})  peak ${m.floor.mb.toFixed(0)} MB   -> rampart is ${vsFloor.toFixed(2)}x the floor (cpu: ${(m.rampart.cpu / m.floor.cpu).toFixed(2)}x)`,
  );
  console.log(
    `  findings: lockfile-lint ${f.ll} (${f.falseAlias} npm aliases and ${f.falseScope} scoped packages it misreads as name mismatches), rampart ${f.rampart}; true lockfile-lint findings rampart misses: ${f.missed.length === 0 ? "none" : f.missed.join(", ")}`,
  );
  console.log(`  findings diff (- lockfile-lint only, + rampart only):`);
  for (const n of f.missed) console.log(`    - ${n}`);
  for (const line of f.onlyRampart.slice(0, 12)) console.log(`    + ${line}`);
  if (f.onlyRampart.length > 12) console.log(`    + ... ${f.onlyRampart.length - 12} more`);
  if (f.missed.length === 0 && f.onlyRampart.length === 0) console.log("    (none)");
  console.log("");
}
for (const c of alone) {
  const m = measure(c, ["rampart", "floor"]);
  const report = JSON.parse(m.rampart.last.stdout);
  console.log(c.label);
  console.log(
    `  rampart       ${fmt(m.rampart.ms)} (min ${fmt(m.rampart.min).trim()}, cpu ${fmt(m.rampart.cpu).trim()})  peak ${m.rampart.mb.toFixed(0)} MB  (${report.findings.length} findings; parse + checks in-process, warm: ${(await inProcess(c)).toFixed(0)} ms)   floor ${fmt(m.floor.ms)}`,
  );
  worst.mb = Math.max(worst.mb, m.rampart.mb);
}
console.log(
  `\nsummary: worst ratio vs lockfile-lint ${worst.vsLint.toFixed(2)}x faster (target >= 4x: ${worst.vsLint >= 4 ? "met" : "NOT met"}); findings: ${missedOn.length === 0 ? "every true lockfile-lint finding reported (same or better: met)" : `rampart misses true lockfile-lint findings on ${missedOn.join(", ")} (NOT met)`}; worst vs floor ${worst.vsFloor.toFixed(2)}x (target ~1.3x); peak ${worst.mb.toFixed(0)} MB (target < 100 MB)`,
);
