#!/usr/bin/env zx
// Supply-chain audit: `rampart audit` (offline, every framework id and the Scorecard-compatible
// checks) over a generated repository with 10,000 commits (git fast-import) and 50 workflow files,
// plus this repository's own lockfile, as the CLI (start-up included). Peer: OpenSSF Scorecard
// (`scorecard --local .`) when it is on PATH; it is a Go binary, not on npm, so it is not
// installable here and no ratio is printed. `node bench/audit.mjs` (build first: pnpm exec tsc -b
// packages/cli). Target (issue 14): < 2 s.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { median, timeCommand } from "./lib/measure.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "packages/cli/bin/rampart.js");
const work = join(root, "bench/.work/audit");
const REPS = Number(process.env.BENCH_REPS ?? 5);
const COMMITS = 10_000;
const WORKFLOWS = 50;
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Bench",
  GIT_AUTHOR_EMAIL: "bench@rampart.invalid",
  GIT_COMMITTER_NAME: "Bench",
  GIT_COMMITTER_EMAIL: "bench@rampart.invalid",
};

function git(args, input) {
  const r = spawnSync("git", args, { cwd: work, env, input, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
git(["init", "-q", "-b", "main"]);

// History: 10,000 commits touching 300 source files, one a minute.
const t0 = performance.now();
const chunks = [];
const start = 1_700_000_000;
for (let i = 1; i <= COMMITS; i++) {
  const msg = `feat: change ${i}\n`;
  const body = `export const v${i} = ${i};\n`;
  chunks.push(
    `commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@rampart.invalid> ${start + i * 60} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}`,
    i > 1 ? `from :${i - 1}\n` : "",
    `M 100644 inline src/mod-${i % 300}.js\ndata ${Buffer.byteLength(body)}\n${body}\n`,
  );
}
git(["fast-import", "--quiet"], chunks.join(""));
git(["checkout", "-q", "main"]);
const built = performance.now() - t0;

// The supply-chain layout on top: policy, hooks, CODEOWNERS, 50 workflows, the real lockfile.
const since = git(["rev-parse", "HEAD~50"]).trim();
const files = {
  ".rampart/config.yaml": `version: 1\nsignatures:\n  required: true\n  since: "${since}"\ndeps:\n  vulnerabilities:\n    failOn: high\nhooks:\n  protectedBranches: [main]\n`,
  ".rampart/allowed_signers": `bench@rampart.invalid namespaces="git" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEj4bKu8Caiheze1iSupEyLJHZg4rztEYXVq+ZLFV2AF\n`,
  ".husky/pre-commit": `"node_modules/.bin/rampart" hook pre-commit || exit 1\n`,
  ".husky/pre-push": `"node_modules/.bin/rampart" hook pre-push "$@" || exit 1\n`,
  ".github/CODEOWNERS":
    "/.github/ @acme/ops\n/.rampart/ @acme/security\npackage.json @acme/leads\npnpm-lock.yaml @acme/leads\n",
  ".github/dependabot.yml":
    "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n",
  "SECURITY.md":
    "# Security\n\nReport vulnerabilities to security@example.com; we answer in 5 days. Rotate keys yearly.\n",
  LICENSE: "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n",
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(work, path)), { recursive: true });
  writeFileSync(join(work, path), text);
}
for (const f of ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"]) copyFileSync(join(root, f), join(work, f));
const template = readFileSync(join(root, "packages/hooks/templates/common/github/rampart.yml"), "utf8")
  .replace(/\{\{#if [^}]+\}\}\n|\{\{\/if\}\}\n/g, "")
  .replaceAll("{{rampartRun}}", "node_modules/.bin/rampart")
  .replaceAll("{{ciInstall}}", "pnpm install --frozen-lockfile")
  .replaceAll("{{pkgRel}}", ".")
  .replaceAll("{{defaultBranch}}", "main")
  .replace(/\{\{[a-zA-Z]+\}\}/g, "x");
mkdirSync(join(work, ".github/workflows"), { recursive: true });
let lines = 0;
for (let i = 0; i < WORKFLOWS; i++) {
  const text = `${template.replace("name: rampart", `name: rampart ${i}`)}\n# copy ${i}\n`;
  lines += text.split("\n").length;
  writeFileSync(join(work, `.github/workflows/wf-${String(i).padStart(2, "0")}.yml`), text);
}
git(["add", "-A"]);
git(["commit", "-q", "-m", "chore: adopt rampart"]);

const runs = [];
let report;
for (let r = 0; r < REPS; r++) {
  const t = timeCommand(process.execPath, [bin, "audit", "--format", "json"], { cwd: work, env });
  if (t.status !== 0) throw new Error(`rampart audit exited ${t.status}: ${t.stderr}`);
  report = JSON.parse(t.stdout);
  runs.push(t);
}
const wall = median(runs.map((t) => t.ms));
const cpu = median(runs.map((t) => t.cpu));
console.log(
  `bench audit: ${COMMITS + 1} commits (fast-import ${(built / 1000).toFixed(2)} s), ${WORKFLOWS} workflow files (${lines} lines), this repository's pnpm-lock.yaml; ${REPS} runs (medians)`,
);
console.log(
  `  rampart audit (CLI, offline): ${(wall / 1000).toFixed(3)} s wall, ${(cpu / 1000).toFixed(3)} s CPU, ${median(runs.map((t) => t.mb)).toFixed(0)} MB peak; min wall ${(Math.min(...runs.map((t) => t.ms)) / 1000).toFixed(3)} s; score ${report.score}, ${report.judged} of ${report.checks.length} judged`,
);
console.log(`  target < 2 s: ${wall < 2000 ? "met" : "short"}`);
const peer = spawnSync("scorecard", ["version"], { encoding: "utf8" });
if (peer.error)
  console.log(
    "  peer: OpenSSF Scorecard is not installable here (a Go binary, not on npm; no network to GitHub); no ratio",
  );
else {
  const t = timeCommand("scorecard", ["--local", ".", "--format", "json"], { cwd: work, env });
  console.log(`  scorecard --local: ${(t.ms / 1000).toFixed(3)} s wall; ratio ${(t.ms / wall).toFixed(2)}x`);
}
