#!/usr/bin/env zx
// Signature verification: rampart vs `git log --format='%H %G?'` over the same 2,000 commits, in
// one run. `node bench/signatures.mjs` (build first: pnpm exec tsc -b packages/cli).
// SSH: the repo is made in-process (commit objects signed with node:crypto as SSHSIG, written as
// loose objects), so it costs seconds; OpenPGP: `git commit -S` with gpg, made once and kept under
// bench/.work/. Targets (issue 5): SSH >= 30x faster cold, warm < 0.1 s; OpenPGP >= 5x.
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { deflateSync } from "node:zlib";
import { $ } from "zx";
import { median } from "./lib/measure.mjs";

$.verbose = false;
$.quiet = true;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "packages/cli/bin/rampart.js");
const work = join(root, "bench/.work");
const N = Number(process.env.BENCH_COMMITS ?? 2000);
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", TZ: "UTC" };

const str = (b) => {
  const body = typeof b === "string" ? Buffer.from(b) : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
};

function writeObject(gitDir, type, content) {
  const full = Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]);
  const oid = createHash("sha1").update(full).digest("hex");
  const dir = join(gitDir, "objects", oid.slice(0, 2));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, oid.slice(2));
  if (!existsSync(file)) writeFileSync(file, deflateSync(full, { level: 1 }));
  return oid;
}

/** An armored SSHSIG over `message` (PROTOCOL.sshsig), made with node:crypto. */
function sshsig(privateKey, publicBlob, message) {
  const h = createHash("sha512").update(message).digest();
  const ns = "git";
  const signed = Buffer.concat([Buffer.from("SSHSIG"), str(ns), str(""), str("sha512"), str(h)]);
  const raw = sign(null, signed, privateKey);
  const blob = Buffer.concat([
    Buffer.from("SSHSIG"),
    Buffer.from([0, 0, 0, 1]),
    str(publicBlob),
    str(ns),
    str(""),
    str("sha512"),
    str(Buffer.concat([str("ssh-ed25519"), str(raw)])),
  ]);
  const b64 = blob
    .toString("base64")
    .match(/.{1,70}/g)
    .join("\n");
  return `-----BEGIN SSH SIGNATURE-----\n${b64}\n-----END SSH SIGNATURE-----`;
}

async function makeSshRepo(dir) {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const x = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url");
  const pubBlob = Buffer.concat([str("ssh-ed25519"), str(x)]);
  const signers = `bench@example.org ssh-ed25519 ${pubBlob.toString("base64")}\n`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await $({ cwd: dir, env })`git init -q -b main`;
  mkdirSync(join(dir, ".rampart"));
  writeFileSync(join(dir, ".rampart/allowed_signers"), signers);
  writeFileSync(join(dir, ".rampart/config.yaml"), "signatures:\n  required: true\n");
  writeFileSync(join(dir, "README.md"), "bench\n");
  await $({ cwd: dir, env })`git add -A`;
  await $({ cwd: dir, env })`git -c user.name=bench -c user.email=bench@example.org commit -q -m adopt`;
  const tree = (await $({ cwd: dir, env })`git rev-parse HEAD^{tree}`).stdout.trim();
  let parent = (await $({ cwd: dir, env })`git rev-parse HEAD`).stdout.trim();
  const gitDir = join(dir, ".git");
  for (let i = 0; i < N; i++) {
    const t = 1_700_000_000 + i * 60;
    const head = `tree ${tree}\nparent ${parent}\nauthor Bench <bench@example.org> ${t} +0000\ncommitter Bench <bench@example.org> ${t} +0000\n`;
    const message = `\ncommit ${i}\n`;
    const sig = sshsig(privateKey, pubBlob, Buffer.from(head + message));
    const content = `${head}gpgsig ${sig.replace(/\n/g, "\n ")}\n${message}`;
    parent = writeObject(gitDir, "commit", Buffer.from(content));
  }
  await $({ cwd: dir, env })`git update-ref refs/heads/main ${parent}`;
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

const RUNS = 3;

/** The library call alone, in one process: what the CLI's own start-up adds comes on top. */
async function inProcess(repo) {
  const lib = pathToFileURL(join(root, "packages/signatures/dist/index.js")).href;
  const script = `const { verifyRange } = await import(${JSON.stringify(lib)});
    const t0 = performance.now(); await verifyRange({ cwd: process.cwd(), range: "HEAD" });
    console.log(((performance.now() - t0) / 1000).toFixed(4));`;
  return Number((await $({ cwd: repo, env })`node --input-type=module -e ${script}`).stdout.trim());
}

async function compare(label, repo, gitEnv, gitArgs) {
  const cache = join(repo, ".git/rampart/signatures-cache.json");
  const colds = [];
  const warms = [];
  let report;
  for (let i = 0; i < RUNS; i++) {
    rmSync(cache, { force: true });
    const cold = await time(
      () => $({ cwd: repo, env, nothrow: true })`node ${bin} signatures verify HEAD --format json`,
    );
    const warm = await time(
      () => $({ cwd: repo, env, nothrow: true })`node ${bin} signatures verify HEAD --format json`,
    );
    colds.push(cold.s);
    warms.push(warm.s);
    report = JSON.parse(cold.out.stdout);
  }
  const lib = await inProcess(repo);
  const startup = median(await Promise.all([0, 1, 2].map(async () => (await time(() => $`node ${bin} --version`)).s)));
  const git = await time(() => $({ cwd: repo, env: gitEnv })`git ${gitArgs} log --format=${"%H %G?"} HEAD`);
  const gitGood = git.out.stdout.split("\n").filter((l) => l.endsWith(" G")).length;
  const [c, w] = [median(colds), median(warms)];
  console.log(`${label}: ${N} signed commits (+1 exempt root); rampart: median of ${RUNS} runs`);
  console.log(
    `  rampart cold  ${c.toFixed(3)} s  (${report.stats?.good ?? report.summary?.good ?? "?"} good; runs ${colds.map((x) => x.toFixed(2)).join(", ")})`,
  );
  console.log(`  rampart warm  ${w.toFixed(3)} s  (cache hit; runs ${warms.map((x) => x.toFixed(2)).join(", ")})`);
  console.log(`     of which: library call ${lib.toFixed(3)} s; \`rampart --version\` alone ${startup.toFixed(3)} s`);
  console.log(`  git log %G?   ${git.s.toFixed(3)} s  (${gitGood} G)`);
  console.log(`  ratio: cold ${(git.s / c).toFixed(1)}x faster, warm ${(git.s / w).toFixed(1)}x faster`);
  return { cold: c, warm: w, git: git.s, lib };
}

mkdirSync(work, { recursive: true });
// The machine's load changes every figure below; print it so a reader can judge them.
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
console.log(`load average before: ${load()} (${cpus().length} cores)`);
const sshDir = join(work, `signatures-ssh-${N}`);
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
  `  targets: cold >= 30x: ${verdict(ssh.git / ssh.cold >= 30)}; warm < 0.1 s: CLI ${verdict(ssh.warm < 0.1)}, library call ${verdict(ssh.lib < 0.1)}`,
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
