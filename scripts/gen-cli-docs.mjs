#!/usr/bin/env zx
// Writes the CLI reference into README.md and packages/cli/README.md, between the markers, from
// the same option tables that drive `rampart --help`. packages/cli/test/docs.test.ts fails when
// they drift; run this (after building the CLI) to bring them back in line.
//
// Usage: zx scripts/gen-cli-docs.mjs [--check]
import { argv, fs, path } from "zx";

const root = path.join(import.meta.dirname, "..");
const cli = await import(path.join(root, "packages/cli/dist/index.js")).catch(() => {
  process.stderr.write("gen-cli-docs: packages/cli/dist is missing; run `npm run build` first\n");
  process.exit(2);
});
const reference = cli.renderMarkdownReference(await cli.loadAll(cli.builtinRegistry));
const targets = ["README.md", "packages/cli/README.md"];

let stale = 0;
for (const target of targets) {
  const file = path.join(root, target);
  const text = await fs.readFile(file, "utf8");
  const next = cli.spliceReference(text, reference);
  if (next === undefined) {
    process.stderr.write(`gen-cli-docs: ${target} lacks the markers\n  ${cli.DOCS_START}\n  ${cli.DOCS_END}\n`);
    process.exit(2);
  }
  if (next === text) continue;
  stale++;
  if (argv.check) process.stderr.write(`gen-cli-docs: ${target} is out of date\n`);
  else {
    await fs.writeFile(file, next);
    process.stdout.write(`gen-cli-docs: wrote ${target}\n`);
  }
}
if (argv.check && stale > 0) process.exitCode = 1;
