#!/usr/bin/env zx
// Signature verification: rampart vs `git log --format='%H %G?'` over the same 2,000 commits, in
// one run. `node bench/signatures.mjs [--no-gpg]` (build first: pnpm exec tsc -b packages/cli).
// SSH: 2,000 commits signed by git itself with a key ssh-keygen made (gpg.format=ssh, so each
// signature is ssh-keygen's), made once and kept under bench/.work/ (a minute or two); OpenPGP:
// `git commit -S` with gpg, likewise. rampart is timed as whole CLI processes (wall and CPU, median
// of interleaved runs) beside `node -e 0` and `rampart --version`, with the load average printed
// (the machine is shared). Targets (issues 5, 18): SSH >= 30x faster cold, warm (cached) CLI
// process < 0.1 s; OpenPGP >= 5x.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { $ } from "zx";
import { median, timeCommand } from "./lib/measure.mjs";

$.verbose = false;
$.quiet = true;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "packages/cli/bin/rampart.js");
const work = join(root, "bench/.work");
const N = Number(process.env.BENCH_COMMITS ?? 2000);
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", TZ: "UTC" };

/** git in `dir`, synchronously (2,000 of these: zx's shell per call would double the build time). */
function gitSync(dir, args, extraEnv = {}) {
  const r = spawnSync("git", args, { cwd: dir, env: { ...env, ...extraEnv }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * A repository whose every commit (the one adopting the policy included) git signed with an
 * ed25519 key from ssh-keygen: `git commit-tree -S` with gpg.format=ssh runs `ssh-keygen -Y sign`.
 */
async function makeSshRepo(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const key = join(dir, "..", `${dir.split("/").pop()}-key`);
  rmSync(key, { force: true });
  rmSync(`${key}.pub`, { force: true });
  await $`ssh-keygen -q -t ed25519 -N ${""} -C bench@example.org -f ${key}`;
  const pub = readFileSync(`${key}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ");
  const signers = `bench@example.org ${pub}\n`;
  gitSync(dir, ["init", "-q", "-b", "main"]);
  for (const [k, v] of [
    ["user.name", "Bench"],
    ["user.email", "bench@example.org"],
    ["gpg.format", "ssh"],
    ["user.signingkey", key],
  ])
    gitSync(dir, ["config", k, v]);
  mkdirSync(join(dir, ".rampart"));
  writeFileSync(join(dir, ".rampart/allowed_signers"), signers);
  writeFileSync(join(dir, ".rampart/config.yaml"), "signatures:\n  required: true\n");
  writeFileSync(join(dir, "README.md"), "bench\n");
  gitSync(dir, ["add", "-A"]);
  gitSync(dir, ["commit", "-q", "-S", "-m", "adopt"]);
  const tree = gitSync(dir, ["rev-parse", "HEAD^{tree}"]);
  let parent = gitSync(dir, ["rev-parse", "HEAD"]);
  for (let i = 0; i < N; i++) {
    const date = `${1_700_000_000 + i * 60} +0000`;
    parent = gitSync(dir, ["commit-tree", "-S", tree, "-p", parent, "-m", `commit ${i}`], {
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    });
    if ((i + 1) % 500 === 0) console.log(`  ${i + 1}/${N} commits signed`);
  }
  gitSync(dir, ["update-ref", "refs/heads/main", parent]);
  writeFileSync(join(dir, "..", "ssh-allowed_signers"), signers);
}

async function makeGpgRepo(dir) {
  rmSync(dir, { recursive: true, force: true });
  const home = join(dir, "gnupg");
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const genv = { ...env, GNUPGHOME: home };
  await $({
    env: genv,
  })`gpg --batch --passphrase ${""} --quick-gen-key ${"Bench <bench@example.org>"} ed25519 sign never`;
  const armored = (await $({ env: genv })`gpg --batch --armor --export bench@example.org`).stdout;
  const repo = join(dir, "repo");
  mkdirSync(join(repo, ".rampart/keys"), { recursive: true });
  await $({ cwd: repo, env: genv })`git init -q -b main`;
  writeFileSync(join(repo, ".rampart/keys/bench@example.org.asc"), armored);
  writeFileSync(join(repo, ".rampart/config.yaml"), "signatures:\n  required: true\n");
  await $({ cwd: repo, env: genv })`git add -A`;
  const c = ["-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "user.signingkey=bench@example.org"];
  await $({ cwd: repo, env: genv })`git ${c} commit -q -m adopt`;
  for (let i = 0; i < N; i++)
    await $({ cwd: repo, env: genv })`git ${c} commit -q -S --allow-empty -m ${`commit ${i}`}`;
  await $({ env: genv })`gpgconf --kill gpg-agent`;
  return repo;
}

async function time(fn) {
  const t0 = performance.now();
  const out = await fn();
  return { s: (performance.now() - t0) / 1000, out };
}

const RUNS = Number(process.env.BENCH_REPS ?? 7);

/**
 * The library call alone, in one process: what the CLI's own start-up adds comes on top. The
 * unbundled library names its code otherwise than the bundle (cache.ts codeId): its first call
 * fills the cache under its own name, the second is timed (after the CLI's runs).
 */
async function inProcess(repo) {
  const lib = pathToFileURL(join(root, "packages/signatures/dist/index.js")).href;
  const script = `const { verifyRange } = await import(${JSON.stringify(lib)});
    await verifyRange({ cwd: process.cwd(), range: "HEAD" });
    const t0 = performance.now(); await verifyRange({ cwd: process.cwd(), range: "HEAD" });
    console.log(((performance.now() - t0) / 1000).toFixed(4));`;
  return Number((await $({ cwd: repo, env })`node --input-type=module -e ${script}`).stdout.trim());
}

/** One whole process under /usr/bin/time: wall and CPU (children, i.e. git, included) in seconds. */
function run(repo, args) {
  const r = timeCommand(process.execPath, args, { cwd: repo, env });
  return { s: r.ms / 1000, cpu: r.cpu / 1000, out: r };
}

const secs = (xs) => xs.map((x) => x.toFixed(2)).join(", ");

async function compare(label, repo, gitEnv, gitArgs) {
  const cache = join(repo, ".git/rampart/signatures-cache.json");
  const verify = [bin, "signatures", "verify", "HEAD", "--format", "json"];
  const colds = [];
  const warms = [];
  const texts = [];
  const defaults = [];
  const floors = [];
  const versions = [];
  let report;
  // Interleaved, so that a burst of load on the shared machine hits every kind of run alike.
  for (let i = 0; i < RUNS; i++) {
    if (i < 3) {
      rmSync(cache, { force: true });
      const cold = run(repo, verify);
      colds.push(cold);
      report = JSON.parse(cold.out.stdout);
    }
    warms.push(run(repo, verify));
    texts.push(run(repo, verify.slice(0, -2)));
    defaults.push(run(repo, [bin, "signatures", "verify", "--format", "json"]));
    floors.push(run(repo, ["-e", "0"]));
    versions.push(run(repo, [bin, "--version"]));
  }
  const lib = await inProcess(repo);
  const git = await time(() => $({ cwd: repo, env: gitEnv })`git ${gitArgs} log --format=${"%H %G?"} HEAD`);
  const gitGood = git.out.stdout.split("\n").filter((l) => l.endsWith(" G")).length;
  const m = (xs, k = "s") => median(xs.map((x) => x[k]));
  const [c, w] = [m(colds), m(warms)];
  const s = report.stats ?? {};
  console.log(`${label}: ${N + 1} signed commits; rampart: medians of ${colds.length} cold and ${RUNS} warm runs`);
  console.log(
    `  rampart cold  ${c.toFixed(3)} s  cpu ${m(colds, "cpu").toFixed(3)} s  (${s.good} good, ${s.failed} failing; runs ${secs(colds.map((x) => x.s))})`,
  );
  console.log(
    `  rampart warm  ${w.toFixed(3)} s  cpu ${m(warms, "cpu").toFixed(3)} s  (cache hit; runs ${secs(warms.map((x) => x.s))})`,
  );
  console.log(
    `  rampart warm, text output  ${m(texts).toFixed(3)} s  cpu ${m(texts, "cpu").toFixed(3)} s  (the same run without the ${N + 1} verdicts in JSON)`,
  );
  console.log(
    `  rampart warm, no RANGE  ${m(defaults).toFixed(3)} s  cpu ${m(defaults, "cpu").toFixed(3)} s  (the default range: here, no upstream, all of HEAD)`,
  );
  console.log(
    `     beside it: node -e 0 ${m(floors).toFixed(3)} s (cpu ${m(floors, "cpu").toFixed(3)}); rampart --version ${m(versions).toFixed(3)} s (cpu ${m(versions, "cpu").toFixed(3)}); library call in-process ${lib.toFixed(3)} s`,
  );
  console.log(`  git log %G?   ${git.s.toFixed(3)} s  (${gitGood} G)`);
  console.log(`  ratio: cold ${(git.s / c).toFixed(1)}x faster, warm ${(git.s / w).toFixed(1)}x faster`);
  return { cold: c, warm: w, warmCpu: m(warms, "cpu"), git: git.s, lib };
}

mkdirSync(work, { recursive: true });
// The machine's load changes every figure below; print it so a reader can judge them.
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
console.log(`load average before: ${load()} (${cpus().length} cores)`);
const sshDir = join(work, `signatures-ssh-keygen-${N}`);
// A marker written last: an interrupted build is made again rather than measured half-done.
if (!existsSync(join(sshDir, ".git/rampart-bench-complete"))) {
  await makeSshRepo(sshDir);
  writeFileSync(join(sshDir, ".git/rampart-bench-complete"), "");
}
const ssh = await compare("SSH (ed25519)", sshDir, env, [
  "-c",
  `gpg.ssh.allowedSignersFile=${join(work, "ssh-allowed_signers")}`,
]);
const verdict = (ok) => (ok ? "met" : "NOT met");
console.log(
  `  targets: cold >= 30x: ${verdict(ssh.git / ssh.cold >= 30)}; warm CLI process < 0.1 s: ${verdict(ssh.warm < 0.1)} (wall ${ssh.warm.toFixed(3)} s, cpu ${ssh.warmCpu.toFixed(3)} s); library call < 0.1 s: ${verdict(ssh.lib < 0.1)}`,
);

if (process.argv.includes("--no-gpg")) {
  console.log(`load average after: ${load()}`);
  process.exit(0);
}
const gpgDir = join(work, `signatures-gpg-${N}`);
if (!existsSync(join(gpgDir, "complete"))) {
  console.log(`making ${N} gpg-signed commits once (cached in ${gpgDir})...`);
  await makeGpgRepo(gpgDir);
  writeFileSync(join(gpgDir, "complete"), "");
}
const gpg = await compare("OpenPGP (ed25519)", join(gpgDir, "repo"), { ...env, GNUPGHOME: join(gpgDir, "gnupg") }, []);
await $({ env: { ...env, GNUPGHOME: join(gpgDir, "gnupg") } })`gpgconf --kill gpg-agent`.nothrow();
console.log(`  target: cold >= 5x: ${verdict(gpg.git / gpg.cold >= 5)}`);
console.log(`load average after: ${load()}`);
