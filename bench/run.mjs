#!/usr/bin/env node
// Benchmark dispatcher: `node bench/run.mjs [name...]` runs bench/<name>.mjs (zx scripts that time
// rampart and its peer tool in the same run and print the ratio); with no name, runs them all.
// `npm run bench -- <name>` from the repository root builds first, then calls this.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".mjs") && f !== "run.mjs")
  .map((f) => f.slice(0, -".mjs".length))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: no benchmark named ${unknown.join(", ")}; available: ${available.join(", ") || "none"}\n`,
  );
  process.exit(2);
}
if (available.length === 0) {
  process.stdout.write("bench: no benchmarks yet\n");
  process.exit(0);
}

// The zx CLI, run by the Node running this, so that the benches see the same runtime.
const require = createRequire(import.meta.url);
const zxDir = dirname(require.resolve("zx/package.json"));
const zxCli = join(zxDir, require("zx/package.json").bin.zx);

const failed = [];
for (const name of wanted.length > 0 ? wanted : available) {
  process.stdout.write(`\n=== bench: ${name} ===\n`);
  // Options (`--no-gpg`) go to every bench run; each reads the ones it knows.
  const options = process.argv.slice(2).filter((a) => a.startsWith("-"));
  const r = spawnSync(process.execPath, [zxCli, join(here, `${name}.mjs`), ...options], {
    stdio: "inherit",
    cwd: join(here, ".."),
  });
  if (r.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  process.stderr.write(`bench: failed: ${failed.join(", ")}\n`);
  process.exit(1);
}
