#!/usr/bin/env zx
// `npm test`'s last step (after install and build): every check, each run even when an earlier
// one failed, so one CI run shows every problem. Exits 1 when any step failed.
//   1. package boundaries   2. lint (Biome)   3. type checks
//   4. all tests (vitest)   5. pack check
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { path } from "zx";

const root = path.join(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
/** What each package's `lint` script checks (`biome check src test`), from the root. */
const packageSources = readdirSync(path.join(root, "packages"))
  .sort()
  .flatMap((dir) => ["src", "test"].map((sub) => path.join("packages", dir, sub)))
  .filter((dir) => existsSync(path.join(root, dir)));
const steps = [
  ["boundaries", process.execPath, [path.join(root, "scripts/check-boundaries.mjs")]],
  // One Biome run over what the packages' `lint` scripts check and the repo's own tooling outside
  // them (scripts/, bench/, test/): each Biome process costs ~2.5 s of CPU before it checks a file.
  ["lint", bin("biome"), ["check", ...packageSources, "scripts", "bench", "test"]],
  // Every package's tests and test/ in one program (tsconfig.test.json), against the packages'
  // built .d.ts (the build's tsc -b checked src): the files each package's `typecheck` checks, but
  // node's, vitest's and the helpers' types are read once instead of eleven times (~4 s CPU each).
  ["typecheck", bin("tsc"), ["-p", "tsconfig.test.json"]],
  // Two test files at a time at least: vitest's default (one fewer than the cores) is one on a
  // 2-core runner, where a file's worker mostly waits for the git, node and package-manager
  // processes it starts. (A flag, not vitest.config.ts: each project resolves its own maxWorkers.)
  ["tests", bin("vitest"), ["run", `--maxWorkers=${Math.max(2, availableParallelism() - 1)}`]],
  ["pack", process.execPath, [path.join(root, "scripts/check-pack.mjs")]],
];

const failed = [];
for (const [name, command, args] of steps) {
  process.stderr.write(`\n[test:all] ${name}\n`);
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) failed.push(r.error ? `${name} (${r.error.message})` : name);
}
process.stderr.write(
  failed.length === 0 ? "\n[test:all] every step passed\n" : `\n[test:all] failed: ${failed.join(", ")}\n`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
