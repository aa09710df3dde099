#!/usr/bin/env zx
// Throughput and peak memory of the secret guard vs secretlint 13 (recommended preset) and vs a
// read floor, over the same large tree in one run.
// The tree: a copy of this repository's node_modules/.pnpm (real published packages as the
// registry ships them: ~270 MB, ~14k files, a few of them native binaries or bundles over 5 MiB)
// with every `node_modules` folder renamed to `nm` and symlinks dropped: secretlint never descends
// into node_modules, and a symlink would be read twice.
// The read floor: a Node process that walks the same tree and reads every file rampart reads (every
// regular file: up to secrets.maxFileSize, 5 MiB, whole; a larger one in 4 MiB pieces into one
// buffer, as rampart reads it in windows) with no decoding and no matching: what any scanner in
// Node pays before it looks at a byte.
// MB/s = the bytes of every file / wall time, for all three, so the figures compare. Each tool
// runs BENCH_RUNS times (default 3), interleaved; medians are printed.
// Usage: node bench/run.mjs secrets   (build first: pnpm exec tsc -b packages/cli)
//   BENCH_TREE=<dir> scans another tree instead (used as is, not copied); BENCH_RUNS=<n> runs.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median, treeSize } from "./lib/measure.mjs";

const root = resolve(import.meta.dirname, "..");
// BENCH_RAMPART=<path to bin/rampart.js> measures another build (before/after comparisons).
const bin = process.env.BENCH_RAMPART ?? join(root, "packages/cli/bin/rampart.js");
// The JS entry itself (node_modules/.bin holds a shell shim), run by the same Node as rampart.
const secretlint = join(root, "bench/node_modules/secretlint/bin/secretlint.js");
const work = mkdtempSync(join(tmpdir(), "rampart-bench-secrets-"));

function prepareTree() {
  if (process.env.BENCH_TREE) return resolve(process.env.BENCH_TREE);
  const tree = join(work, "tree");
  cpSync(join(root, "node_modules/.pnpm"), tree, { recursive: true, verbatimSymlinks: true });
  const fix = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isSymbolicLink()) rmSync(p);
      else if (e.isDirectory()) {
        fix(p);
        if (e.name === "node_modules") renameSync(p, join(dir, "nm"));
      }
    }
  };
  fix(tree);
  return tree;
}

const MAX_FILE_SIZE = 5 * 1024 * 1024;

// The read floor, as its own process: walk, open, fstat, read whole, close; nothing else.
const floorScript = `
const { readdirSync, openSync, fstatSync, readSync, closeSync } = require("node:fs");
let bytes = 0;
const piece = Buffer.allocUnsafe(4 * 1024 * 1024);
const visit = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = d + "/" + e.name;
    if (e.isDirectory()) { if (e.name !== ".git") visit(p); }
    else if (e.isFile()) {
      const fd = openSync(p, "r");
      const size = fstatSync(fd).size;
      if (size <= ${MAX_FILE_SIZE}) {
        const b = Buffer.allocUnsafe(size);
        for (let r = 0, n = 1; r < size && n > 0; r += n) n = readSync(fd, b, r, size - r, null);
      } else {
        for (let r = 0, n = 1; r < size && n > 0; r += n) n = readSync(fd, piece, 0, piece.length, r);
      }
      bytes += size;
      closeSync(fd);
    }
  }
};
visit(process.argv[1]);
process.stdout.write(String(bytes));
`;

const hasTime = existsSync("/usr/bin/time");
// Without GNU time, the child reports its own peak RSS when it exits.
const rssFile = join(work, "rss.txt");
const rssHook = `data:text/javascript,process.on("exit",()=>require("node:fs").appendFileSync(${JSON.stringify(rssFile)},process.resourceUsage().maxRSS+"\\n"))`;

/** Runs argv, returns wall seconds and peak RSS (MiB) of the process tree's largest process. */
function run(argv, cwd, out, env = process.env) {
  const t = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync("/usr/bin/time", ["-f", "MAXRSS %M CPU %U %S", ...argv], {
        cwd,
        encoding: "utf8",
        maxBuffer: 1 << 30,
        env,
      })
    : spawnSync(argv[0], argv.slice(1), {
        cwd,
        encoding: "utf8",
        maxBuffer: 1 << 30,
        env: { ...env, NODE_OPTIONS: `--require ${rssHook}` },
      });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  writeFileSync(out, r.stdout ?? "");
  let rssKiB;
  let cpu = Number.NaN;
  if (hasTime) {
    const m = /MAXRSS (\d+) CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
    rssKiB = Number(m?.[1]);
    cpu = Number(m?.[2]) + Number(m?.[3]);
  } else rssKiB = Math.max(...readFileSync(rssFile, "utf8").trim().split("\n").map(Number));
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(" ")} failed (${r.status}): ${r.stderr}`);
  // RAMPART_TIMING's line: where rampart's time went (phases, and each thread's share).
  const timing = /^rampart timing secrets scan: (.*)$/m.exec(r.stderr ?? "")?.[1];
  return { seconds, cpu, rssMiB: rssKiB / 1024, timing };
}

const tree = prepareTree();
const { bytes: readBytes, files, readBytes: smallBytes } = treeSize(tree, MAX_FILE_SIZE);
const mb = readBytes / 1e6;
console.log(
  `tree: ${tree} (${files} files, ${mb.toFixed(1)} MB, of which ${((readBytes - smallBytes) / 1e6).toFixed(1)} MB in files over 5 MiB, read in windows)`,
);

writeFileSync(
  join(work, ".secretlintrc.json"),
  JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }),
);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const results = { floor: [], rampart: [], secretlint: [] };
let slFindings = 0;
let report;
for (let i = 0; i < runs; i++) {
  const floor = run([process.execPath, "-e", floorScript, tree], work, join(work, "floor.txt"));
  if (Number(readFileSync(join(work, "floor.txt"), "utf8")) !== readBytes)
    throw new Error("the read floor read other files");
  results.floor.push(floor);
  results.rampart.push(
    run(
      [process.execPath, bin, "secrets", "scan", "--no-gitignore", "--format", "json", tree],
      work,
      join(work, "rampart.json"),
      { ...process.env, RAMPART_TIMING: "1" },
    ),
  );
  report = JSON.parse(readFileSync(join(work, "rampart.json"), "utf8"));
  if (report.stats.files === 0) throw new Error("rampart scanned nothing");
  // Default (stylish) output: secretlint's JSON formatter embeds every file's full text, which
  // would make it slower than it is in normal use.
  const sl = run(
    [process.execPath, secretlint, "--secretlintrc", join(work, ".secretlintrc.json"), `${tree}/**/*`],
    join(root, "bench"),
    join(work, "secretlint.txt"),
  );
  const slText = readFileSync(join(work, "secretlint.txt"), "utf8");
  slFindings = Number(/✖ (\d+) problems?/.exec(slText)?.[1] ?? 0);
  if (sl.seconds < 1 && slFindings === 0) throw new Error(`secretlint did not scan the tree: ${slText.slice(0, 500)}`);
  results.secretlint.push(sl);
}
const summary = (rs) => ({
  seconds: median(rs.map((r) => r.seconds)),
  cpu: median(rs.map((r) => r.cpu)),
  rssMiB: Math.max(...rs.map((r) => r.rssMiB)),
  walls: rs.map((r) => r.seconds.toFixed(2)).join("/"),
});
const floor = summary(results.floor);
const rp = summary(results.rampart);
const sl = summary(results.secretlint);
const rpErrors = report.findings.filter((f) => f.severity === "error").length;

const row = (name, r, extra) =>
  console.log(
    `  ${name.padEnd(34)} ${r.seconds.toFixed(2).padStart(6)} s (${r.walls})  ${(mb / r.seconds).toFixed(1).padStart(6)} MB/s  CPU ${r.cpu.toFixed(2).padStart(5)} s  peak ${r.rssMiB.toFixed(0).padStart(4)} MiB  ${extra}`,
  );
console.log(
  `machine: ${process.version}, ${spawnSync("nproc", { encoding: "utf8" }).stdout.trim()} cores, load ${readFileSync("/proc/loadavg", "utf8").split(" ")[0]}; medians of ${runs} interleaved runs (walls in brackets), peak = highest`,
);
row("read floor (walk + read, no match)", floor, "");
row(
  "rampart secrets scan",
  rp,
  `${rpErrors} findings, ${report.stats.skippedTooLarge.length} files not read (too large), ${report.stats.skippedBinary} binary`,
);
row("secretlint 13 (preset-recommend)", sl, `${slFindings} findings`);
console.log(`  throughput ratio: ${(sl.seconds / rp.seconds).toFixed(1)}x secretlint (target >= 15x)`);
console.log(
  `  vs read floor: ${(rp.seconds / floor.seconds).toFixed(2)}x the floor's wall time (target <= 2x); CPU ${(rp.cpu / floor.cpu).toFixed(2)}x`,
);
// Wall time on a shared machine moves with everyone else's load; CPU seconds move much less.
if (!Number.isNaN(rp.cpu)) {
  console.log(
    `  CPU-time ratio: ${(sl.cpu / rp.cpu).toFixed(1)}x secretlint (rampart's CPU summed over its threads); rampart CPU/wall ${(rp.cpu / rp.seconds).toFixed(2)} (threads busy at once)`,
  );
}
// The run of median wall time: its phases (ms from the process's start) and threads.
const mid = [...results.rampart].sort((a, b) => a.seconds - b.seconds)[(results.rampart.length - 1) >> 1];
if (mid?.timing !== undefined) {
  const t = JSON.parse(mid.timing);
  const threads = t.threads
    .map((th, i) =>
      typeof th === "string"
        ? `#${i} ${th}`
        : `#${i} ${th.start}-${th.end} ms, CPU ${th.cpu} ms, ${th.files} files, ${th.MB} MB`,
    )
    .join("; ");
  console.log(
    `  rampart's time (median run, ms from process start): Node ready ${t.node}, scan entered ${t.entered}, files listed ${t.listed}; threads: ${threads}; exit ${t.total}, CPU ${t.cpu}`,
  );
}
console.log(
  `  peak memory: rampart ${rp.rssMiB.toFixed(0)} MiB vs secretlint ${sl.rssMiB.toFixed(0)} MiB (target: below)`,
);
rmSync(work, { recursive: true, force: true });
