#!/usr/bin/env node
// Packs, describes, signs, verifies and publishes every published package of this commit: the one
// release procedure, run by .github/workflows/release.yml on a tag and by
// test/e2e/release.test.ts against a registry on loopback. Framework: BLD-4, BLD-9, ART-1..3, MAT-6.
//
// For each package, in dependency order (core first, the rampart CLI last):
//   1. `pnpm pack` into --out (byte-reproducible: see .pnpmfile.cjs),
//   2. a CycloneDX SBOM of the package and its dependencies: <tarball>.cdx.json,
//   3. a DSSE in-toto attestation of the tarball with the SBOM as predicate, signed with --key by
//      `rampart attest`: <tarball>.intoto.jsonl,
//   4. `rampart verify` of the tarball against --allowed-signers (default .rampart/allowed_signers):
//      a key that is not listed there stops the release before anything is published,
//   5. `pnpm publish <tarball>` (the very bytes that were attested), --provenance in CI.
//
// Usage: node scripts/release.mjs --out DIR --key FILE [--allowed-signers FILE] [--tag vX.Y.Z]
//          [--registry URL] [--provenance] [--dry-run]
// Run it after a build (npm run build), from the repository root. Exit 0 done, 2 could not run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(import.meta.dirname, "..");
/**
 * Dependency order of the published (non-private) packages: a package is published after every
 * workspace package it depends on. Derived from the manifests, so a new package cannot be left out.
 */
function publishOrder() {
  const pkgs = new Map();
  for (const dir of readdirSync(join(root, "packages"))) {
    const file = join(root, "packages", dir, "package.json");
    if (!existsSync(file)) continue;
    const m = JSON.parse(readFileSync(file, "utf8"));
    if (!m.private) pkgs.set(m.name, { dir, deps: Object.keys({ ...m.dependencies, ...m.peerDependencies }) });
  }
  const order = [];
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name) || !pkgs.has(name)) return;
    seen.add(name);
    for (const dep of pkgs.get(name).deps) visit(dep);
    order.push(pkgs.get(name).dir);
  };
  for (const name of [...pkgs.keys()].sort()) visit(name);
  return order;
}
const ORDER = publishOrder();

function fail(message) {
  process.stderr.write(`release: ${message}\n`);
  process.exit(2);
}

function run(file, args, options = {}) {
  const r = spawnSync(file, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
  if (r.status !== 0) fail(`${file} ${args.join(" ")} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const { values } = parseArgs({
  options: {
    out: { type: "string" },
    key: { type: "string" },
    "allowed-signers": { type: "string" },
    tag: { type: "string" },
    registry: { type: "string" },
    provenance: { type: "boolean", default: false },
    "dry-run": { type: "boolean", default: false },
  },
});
if (!values.out) fail("--out DIR is required");
if (!values.key || !existsSync(values.key))
  fail(`--key must name the release signing key (got ${values.key ?? "none"})`);
const out = resolve(values.out);
const allowedSigners = resolve(values["allowed-signers"] ?? join(root, ".rampart/allowed_signers"));
if (!existsSync(allowedSigners)) fail(`no allowed signers file at ${allowedSigners}`);
const cli = join(root, "packages/cli/bin/rampart.js");
if (!existsSync(join(root, "packages/cli/dist/main.js"))) fail("build first: npm run build");

const manifests = ORDER.map((dir) => ({
  dir,
  ...JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")),
}));
const versions = new Set(manifests.map((m) => m.version));
if (versions.size !== 1) fail(`packages are not in lockstep: ${[...versions].join(", ")} (run pnpm changeset version)`);
const version = manifests[0].version;
if (values.tag !== undefined && values.tag !== `v${version}`) fail(`tag ${values.tag} is not v${version}`);

mkdirSync(out, { recursive: true });
// Run in the output folder, so the attestation's subject is the tarball's file name, as a user
// who downloads it sees it, not a path on the release machine.
const rampart = (args) => run(process.execPath, [cli, "--cwd", root, ...args], { cwd: out });
const published = [];
for (const m of manifests) {
  const before = new Set(readdirSync(out));
  run("pnpm", ["pack", "--pack-destination", out], { cwd: join(root, "packages", m.dir) });
  const tarball = readdirSync(out).find((f) => f.endsWith(".tgz") && !before.has(f));
  if (tarball === undefined) fail(`pnpm pack wrote no tarball for ${m.name}`);
  const tgz = join(out, tarball);
  rampart(["sbom", "--workspace", m.name, "--output", `${tgz}.cdx.json`, "--force"]);
  run(
    process.execPath,
    [
      cli,
      "attest",
      tarball,
      "--key",
      resolve(values.key),
      "--predicate",
      `${tarball}.cdx.json`,
      "--output",
      `${tarball}.intoto.jsonl`,
      "--force",
    ],
    { cwd: out },
  );
  run(
    process.execPath,
    [cli, "verify", tarball, "--attestation", `${tarball}.intoto.jsonl`, "--allowed-signers", allowedSigners],
    { cwd: out },
  );
  published.push({ name: m.name, tgz });
}
if (!values["dry-run"]) {
  for (const { tgz } of published) {
    const args = ["publish", tgz, "--no-git-checks", "--access", "public"];
    if (values.registry) args.push("--registry", values.registry);
    if (values.provenance) args.push("--provenance");
    run("pnpm", args);
  }
}
for (const { name, tgz } of published)
  process.stdout.write(
    `${values["dry-run"] ? "packed" : "published"} ${name}@${version}: ${tgz} (+ .cdx.json, .intoto.jsonl)\n`,
  );
