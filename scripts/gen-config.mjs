#!/usr/bin/env node
// The policy schema is the single source: this writes, from packages/core/schema/config.schema.json,
//   packages/core/src/config-types.ts   the TypeScript types of .rampart/config.yaml (RampartPolicyFile,
//                                       one <Section>Policy per section, POLICY_SECTIONS),
//   README.md, between the config-reference markers: the policy reference.
// Run it after changing the schema (no build needed), then `pnpm exec tsc -b`.
// test/scripts/config-schema.test.ts fails while either is stale.
//
// Usage: node scripts/gen-config.mjs [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  COMMAND,
  GENERATOR,
  README_FILE,
  renderReference,
  renderTypes,
  SCHEMA_FILE,
  TYPES_FILE,
} from "./lib/config-schema.mjs";
import { markers, splice } from "./lib/generated-docs.mjs";

const root = join(import.meta.dirname, "..");
const check = process.argv.includes("--check");
const schema = JSON.parse(readFileSync(join(root, SCHEMA_FILE), "utf8"));

const readme = readFileSync(join(root, README_FILE), "utf8");
const nextReadme = splice(readme, "config-reference", renderReference(schema), GENERATOR);
if (nextReadme === undefined) {
  const { start, end } = markers("config-reference", GENERATOR);
  process.stderr.write(`${COMMAND}: ${README_FILE} lacks the markers\n  ${start}\n  ${end}\n`);
  process.exit(2);
}
let stale = 0;
for (const [file, next] of [
  [TYPES_FILE, renderTypes(schema)],
  [README_FILE, nextReadme],
]) {
  const path = join(root, file);
  let current = "";
  try {
    current = readFileSync(path, "utf8");
  } catch {}
  if (current === next) continue;
  stale++;
  if (check) process.stderr.write(`${COMMAND}: ${file} is out of date\n`);
  else {
    writeFileSync(path, next);
    process.stdout.write(`${COMMAND}: wrote ${file}\n`);
  }
}
if (check && stale > 0) process.exitCode = 1;
