#!/usr/bin/env zx
// SBOM: rampart vs `npm sbom --package-lock-only` (CycloneDX and SPDX), cyclonedx-npm and
// `pnpm sbom` where they run, in one run. On the largest npm v3 fixture (nodejs.org, which npm
// refuses: its root has no name) rampart runs as is and npm on a copy with a name added here; also
// on insomnia (the largest npm accepts unchanged) and vite's pnpm v9 lockfile. Prints medians,
// ratios, peak memory and the name@version sets where npm accepts the lockfile.
// `node bench/run.mjs sbom` (build first: pnpm exec tsc -b packages/cli).
// Targets (issues 6, 18): >= 9x faster than npm sbom, no slower than pnpm sbom, < 100 MB peak.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median, sharedOrSkip, timeCommand } from "./lib/measure.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = sharedOrSkip(root, "fixtures/lockfiles", "sbom");
const bin = join(root, "packages/cli/bin/rampart.js");
const cyclonedxNpm = join(root, "bench/node_modules/.bin/cyclonedx-npm");
const work = join(root, "bench/.work/sbom");
const REPS = Number(process.env.BENCH_REPS ?? 5);
// Slow peers (several seconds a run) get fewer repetitions; medians still interleave with rampart.
const SLOW_REPS = Number(process.env.BENCH_SLOW_REPS ?? 3);
// `--only=nodejs,named,insomnia,vite`: the cases to run (default all), e.g. `--only=vite` for pnpm sbom.
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const runs = (name) => only === undefined || only.includes(name);

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

/** A working copy (npm writes nothing with --package-lock-only, but copies keep fixtures pristine). */
function copyFixture(name, as = name) {
  const dir = join(work, as);
  cpSync(join(fixtures, name), dir, { recursive: true });
  return dir;
}

/** nodejs.org's lockfile with the name and version npm sbom needs for its root purl. */
function namedNodejsOrg() {
  const dir = copyFixture("npm-v3-large-nodejs.org", "nodejs.org-named");
  for (const file of ["package.json", "package-lock.json"]) {
    const data = JSON.parse(readFileSync(join(dir, file), "utf8"));
    Object.assign(data, { name: "nodejs.org", version: "0.0.0" });
    if (data.packages?.[""]) Object.assign(data.packages[""], { name: "nodejs.org", version: "0.0.0" });
    writeFileSync(join(dir, file), JSON.stringify(data, null, 2));
  }
  return dir;
}

const env = {
  ...process.env,
  NO_COLOR: "1",
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
  // pnpm would otherwise try to switch to the fixture's packageManager version.
  npm_config_manage_package_manager_versions: "false",
};
const tools = {
  "rampart cdx": (c) => [process.execPath, [bin, "sbom", "--include-dev", "--lockfile", c.file, "-q"]],
  "rampart spdx": (c) => [
    process.execPath,
    [bin, "sbom", "--include-dev", "--format", "spdx-json", "--lockfile", c.file, "-q"],
  ],
  "npm sbom cdx": () => ["npm", ["sbom", "--package-lock-only", "--sbom-format", "cyclonedx"]],
  "npm sbom spdx": () => ["npm", ["sbom", "--package-lock-only", "--sbom-format", "spdx"]],
  "cyclonedx-npm": () => [cyclonedxNpm, ["--package-lock-only", "--output-format", "JSON", "--flatten-components"]],
  "pnpm sbom": () => [pnpmWithSbom.cmd, ["sbom", "--lockfile-only", "--sbom-format", "cyclonedx"]],
};
/**
 * The pnpm the bench compares with on vite: pnpm 10 has no `sbom`, pnpm 12 (native) has. Pinned, so
 * that runs compare with the same peer; `$PNPM_SBOM` chooses another.
 */
const PNPM_SBOM_VERSION = "12.21.0";
/** Where the bench keeps the pnpm it fetched (gitignored; bench/.work is emptied every run). */
const pnpmPrefix = join(root, "bench/.cache", `pnpm-${PNPM_SBOM_VERSION}`);
const pnpmInPrefix = join(pnpmPrefix, "node_modules/.bin/pnpm");

/** Whether `candidate` runs and has `sbom`. */
function hasSbom(candidate) {
  const r = spawnSync(candidate, ["sbom", "--help"], { cwd: work, encoding: "utf8", env });
  return r.status === 0 && /sbom/i.test(r.stdout);
}

/**
 * A pnpm whose `sbom --help` works: $PNPM_SBOM, pnpm on PATH, a pnpm in npm's npx cache, or the one
 * in bench/.cache; with none, fetches pnpm@PNPM_SBOM_VERSION there with npm (install scripts off:
 * the package holds its native binary), unless BENCH_NO_FETCH=1. `why` says what was tried.
 */
function findPnpmWithSbom() {
  const npxDir = join(homedir(), ".npm/_npx");
  const cached = existsSync(npxDir) ? readdirSync(npxDir).map((d) => join(npxDir, d, "node_modules/.bin/pnpm")) : [];
  for (const candidate of [process.env.PNPM_SBOM, "pnpm", ...cached, pnpmInPrefix]) {
    if (!candidate || (candidate !== "pnpm" && !existsSync(candidate))) continue;
    if (hasSbom(candidate)) return { cmd: candidate };
  }
  if (process.env.BENCH_NO_FETCH === "1") return { why: "BENCH_NO_FETCH=1, none fetched" };
  console.log(`fetching pnpm@${PNPM_SBOM_VERSION} (for pnpm sbom) into ${pnpmPrefix}`);
  mkdirSync(pnpmPrefix, { recursive: true });
  const r = spawnSync(
    "npm",
    ["install", "--prefix", pnpmPrefix, "--no-save", "--ignore-scripts", "--no-audit", `pnpm@${PNPM_SBOM_VERSION}`],
    { encoding: "utf8", env },
  );
  if (r.status !== 0) return { why: `npm could not fetch pnpm@${PNPM_SBOM_VERSION}: ${firstErrorLine(r)}` };
  if (existsSync(pnpmInPrefix) && hasSbom(pnpmInPrefix)) return { cmd: pnpmInPrefix };
  return { why: `pnpm@${PNPM_SBOM_VERSION} fetched into ${pnpmPrefix} has no working sbom` };
}
const pnpmVersionOf = (cmd) => spawnSync(cmd, ["--version"], { cwd: work, encoding: "utf8", env }).stdout.trim();

const slow = new Set(["npm sbom cdx", "npm sbom spdx", "cyclonedx-npm"]);

/** Wall time in ms and peak RSS in MB of one run (GNU time's %M, in KB). */
function timed(tool, c) {
  const [cmd, args] = tools[tool](c);
  return timeCommand(cmd, args, { cwd: c.dir, env });
}

const fmt = (ms) => `${ms.toFixed(0)} ms`.padStart(9);

function measure(c, names) {
  const runs = Object.fromEntries(names.map((t) => [t, []]));
  for (let i = 0; i < REPS; i++) {
    for (const t of names) if (!slow.has(t) || i < SLOW_REPS) runs[t].push(timed(t, c)); // interleaved
  }
  return Object.fromEntries(
    names.map((t) => {
      const ok = runs[t].filter((r) => r.status === 0);
      const last = runs[t][0];
      if (ok.length === 0) return [t, { failed: true, last }];
      return [
        t,
        {
          ms: median(ok.map((r) => r.ms)),
          cpu: median(ok.map((r) => r.cpu)),
          mb: Math.max(...ok.map((r) => r.mb)),
          last,
          n: ok.length,
        },
      ];
    }),
  );
}

function firstErrorLine(r) {
  const lines = `${r.stderr}\n${r.stdout}`.split("\n").filter((l) => /error|Error|ERR/.test(l) && !/^npm warn/.test(l));
  return (lines[0] ?? `exit ${r.status}`).trim().slice(0, 160);
}

/** name@version of every component of a CycloneDX document (nested ones included). */
function nameVersions(doc) {
  const out = new Set();
  const walk = (list) => {
    for (const c of list ?? []) {
      out.add(`${c.group ? `${c.group}/` : ""}${c.name}@${c.version ?? ""}`);
      walk(c.components);
    }
  };
  walk(doc.components);
  return out;
}

/** Each peer against rampart writing the same format (SPDX peers against rampart spdx when measured). */
function report(label, m) {
  console.log(`\n${label}`);
  const base = m["rampart cdx"];
  for (const [tool, r] of Object.entries(m)) {
    if (r.failed) {
      console.log(`  ${tool.padEnd(14)}     FAILS: ${firstErrorLine(r.last)}`);
      continue;
    }
    const against = tool.endsWith("spdx") && m["rampart spdx"] ? "rampart spdx" : "rampart cdx";
    const ours = m[against];
    const speed = (x) => (x >= 1 ? `${x.toFixed(1)}x faster` : `${(1 / x).toFixed(1)}x slower`);
    const ratio =
      tool.startsWith("rampart") || ours.failed
        ? ""
        : `   -> rampart (${against.slice(8)}) is ${speed(r.ms / ours.ms)} (cpu: ${speed(r.cpu / ours.cpu)})`;
    console.log(
      `  ${tool.padEnd(14)}${fmt(r.ms)}  cpu ${fmt(r.cpu).trim().padStart(8)}  peak ${r.mb.toFixed(0).padStart(3)} MB  (n=${r.n})${ratio}`,
    );
  }
  const npm = m["npm sbom cdx"];
  if (npm && !npm.failed && !base.failed) {
    const ours = nameVersions(JSON.parse(base.last.stdout));
    const theirs = nameVersions(JSON.parse(npm.last.stdout));
    const onlyNpm = [...theirs].filter((x) => !ours.has(x)).sort();
    const onlyUs = [...ours].filter((x) => !theirs.has(x)).sort();
    console.log(
      `  name@version: rampart ${ours.size}, npm sbom ${theirs.size}; only in npm sbom: ${onlyNpm.length}, only in rampart: ${onlyUs.length}`,
    );
    if (onlyNpm.length)
      console.log(`    only in npm sbom: ${onlyNpm.slice(0, 12).join(", ")}${onlyNpm.length > 12 ? ", ..." : ""}`);
    if (onlyUs.length)
      console.log(`    only in rampart: ${onlyUs.slice(0, 12).join(", ")}${onlyUs.length > 12 ? ", ..." : ""}`);
  }
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
console.log(
  `sbom bench: medians of ${REPS} interleaved runs (${SLOW_REPS} for npm and cyclonedx-npm), node ${process.version}, npm ${spawnSync("npm", ["-v"], { encoding: "utf8", env }).stdout.trim()}, load average ${load()}`,
);
console.log("  (wall time and CPU time, user + system with child processes: on a loaded machine CPU is the steadier)");
if (!existsSync(join(root, "packages/cli/dist/main.js"))) throw new Error("build first: pnpm exec tsc -b packages/cli");

// 1. The largest npm v3 lockfile as it is: npm refuses it (root without name/version).
const nodejs = { dir: copyFixture("npm-v3-large-nodejs.org"), file: "package-lock.json" };
if (runs("nodejs"))
  report(
    "npm v3, 2,611 install paths, 1,842 name@version (nodejs.org), unchanged",
    measure(nodejs, ["rampart cdx", "npm sbom cdx"]),
  );

// 2. The same lockfile with a root name added, so that npm accepts it.
const named = { dir: namedNodejsOrg(), file: "package-lock.json" };
if (runs("named"))
  report(
    "npm v3, nodejs.org with a root name added for npm",
    measure(named, ["rampart cdx", "rampart spdx", "npm sbom cdx", "npm sbom spdx", "cyclonedx-npm"]),
  );

// 3. The largest npm v3 fixture npm accepts as it is.
const insomnia = { dir: copyFixture("npm-v3-workspaces-insomnia"), file: "package-lock.json" };
if (runs("insomnia"))
  report(
    "npm v3, 1,819 install paths, 5 workspaces (insomnia), unchanged",
    measure(insomnia, ["rampart cdx", "rampart spdx", "npm sbom cdx", "npm sbom spdx", "cyclonedx-npm"]),
  );

// 4. pnpm v9 (vite): pnpm's own sbom, from a pnpm 12 found or fetched (findPnpmWithSbom).
const pnpmWithSbom = runs("vite") ? findPnpmWithSbom() : {};
const vite = { dir: copyFixture("pnpm-v9-large-vite"), file: "pnpm-lock.yaml" };
if (runs("vite"))
  report(
    `pnpm v9, 1,405 packages, 279 importers (vite)${pnpmWithSbom.cmd ? `; pnpm ${pnpmVersionOf(pnpmWithSbom.cmd)}` : ""}`,
    measure(vite, pnpmWithSbom.cmd ? ["rampart cdx", "pnpm sbom"] : ["rampart cdx"]),
  );
if (runs("vite") && !pnpmWithSbom.cmd) {
  const probe = spawnSync("pnpm", ["sbom", "--help"], { cwd: work, encoding: "utf8", env });
  console.log(
    `  pnpm sbom: not run: pnpm ${pnpmVersionOf("pnpm")} on PATH has none (${firstErrorLine(probe)}); ${pnpmWithSbom.why}`,
  );
}
console.log("  cdxgen: not installed in bench/node_modules, not run");
console.log(
  `\ntargets (issue 18): >= 9x npm sbom on nodejs.org, no slower than pnpm sbom on vite; load average now ${load()}`,
);
