#!/usr/bin/env zx
// The CLI's bundle (packages/cli/dist/bundle, scripts/bundle.mjs) against the same build's
// unbundled modules (RAMPART_BUNDLE=0: dist/main.js and the packages' dist/ folders), in one run,
// paired: every round runs each side once, in rotated order, so drift in machine load hits every
// side alike. RAMPART_BEFORE=/path/to/another/checkout (built) adds that checkout's bin as a side.
// Per command: median wall, median CPU of the rampart process itself (process.cpuUsage at exit),
// mean CPU with its git children (/usr/bin/time, 10 ms ticks) and the files the process loaded
// (module resolutions: bundled chunks, dist/ modules, third-party files).
//   --version         Node start and the CLI's shell
//   pre-commit        `rampart hook pre-commit` with 10 staged files, policy remembered (no
//                     lint-staged config: rampart's own process, secret scan included)
//   commit-msg        `rampart hook commit-msg` (no commitlint config: the message scan)
//   lockfile check    the large npm v3 lockfile (../shared fixtures; skipped without them)
//   sbom              CycloneDX of the same lockfile
//   signatures verify 200 unsigned commits against a policy that requires signatures, cached
// Usage: node bench/run.mjs bundle   (build first: npm run build)   ROUNDS=N (default 15).
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median, sandboxEnv, timeCommand } from "./lib/measure.mjs";

const root = resolve(import.meta.dirname, "..");
const rounds = Number(process.env.ROUNDS ?? 15);
const bin = join(root, "packages/cli/bin/rampart.js");
if (!existsSync(join(root, "packages/cli/dist/bundle/main.js"))) throw new Error("build first: npm run build");
const work = realpathSync(mkdtempSync(join(tmpdir(), "rampart-bench-bundle-")));
const env = sandboxEnv(work, { NO_COLOR: "1" });
const sides = {
  bundle: { bin, env: {} },
  dist: { bin, env: { RAMPART_BUNDLE: "0" } },
  ...(process.env.RAMPART_BEFORE
    ? { before: { bin: join(resolve(process.env.RAMPART_BEFORE), "packages/cli/bin/rampart.js"), env: {} } }
    : {}),
};

function git(cwd, ...args) {
  const r = spawnSync("git", args, { cwd, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

writeFileSync(
  env.GIT_CONFIG_GLOBAL,
  "[user]\n\tname = Bench\n\temail = bench@example.org\n[init]\n\tdefaultBranch = main\n",
);
const repo = join(work, "repo");
git(work, "init", "-q", repo);
writeFileSync(join(repo, "README.md"), "bench\n");
writeFileSync(join(repo, "package.json"), '{ "name": "bench", "version": "1.0.0" }\n');
const shared = resolve(process.env.RAMPART_SHARED_DIR ?? join(root, "../shared"), "fixtures/lockfiles");
const lockfile = join(shared, "npm-v3-large-nodejs.org/package-lock.json");
const haveLockfile = existsSync(lockfile);
if (haveLockfile) copyFileSync(lockfile, join(repo, "package-lock.json"));
mkdirSync(join(repo, ".rampart"));
writeFileSync(join(repo, ".rampart/config.yaml"), "version: 1\nsignatures:\n  required: true\n");
writeFileSync(join(repo, ".rampart/allowed_signers"), "");
git(repo, "add", "-A");
git(repo, "commit", "-qm", "chore: start", "--no-verify");
for (let i = 0; i < 199; i++) git(repo, "commit", "-q", "--allow-empty", "-m", `chore: commit ${i}`, "--no-verify");
for (let i = 0; i < 10; i++) writeFileSync(join(repo, `file${i}.ts`), `export const x${i} = ${i};\n`);
git(repo, "add", "-A");
writeFileSync(join(work, "msg.txt"), "feat: a change\n\nwith a body\n");

const commands = {
  "--version": ["--version"],
  "pre-commit": ["hook", "pre-commit"],
  "commit-msg": ["hook", "commit-msg", join(work, "msg.txt")],
  ...(haveLockfile
    ? {
        "lockfile check": ["lockfile", "check", "package-lock.json", "--format", "json"],
        sbom: ["sbom", "--output", join(work, "sbom.json"), "--force"],
      }
    : {}),
  "signatures verify": ["signatures", "verify", "HEAD~199..HEAD"],
};
if (!haveLockfile) console.log(`(no ${lockfile}: lockfile check and sbom left out)`);

const tracer = `data:text/javascript,${encodeURIComponent(
  'import { registerHooks } from "node:module"; import { appendFileSync } from "node:fs"; registerHooks({ resolve(s, c, next) { const r = next(s, c); appendFileSync(process.env.BENCH_TRACE, r.url + "\\n"); return r; } });',
)}`;
/** Files one run loads (node: builtins aside): chunks, dist modules, third-party files. */
function filesLoaded(side, args) {
  const file = join(work, "trace.txt");
  writeFileSync(file, "");
  spawnSync(process.execPath, ["--import", tracer, side.bin, ...args], {
    cwd: repo,
    env: { ...env, ...side.env, BENCH_TRACE: file },
  });
  const urls = new Set(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((u) => u.startsWith("file:")),
  );
  const third = [...urls].filter((u) => u.includes("/node_modules/.pnpm/")).length;
  return `${urls.size} files (${third} third-party)`;
}

// The rampart process's own CPU time, in microseconds (/usr/bin/time's includes git and counts in
// 10 ms ticks): written when it exits, by a hook both sides load alike.
const cpuFile = join(work, "cpu.txt");
const cpuHook = `data:text/javascript,${encodeURIComponent(
  'import { writeFileSync } from "node:fs"; process.on("exit", () => { const u = process.cpuUsage(); writeFileSync(process.env.BENCH_CPU, String(u.user + u.system)); });',
)}`;
function runSide(side, args) {
  writeFileSync(cpuFile, "");
  const r = timeCommand(process.execPath, ["--import", cpuHook, side.bin, ...args], {
    cwd: repo,
    env: { ...env, ...side.env, BENCH_CPU: cpuFile },
  });
  return { ...r, own: Number(readFileSync(cpuFile, "utf8")) / 1000 };
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

const results = {};
const load = [];
for (const [name, args] of Object.entries(commands)) {
  const names = Object.keys(sides);
  results[name] = Object.fromEntries(names.map((s) => [s, []]));
  for (const s of names) runSide(sides[s], args); // warm caches
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const s = names[(round + k) % names.length];
      const r = runSide(sides[s], args);
      if (r.status !== 0 && r.status !== 1)
        throw new Error(`${s} rampart ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
      results[name][s].push(r);
    }
  }
  load.push(loadavg()[0]);
}

const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`;
console.log(
  `rounds ${rounds}, paired and rotated; load average during the run ${Math.min(...load).toFixed(1)}-${Math.max(...load).toFixed(1)} (${process.env.RAMPART_BEFORE ? `before = ${process.env.RAMPART_BEFORE}` : "RAMPART_BEFORE unset"})`,
);
for (const [name, bySide] of Object.entries(results)) {
  console.log(`\n${name}`);
  const m = Object.fromEntries(
    Object.entries(bySide).map(([s, rs]) => [
      s,
      { wall: median(rs.map((r) => r.ms)), own: median(rs.map((r) => r.own)), cpu: mean(rs.map((r) => r.cpu)) },
    ]),
  );
  for (const [s, v] of Object.entries(m)) {
    const vs =
      s === "bundle"
        ? ""
        : `   bundle saves ${fmt(v.wall - m.bundle.wall).trim()} wall, ${(v.own - m.bundle.own).toFixed(1)} ms of the process's CPU (${((1 - m.bundle.own / v.own) * 100).toFixed(0)}%)`;
    console.log(
      `  ${s.padEnd(7)} wall ${fmt(v.wall)}  process CPU ${v.own.toFixed(1).padStart(6)} ms  (with git: ${fmt(v.cpu).trim()} mean)  ${filesLoaded(sides[s], commands[name])}${vs}`,
    );
  }
}
rmSync(work, { recursive: true, force: true });
