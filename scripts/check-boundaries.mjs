#!/usr/bin/env zx
// Fails when a package depends on one it must not. Dependencies flow one way:
//   cli -> {hooks, secrets, signatures, lockfile, sbom, workflows, deps} -> core   (sbom and deps may also use lockfile)
//   cli -> audit -> {core, hooks, lockfile, signatures, workflows}   (audit reads the others' public APIs)
// Checked in each package's package.json (dependencies, peer, optional and dev) and in its source
// and tests: static imports and re-exports, `import type`, dynamic `import("...")` and require().
// Also flags a static (non-type) import of a tool package in the CLI, which would defeat lazy
// loading of commands; relative imports that reach into another package, @rampart/test-helpers outside
// tests or devDependencies, and bare imports a package does not declare (they work in the
// monorepo by accident and break for users).
//
// Usage: zx scripts/check-boundaries.mjs [--root DIR]
import { builtinModules } from "node:module";
import { argv, fs, glob, path } from "zx";

/** Which workspace packages (by folder) each package may depend on. */
export const LAYERS = {
  core: [],
  hooks: ["core"],
  secrets: ["core"],
  signatures: ["core"],
  lockfile: ["core"],
  sbom: ["core", "lockfile"],
  workflows: ["core"],
  deps: ["core", "lockfile"],
  // audit judges the whole chain through the other packages' public APIs; only the CLI imports it.
  audit: ["core", "hooks", "lockfile", "signatures", "workflows"],
  cli: ["core", "hooks", "secrets", "signatures", "lockfile", "sbom", "workflows", "deps", "audit"],
};
const TEST_HELPERS = "@rampart/test-helpers";
const SOURCE = "**/*.{ts,mts,cts,js,mjs,cjs}";

const root = path.resolve(argv.root ?? path.join(import.meta.dirname, ".."));
const problems = [];
const report = (where, message) => problems.push(`${where}: ${message}`);

const packages = [];
for (const manifest of await glob("packages/*/package.json", { cwd: root })) {
  const dir = path.dirname(manifest);
  packages.push({ dir, folder: path.basename(dir), pkg: await fs.readJson(path.join(root, manifest)) });
}
const helpersManifest = path.join(root, "test/helpers/package.json");
const helpers = (await fs.pathExists(helpersManifest))
  ? { dir: "test/helpers", folder: "test-helpers", pkg: await fs.readJson(helpersManifest) }
  : undefined;
const folderOf = new Map(packages.map((p) => [p.pkg.name, p.folder]));

/** The package a bare specifier names: `@scope/name/x` -> `@scope/name`, `name/x` -> `name`. */
function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function isBuiltin(name) {
  return name.startsWith("node:") || builtinModules.includes(name);
}

/** [line, specifier, "static" | "type" | "dynamic"] for each import/export-from/import()/require(). */
export function findImports(text) {
  // Drop comments so that an example in a doc comment is not taken for an import.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " ")).replace(/^\s*\/\/.*$/gm, "");
  const patterns = [
    // Static forms start a statement (start of line or after `;`), which keeps an argument such
    // as "--import" in a string from looking like one.
    ["static", /(?:^|;)[ \t]*(?:import|export)\s+(type\s+)?[^'"`;]*?\bfrom\s*(['"])([^'"]+)\2/gm],
    ["static", /(?:^|;)[ \t]*import\s*()(['"])([^'"]+)\2/gm],
    ["dynamic", /(?:^|[^\w$.])import\s*\(\s*()(['"`])([^'"`$]+)\2/g],
    ["dynamic", /(?:^|[^\w$.])require\s*\(\s*()(['"])([^'"]+)\2\s*\)/g],
  ];
  const found = [];
  for (const [kind, re] of patterns) {
    for (const m of code.matchAll(re)) {
      const line = code.slice(0, m.index).split("\n").length;
      found.push([line, m[3], m[1] ? "type" : kind]);
    }
  }
  return found;
}

function declared(pkg, kinds) {
  return new Set(kinds.flatMap((k) => Object.keys(pkg[k] ?? {})));
}

function checkManifest({ dir, folder, pkg }) {
  const allowed = LAYERS[folder];
  const where = `${dir}/package.json`;
  if (allowed === undefined && folder !== "test-helpers") {
    report(where, `no layer declared for ${folder}: add it to LAYERS in scripts/check-boundaries.mjs`);
    return;
  }
  for (const kind of ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"]) {
    for (const name of Object.keys(pkg[kind] ?? {})) {
      if (name === TEST_HELPERS) {
        if (kind !== "devDependencies") report(where, `${TEST_HELPERS} may only be a devDependency (it is in ${kind})`);
        continue;
      }
      const target = folderOf.get(name);
      if (target === undefined) continue; // third-party
      if (folder === "test-helpers" || !allowed.includes(target)) {
        report(
          where,
          `${kind} has ${name}, but ${folder} may depend on: ${(allowed ?? []).join(", ") || "nothing internal"}`,
        );
      }
    }
  }
}

async function checkSources({ dir, folder, pkg }) {
  const allowed = LAYERS[folder] ?? [];
  const runtime = declared(pkg, ["dependencies", "peerDependencies", "optionalDependencies"]);
  const all = declared(pkg, ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"]);
  const files = await glob(SOURCE, { cwd: path.join(root, dir), ignore: ["**/node_modules/**", "**/dist/**"] });
  for (const rel of files.sort()) {
    const file = path.join(dir, rel);
    const isTest = !/^(src|bin)\//.test(rel);
    if (rel.startsWith("test/fixtures/")) continue;
    const text = await fs.readFile(path.join(root, file), "utf8");
    for (const [line, spec, kind] of findImports(text)) {
      const where = `${file}:${line}`;
      if (spec.startsWith(".")) {
        const target = path.resolve(path.dirname(path.join(root, file)), spec);
        if (!target.startsWith(path.join(root, dir) + path.sep))
          report(where, `relative import '${spec}' reaches outside ${dir}`);
        continue;
      }
      const name = packageName(spec);
      if (isBuiltin(name) || name === pkg.name) continue;
      if (name === TEST_HELPERS) {
        if (!isTest) report(where, `${TEST_HELPERS} is for tests only`);
        else if (!all.has(name)) report(where, `imports ${name}, which ${dir}/package.json does not declare`);
        continue;
      }
      const target = folderOf.get(name);
      // The hook snapshot's entry is the one exception: a V8 startup snapshot holds only what its
      // entry loads statically (src/hook-snapshot.ts is bundled alone, never imported by main).
      const snapshotEntry = folder === "cli" && rel === "src/hook-snapshot.ts";
      // Its one third-party graph (@commitlint/lint) is inlined into the snapshot's bundle by
      // scripts/bundle.mjs (never loaded from node_modules at run time): a devDependency.
      const bundledThirdParty = folder === "cli" && rel === "src/hook-snapshot-commitlint.ts";
      const tool = target !== undefined && target !== "core";
      if (folder === "cli" && !isTest && !snapshotEntry && kind === "static" && tool) {
        // A static import would load the tool on every run: `rampart hook` must not pay for sbom.
        report(where, `imports ${name} statically; load it with \`await import()\` inside run()`);
        continue;
      }
      if (target !== undefined && (folder === "test-helpers" || !allowed.includes(target))) {
        report(where, `imports ${name}, but ${folder} may depend on: ${allowed.join(", ") || "nothing internal"}`);
      } else if (!(isTest || bundledThirdParty ? all : runtime).has(name)) {
        report(where, `imports ${name}, which ${dir}/package.json does not declare${isTest ? "" : " in dependencies"}`);
      }
    }
  }
  return files.length;
}

let fileCount = 0;
for (const p of [...packages, ...(helpers ? [helpers] : [])]) {
  checkManifest(p);
  fileCount += await checkSources(p);
}

if (problems.length > 0) {
  process.stderr.write(
    `check-boundaries: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join("\n")}\n`,
  );
  process.stderr.write(
    "  hint: dependencies flow cli -> {hooks, secrets, signatures, lockfile, sbom} -> core; sbom may use lockfile\n",
  );
  process.exitCode = 1;
} else {
  process.stdout.write(`check-boundaries: ok (${packages.length} packages, ${fileCount} files)\n`);
}
