#!/usr/bin/env zx
// Regenerates the generated sections of the package READMEs from the built packages:
// - `errors`: each package's error-code table, from its src/error-codes.ts;
// - `rules`: the rule table of lockfile, signatures, hooks, deps and workflows, from their RULES.
// test/scripts/*-docs.test.ts fail when a README drifts; run this (after `npm run build`, or
// `pnpm exec tsc -b`) to bring them back in line. (The CLI reference has its own generator,
// scripts/gen-cli-docs.mjs.)
//
// Usage: zx scripts/gen-docs.mjs [--check]
import { existsSync } from "node:fs";
import { argv, fs, path } from "zx";
import {
  ERROR_CODE_PACKAGES,
  markers,
  RULE_PACKAGES,
  renderErrorCodes,
  renderRules,
  splice,
} from "./lib/generated-docs.mjs";

const root = path.join(import.meta.dirname, "..");
const load = async (pkg, file) => {
  const p = path.join(root, "packages", pkg, "dist", file);
  if (!existsSync(p)) {
    process.stderr.write(`gen-docs: ${path.relative(root, p)} is missing; run \`npm run build\` first\n`);
    process.exit(2);
  }
  return import(p);
};

const { errorExitCode, RampartError } = await load("core", "index.js");
const exitFor = (code) => errorExitCode(new RampartError(code, ""));

/** [README path, section name, body] for every generated section. */
const sections = [];
for (const pkg of ERROR_CODE_PACKAGES) {
  const { errorCodes } = await load(pkg, "error-codes.js");
  sections.push([
    `packages/${pkg}/README.md`,
    "errors",
    renderErrorCodes(errorCodes, { exitFor, core: pkg === "core" }),
  ]);
}

for (const pkg of RULE_PACKAGES) {
  const { RULES } = await load(pkg, "index.js");
  sections.push([`packages/${pkg}/README.md`, "rules", renderRules(RULES)]);
}

let stale = 0;
for (const [target, name, body] of sections) {
  const file = path.join(root, target);
  const text = await fs.readFile(file, "utf8");
  const next = splice(text, name, body);
  if (next === undefined) {
    const { start, end } = markers(name);
    process.stderr.write(
      `gen-docs: ${target} lacks the markers (put them where the section goes)\n  ${start}\n  ${end}\n`,
    );
    process.exitCode = 2;
    continue;
  }
  if (next === text) continue;
  stale++;
  if (argv.check) process.stderr.write(`gen-docs: ${target} (${name}) is out of date\n`);
  else {
    await fs.writeFile(file, next);
    process.stdout.write(`gen-docs: wrote ${target} (${name})\n`);
  }
}
if (argv.check && stale > 0) process.exitCode = 1;
