#!/usr/bin/env node
// Toolchain bootstrap: the one script that runs before any dependency is installed, so it is
// plain Node (>= 18) with no imports outside node:. Everything else in scripts/ uses zx.
//
// rampart needs Node >= 22.12 (secretlint 13, execa 10, lint-staged 17, commitlint 21, vitest 5).
// When the Node running this is older, a pinned Node 24 LTS is taken from the npm registry's
// platform package (node-<os>-<arch>) into .toolchain/, without touching the system install.
// pnpm comes from npm too (corepack cannot verify signatures against every registry).
//
// Usage: node scripts/toolchain.mjs <step...>   steps: install build test lint demo bench (bench takes names after it)
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const NODE_VERSION = pkg.toolchain.node; // pinned Node 24 LTS
const NODE_FLOOR = [22, 12];
const PNPM_VERSION = pkg.packageManager.replace(/^pnpm@/, "").split("+")[0];
const cache = join(root, ".toolchain");
const shims = join(cache, "bin");

function log(msg) {
  process.stderr.write(`[toolchain] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.error) {
    log(`could not start ${cmd}: ${r.error.message}`);
    process.exit(2);
  }
  return r.status ?? 1;
}

function atLeast(version, [maj, min]) {
  const [a, b] = version.replace(/^v/, "").split(".").map(Number);
  return a > maj || (a === maj && b >= min);
}

function npmInstallInto(dir, spec) {
  mkdirSync(dir, { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const status = run(npm, [
    "install",
    "--prefix",
    dir,
    "--no-save",
    "--no-package-lock",
    "--no-audit",
    "--no-fund",
    "--ignore-scripts",
    "--loglevel=error",
    spec,
  ]);
  if (status !== 0) {
    log(`npm could not install ${spec}; check the network or the npm registry setting`);
    process.exit(2);
  }
}

function ensureNode() {
  if (atLeast(process.version, NODE_FLOOR)) return process.execPath;
  const platform = process.platform === "win32" ? "win" : process.platform;
  const name = `node-${platform}-${process.arch}`;
  const dir = join(cache, `node-${NODE_VERSION}`);
  const bin = join(dir, "node_modules", name, "bin", process.platform === "win32" ? "node.exe" : "node");
  if (!existsSync(bin)) {
    log(`system Node ${process.version} is below ${NODE_FLOOR.join(".")}; fetching ${name}@${NODE_VERSION}`);
    npmInstallInto(dir, `${name}@${NODE_VERSION}`);
  }
  return bin;
}

function ensurePnpm(nodeBin) {
  const dir = join(cache, `pnpm-${PNPM_VERSION}`);
  const entry = join(dir, "node_modules", "pnpm", "bin", "pnpm.cjs");
  if (!existsSync(entry)) {
    log(`fetching pnpm@${PNPM_VERSION} through npm`);
    npmInstallInto(dir, `pnpm@${PNPM_VERSION}`);
  }
  // Shims so that every child process (turbo, vitest, git hooks in tests) sees the same Node/pnpm.
  mkdirSync(shims, { recursive: true });
  const nodeShim = join(shims, "node");
  rmSync(nodeShim, { force: true });
  symlinkSync(nodeBin, nodeShim);
  const pnpmShim = join(shims, "pnpm");
  writeFileSync(pnpmShim, `#!/bin/sh\nexec "${nodeBin}" "${entry}" "$@"\n`);
  chmodSync(pnpmShim, 0o755);
  return entry;
}

const nodeBin = ensureNode();
const pnpmEntry = ensurePnpm(nodeBin);
const env = {
  ...process.env,
  PATH: `${shims}${process.platform === "win32" ? ";" : ":"}${process.env.PATH}`,
  npm_config_update_notifier: "false",
  // No usage telemetry from the build tools: the build should not talk to anyone it need not.
  TURBO_TELEMETRY_DISABLED: "1",
};
const pnpm = (...args) => run(nodeBin, [pnpmEntry, ...args], { cwd: root, env });

const steps = {
  install: () => pnpm("install", "--frozen-lockfile", "--reporter=append-only"),
  build: () => pnpm("exec", "turbo", "run", "build", "--output-logs=errors-only"),
  // Not `pnpm run lint`/`bench`: those root scripts call this file, which would loop.
  lint: () => pnpm("exec", "turbo", "run", "lint", "--output-logs=errors-only"),
  test: () => pnpm("run", "test:all"),
  demo: () => run(nodeBin, [join(root, "scripts", "demo.mjs")], { cwd: root, env }),
  bench: () =>
    run(nodeBin, [join(root, "bench", "run.mjs"), ...process.argv.slice(process.argv.indexOf("bench") + 1)], {
      cwd: root,
      env,
    }),
};

const wanted = process.argv.slice(2).filter((s) => s in steps);
if (wanted.length === 0) {
  log(`usage: node scripts/toolchain.mjs <${Object.keys(steps).join("|")}>...`);
  process.exit(2);
}
for (const step of wanted) {
  const status = steps[step]();
  if (status !== 0) process.exit(status);
}
