#!/usr/bin/env node
// bench/licenses: issue 17's licence inventory of the 2,611-package nodejs.org npm lockfile,
// offline, beside license-checker-rseidelsohn (the maintained license-checker fork) on the same
// installed tree, with the ratio and the differences in findings.
//
// The lockfile records no licences, so rampart reads them where it would in a project: the
// installed node_modules (package.json, then a LICENSE text), and, in a second run without
// node_modules, a committed .rampart/licenses.json (here built from the installed manifests: the
// bench does not fetch 1,800 full registry documents; `deps update --online` fills it that way).
// The tree is installed once with `npm ci --ignore-scripts` from the fixture's package.json and
// lockfile, and the peer with `npm install --ignore-scripts` from the npm registry, both cached
// under $XDG_CACHE_HOME/rampart-bench/licenses (~/.cache). Without the network (no cache), the
// peer half is skipped with the reason.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median, sharedOrSkip, timeCommand } from "./lib/measure.mjs";

const PEER = "license-checker-rseidelsohn";
const PEER_VERSION = "5.0.1";
const root = resolve(import.meta.dirname, "..");
const fixture = sharedOrSkip(root, "fixtures/lockfiles/npm-v3-large-nodejs.org", "licenses");
const { parseLockfile } = await import(resolve(root, "packages/lockfile/dist/index.js"));
const deps = await import(resolve(root, "packages/deps/dist/index.js"));
const cli = resolve(root, "packages/cli/bin/rampart.js");
const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "rampart-bench", "licenses");
const work = mkdtempSync(join(tmpdir(), "rampart-licenses-bench-"));
const env = { ...process.env, RAMPART_NO_UPDATE_CHECK: "1", XDG_CACHE_HOME: join(work, "cache") };
const RUNS = Number(process.env.LICENSES_BENCH_RUNS ?? 5);
const PEER_RUNS = Number(process.env.LICENSES_BENCH_PEER_RUNS ?? 2);

const run = (cmd, args, cwd) => spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
const git = (cwd, ...args) => {
  const r = run("git", args, cwd);
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
};

/** A cached folder made by `make(dir)` in a `.partial` folder renamed into place on success. */
function cached(name, make) {
  const dir = join(cache, name);
  if (existsSync(dir)) return { dir, fresh: false };
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const problem = make(partial);
  if (problem !== undefined) {
    rmSync(partial, { recursive: true, force: true });
    return { problem };
  }
  renameSync(partial, dir);
  return { dir, fresh: true };
}

const npm = (args, cwd) => {
  const r = run("npm", [...args, "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd);
  return r.status === 0
    ? undefined
    : `npm ${args[0]} exited ${r.status}: ${(r.stderr || r.stdout).trim().split("\n").at(-1)}`;
};
const lockText = readFileSync(join(fixture, "package-lock.json"));
const treeKey = createHash("sha256").update(lockText).digest("hex").slice(0, 12);
const tree = cached(`tree-${treeKey}`, (dir) => {
  cpSync(join(fixture, "package.json"), join(dir, "package.json"));
  cpSync(join(fixture, "package-lock.json"), join(dir, "package-lock.json"));
  return npm(["ci", "--include=dev"], dir);
});
const peer = cached(`peer-${PEER_VERSION}`, (dir) => {
  writeFileSync(join(dir, "package.json"), '{ "name": "peer", "private": true }\n');
  return npm(["install", `${PEER}@${PEER_VERSION}`], dir);
});

/** A git repository holding the fixture's manifest and lockfile, optionally node_modules (a link to the tree). */
function repo(name, nodeModules, files = {}) {
  const dir = join(work, name);
  mkdirSync(dir);
  cpSync(join(fixture, "package.json"), join(dir, "package.json"));
  writeFileSync(join(dir, "package-lock.json"), lockText);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  if (nodeModules) symlinkSync(join(tree.dir, "node_modules"), join(dir, "node_modules"));
  git(dir, "init", "-q");
  git(dir, "add", "package.json", "package-lock.json", ...Object.keys(files));
  return dir;
}
const cliRuns = (n, cwd, ...args) => {
  const rs = [];
  for (let i = 0; i < n; i++) {
    const r = timeCommand(process.execPath, [cli, ...args], { cwd, env });
    if (r.status !== 0) throw new Error(`rampart ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    rs.push(r);
  }
  return { ms: median(rs.map((r) => r.ms)), cpu: median(rs.map((r) => r.cpu)), last: rs.at(-1) };
};
const fmt = (r) => `${r.ms.toFixed(0)} ms wall, ${r.cpu.toFixed(0)} ms CPU`;

try {
  if (tree.problem !== undefined) {
    console.log(
      `installed tree: could not install the fixture (${tree.problem}); the node_modules runs and the peer are skipped`,
    );
    process.exit(0);
  }
  console.log(`installed tree: ${tree.dir}${tree.fresh ? " (installed now)" : " (cached)"}`);

  // rampart, in process: parse the lockfile + the inventory (licences from node_modules).
  const withTree = repo("with-node-modules", true);
  const times = [];
  const cpus = [];
  let inventory;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const lockfile = await parseLockfile({ path: "package-lock.json", cwd: withTree });
    inventory = deps.licenseInventory(lockfile, { root: withTree, includeDev: true });
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpus.push((used.user + used.system) / 1000);
  }
  const entries = inventory.flatMap((g) => g.packages.map((p) => ({ ...p, license: g.license })));
  const bySource = {};
  for (const e of entries) bySource[e.source] = (bySource[e.source] ?? 0) + 1;
  console.log(
    `rampart, in process: parse + inventory of ${entries.length} distinct packages (${inventory.length} licences; sources ${JSON.stringify(bySource)}): ${median(times).toFixed(0)} ms wall, ${median(cpus).toFixed(0)} ms CPU (medians of ${RUNS}; the first, cold: ${times[0].toFixed(0)} ms wall); target < 300 ms`,
  );
  const cliTree = cliRuns(RUNS, withTree, "deps", "licenses", "--include-dev", "--format", "json");
  console.log(`rampart CLI, deps licenses --include-dev (node_modules): ${fmt(cliTree)} (medians of ${RUNS})`);

  // The committed-cache path: no node_modules, .rampart/licenses.json (built from the installed manifests).
  const licenses = {};
  for (const e of entries) if (e.source === "node_modules") licenses[`${e.name}@${e.version}`] = e.license;
  const cacheDoc = {
    version: 1,
    registry: "(built from the installed tree)",
    updated: new Date().toISOString(),
    licenses,
  };
  const withCache = repo("with-cache", false, { ".rampart/licenses.json": `${JSON.stringify(cacheDoc, null, 2)}\n` });
  const cliCache = cliRuns(RUNS, withCache, "deps", "licenses", "--include-dev", "--format", "json");
  console.log(`rampart CLI, deps licenses --include-dev (.rampart/licenses.json, no node_modules): ${fmt(cliCache)}`);

  if (peer.problem !== undefined) {
    console.log(`${PEER}: not installed (${peer.problem}); no ratio`);
    process.exit(0);
  }
  const peerBin = join(peer.dir, "node_modules", PEER, "bin", `${PEER}.js`);
  const peerRuns = [];
  for (let i = 0; i < PEER_RUNS; i++) {
    const r = timeCommand(process.execPath, [peerBin, "--json", "--start", tree.dir], { env });
    if (r.status !== 0) throw new Error(`${PEER} exited ${r.status}: ${r.stderr}`);
    peerRuns.push(r);
  }
  const peerT = { ms: median(peerRuns.map((r) => r.ms)), cpu: median(peerRuns.map((r) => r.cpu)) };
  const peerOut = JSON.parse(peerRuns.at(-1).stdout);
  console.log(`${PEER} ${PEER_VERSION} --json on the installed tree: ${fmt(peerT)} (medians of ${PEER_RUNS})`);
  console.log(
    `ratio (${PEER} / rampart CLI, node_modules): ${(peerT.ms / cliTree.ms).toFixed(1)}x wall, ${(peerT.cpu / cliTree.cpu).toFixed(1)}x CPU`,
  );

  // Differences in what each reports, package by package.
  const ours = new Map(entries.map((e) => [`${e.name}@${e.version}`, e]));
  const theirs = new Map(
    Object.entries(peerOut).map(([k, v]) => [k, Array.isArray(v.licenses) ? v.licenses : [String(v.licenses ?? "")]]),
  );
  const groups = new Map();
  const note = (kind, example) => {
    const g = groups.get(kind) ?? { n: 0, examples: [] };
    g.n++;
    if (g.examples.length < 3) g.examples.push(example);
    groups.set(kind, g);
  };
  const canon = (s) => {
    const p = deps.parseLicense(s);
    return p.ok ? p.expression : undefined;
  };
  for (const [key, e] of ours) {
    const t = theirs.get(key);
    if (t === undefined) {
      note("only rampart lists it (in the lockfile, not installed: an optional package for another platform)", key);
      continue;
    }
    const raw = t.join(" | ");
    const unknownOurs = e.license === "(unknown)" || e.license.startsWith("(unparsable)");
    if (t.length > 1)
      note(
        "the peer gives a list (a `licenses` array) where rampart gives one OR expression",
        `${key}: [${raw}] vs ${e.license}`,
      );
    else if (raw === e.license) note("same", key);
    else if (raw.endsWith("*"))
      note(
        unknownOurs
          ? "the peer guesses from a file or README (trailing *), rampart says unknown"
          : "the peer guesses (trailing *), rampart identifies the licence text",
        `${key}: ${raw} vs ${e.license}`,
      );
    else if (/^(UNKNOWN|Custom:)/.test(raw)) note("the peer says UNKNOWN/Custom", `${key}: ${raw} vs ${e.license}`);
    else if (canon(raw) !== undefined && canon(raw) === e.license)
      note(
        "same licence, written differently (parentheses, case, deprecated id normalised by rampart)",
        `${key}: ${raw} vs ${e.license}`,
      );
    else if (unknownOurs)
      note("rampart unknown / unparsable, the peer repeats the field", `${key}: ${raw} vs ${e.license}`);
    else note("other", `${key}: ${raw} vs ${e.license}`);
  }
  for (const key of theirs.keys())
    if (!ours.has(key)) note("only the peer lists it (the project itself, or a package outside the lockfile)", key);
  console.log(`\nlicence per package, rampart vs ${PEER} (${ours.size} vs ${theirs.size} packages):`);
  for (const [kind, g] of [...groups].sort((a, b) => b[1].n - a[1].n))
    console.log(
      `  ${String(g.n).padStart(5)}  ${kind}${kind === "same" ? "" : `\n         e.g. ${g.examples.join("\n              ")}`}`,
    );

  // Findings: an allow list judged by rampart (SPDX: OR needs one allowed branch, AND all) and
  // by the peer's --onlyAllow (lib/index.js: `currentLicense.includes(allowedLicense)`, a
  // substring test on the raw string, exiting at the first failure) and --failOn (exact string).
  const ALLOW = ["MIT", "ISC", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "0BSD"];
  const DENY = ["GPL-3.0-only", "GPL-2.0-only", "LGPL-3.0-only"];
  const differ = { peerPassesRampartDenies: [], peerFailsRampartAllows: [], failOnMisses: [] };
  for (const [key, e] of ours) {
    const t = theirs.get(key);
    if (t === undefined) continue;
    const raw = t.join(" OR ");
    const peerPass = ALLOW.some((a) => raw.includes(a));
    const p = deps.parseLicense(e.license);
    const ourPass = p.ok && deps.judge(p.node, { allow: ALLOW }).verdict === "allowed";
    if (peerPass && !ourPass) differ.peerPassesRampartDenies.push(`${key}: ${raw}`);
    if (!peerPass && ourPass) differ.peerFailsRampartAllows.push(`${key}: ${raw}`);
    const ourDeny = p.ok && deps.judge(p.node, { deny: DENY }).verdict === "denied";
    if (ourDeny && !DENY.includes(raw)) differ.failOnMisses.push(`${key}: ${raw}`);
  }
  console.log(`\nallow [${ALLOW.join(", ")}]: rampart vs the peer's --onlyAllow rule, on the same packages:`);
  console.log(
    `  peer passes, rampart refuses: ${differ.peerPassesRampartDenies.length} (AND with a refused licence, an id that merely contains an allowed one, an unknown that names one)\n    ${differ.peerPassesRampartDenies.slice(0, 6).join("\n    ")}`,
  );
  console.log(
    `  peer refuses, rampart passes: ${differ.peerFailsRampartAllows.length}\n    ${differ.peerFailsRampartAllows.slice(0, 6).join("\n    ")}`,
  );
  console.log(
    `deny [${DENY.join(", ")}]: packages rampart denies that the peer's --failOn (exact string) lets through: ${differ.failOnMisses.length}\n    ${differ.failOnMisses.slice(0, 6).join("\n    ")}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
