#!/usr/bin/env zx
// Packs every publishable package with `pnpm pack` (what a release would upload) and checks the
// tarball itself: README and package.json, every file `exports`/`main`/`types`/`bin` name, a
// node shebang on each bin, no test files, no leftover `workspace:`/`catalog:` specifiers, no
// devDependencies and no private workspace package named, no shipped module importing a package
// the packed manifest does not depend on, a licence and engines, `types` first in each exports entry, and
// every file of a package's templates/ folder (@rampart/hooks ships what `rampart init` writes),
// and the CLI's bundle: its entries, every chunk they import, and its CycloneDX SBOM.
//
// Usage: zx scripts/check-pack.mjs [--root DIR]   (build first: it packs what dist/ holds)
import { builtinModules } from "node:module";
import { gunzipSync } from "node:zlib";
import { $, argv, fs, glob, path, tmpdir } from "zx";

const root = path.resolve(argv.root ?? path.join(import.meta.dirname, ".."));
const problems = [];
const summary = [];

/** Paths in a .tgz (ustar, with pax long names), read with node alone so no system tar is needed. */
export function listTarball(buffer) {
  const data = gunzipSync(buffer);
  const files = new Map();
  let longName;
  for (let off = 0; off + 512 <= data.length; ) {
    const header = data.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, len) =>
      header
        .subarray(start, start + len)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const body = data.subarray(off + 512, off + 512 + size);
    if (type === "x") {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))?.[1];
    } else {
      const prefix = field(345, 155);
      const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
      if (type === "0" || type === "") files.set(name, Buffer.from(body));
      longName = undefined;
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Every file path an exports map (or main/types) points at; patterns with `*` are skipped. */
function exportTargets(pkg) {
  const out = new Set();
  const walk = (value) => {
    if (typeof value === "string") {
      if (!value.includes("*")) out.add(value.replace(/^\.\//, ""));
    } else if (value && typeof value === "object") {
      for (const v of Object.values(value)) walk(v);
    }
  };
  walk(pkg.exports);
  for (const key of ["main", "types", "module"]) if (typeof pkg[key] === "string") walk(pkg[key]);
  return out;
}

/** Files of a package's templates/ folder (what `rampart init` writes), each of which must ship. */
async function templateFiles(pkgDir) {
  const dir = path.join(pkgDir, "templates");
  if (!(await fs.pathExists(dir))) return [];
  return (await glob("**/*", { cwd: dir, dot: true, onlyFiles: true })).filter((f) => path.basename(f) !== ".gitkeep");
}

/**
 * The packages a module's source imports by name: static `import`/`export ... from`, side-effect
 * `import "x"`, `import("x")` and `require("x")` with a literal specifier, outside comment lines;
 * relative and absolute paths, `#` subpath imports, URLs and Node's builtins (`node:` or bare)
 * left out.
 */
export function importedPackages(source) {
  // Comment lines left out (tsc and the bundler keep them, and they quote imports as examples).
  const text = source
    .split("\n")
    .filter((line) => !/^\s*(?:\/\/|\/\*|\*)/.test(line))
    .join("\n");
  // The keyword as a statement or call of its own (not `--import"`, `x.import(`, `reimport`).
  const specifiers = [
    ...text.matchAll(/(?<![\w$.-])(?:import|export)\s[^;"'`]*?\bfrom\s*["']([^"'\s]+)["']/g),
    ...text.matchAll(/(?<![\w$.-])import\s*["']([^"'\s]+)["']/g),
    ...text.matchAll(/(?<![\w$.-])(?:import|require)\s*\(\s*["']([^"'\s]+)["']\s*\)/g),
  ].map((m) => m[1]);
  const names = new Set();
  for (const spec of specifiers) {
    if (/^(?:[./#]|[a-z][a-z0-9+.-]*:)/i.test(spec)) continue;
    const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
    if (!builtinModules.includes(name)) names.add(name);
  }
  return [...names].sort();
}

/** Names of the private workspace packages (test helpers, benches): never in a published manifest. */
const privateNames = new Set();
for (const manifest of await glob(["packages/*/package.json", "test/*/package.json", "bench/package.json"], {
  cwd: root,
})) {
  const m = await fs.readJson(path.join(root, manifest));
  if (m.private) privateNames.add(m.name);
}

async function checkPackage(dir, pkg, dest) {
  const templates = await templateFiles(dir);
  const fail = (msg) => problems.push(`${pkg.name} (${path.relative(root, dir)}): ${msg}`);
  const out = (await $({ cwd: dir, quiet: true })`pnpm pack --pack-destination ${dest} --json`).stdout;
  // Lifecycle scripts (prepack) may print before the JSON; it is the last object in the output.
  const tarball = JSON.parse(out.slice(out.lastIndexOf('{\n  "name"'))).filename;
  const files = listTarball(await fs.readFile(tarball));
  const has = (p) => files.has(`package/${p}`);
  for (const required of ["package.json", "README.md"]) if (!has(required)) fail(`tarball has no ${required}`);
  for (const target of exportTargets(pkg))
    if (!has(target)) fail(`exports/main/types name ${target}, which the tarball lacks`);
  const bins = typeof pkg.bin === "string" ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
  for (const [name, file] of Object.entries(bins)) {
    const rel = file.replace(/^\.\//, "");
    if (!has(rel)) fail(`bin ${name} -> ${rel} is missing from the tarball`);
    else if (!files.get(`package/${rel}`).toString("utf8").startsWith("#!/usr/bin/env node"))
      fail(`bin ${rel} lacks a node shebang`);
  }
  for (const name of files.keys()) {
    if (/\.test\.[cm]?[jt]s$|\.tsbuildinfo$/.test(name)) fail(`tarball ships ${name.replace(/^package\//, "")}`);
  }
  const packed = JSON.parse(files.get("package/package.json")?.toString("utf8") ?? "{}");
  for (const kind of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [dep, range] of Object.entries(packed[kind] ?? {})) {
      if (/^(workspace|catalog):/.test(range)) fail(`packed ${kind}.${dep} is still "${range}"`);
    }
  }
  for (const field of ["license", "engines"]) if (packed[field] === undefined) fail(`package.json has no ${field}`);
  // What a consumer's install reads names only packages a registry has: no devDependencies (ours
  // name private workspace packages), and no private workspace package anywhere.
  if (packed.devDependencies !== undefined)
    fail("packed package.json lists devDependencies (.pnpmfile.cjs drops them)");
  for (const kind of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const dep of Object.keys(packed[kind] ?? {})) {
      if (privateNames.has(dep)) fail(`packed ${kind} names the private workspace package ${dep}`);
    }
  }
  // What a consumer's install has for the package's code to import: its dependencies (and
  // peers), Node's builtins, itself. A shipped module that imports anything else (a
  // devDependency, say) fails for every user who loads it.
  const declared = new Set([
    packed.name,
    ...["dependencies", "peerDependencies", "optionalDependencies"].flatMap((k) => Object.keys(packed[k] ?? {})),
  ]);
  for (const [name, body] of files) {
    if (!/\.[cm]?js$/.test(name)) continue;
    for (const dep of importedPackages(body.toString("utf8"))) {
      if (!declared.has(dep))
        fail(`${name.replace(/^package\//, "")} imports ${dep}, which is not among the packed package's dependencies`);
    }
  }
  for (const [key, value] of Object.entries(packed.exports ?? {})) {
    // TypeScript picks the first matching condition: "types" must come before "default".
    if (value && typeof value === "object" && "types" in value && Object.keys(value)[0] !== "types") {
      fail(`exports["${key}"] must list "types" first`);
    }
  }
  if (
    has("dist/bundle/main.js") ||
    /dist\/bundle\//.test(files.get(`package/${Object.values(bins)[0]}`)?.toString("utf8") ?? "")
  ) {
    for (const problem of bundleProblems(files, dir)) fail(problem);
  }
  if (templates.length > 0) {
    for (const t of templates) if (!has(`templates/${t}`)) fail(`templates/${t} is not in the tarball`);
  }
  summary.push(`${pkg.name}@${pkg.version} (${files.size} files)`);
}

/**
 * The CLI's bundle (packages/cli/scripts/bundle.mjs) as packed: its entries, every file they
 * import, its SBOM with a component for each workspace package whose modules it holds (the
 * chunks name each module's path in a comment), and none of the build's records of a checkout.
 */
function bundleProblems(files, dir) {
  const problems = [];
  const at = "package/dist/bundle/";
  for (const entry of ["main.js", "main-lockfile.js", "main-sbom.js", "scan-worker.js", "bundle.cdx.json"])
    if (!files.has(at + entry)) problems.push(`dist/bundle/${entry} is missing from the tarball`);
  for (const record of ["bundle-stamp.json", "bundle-modules.json"])
    if (files.has(`package/${record}`))
      problems.push(`tarball ships ${record}, a record of the checkout that built it`);
  const folders = new Set();
  for (const [name, body] of files) {
    if (!name.startsWith(at) || !name.endsWith(".js")) continue;
    const text = body.toString("utf8");
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)"(\.\/[^"]+)"/g)) {
      if (!files.has(at + m[1].slice(2))) problems.push(`${name.slice(8)} imports ${m[1]}, which the tarball lacks`);
    }
    for (const m of text.matchAll(/^\/\/ packages\/([^/]+)\/dist\//gm)) folders.add(m[1]);
  }
  let sbom;
  try {
    sbom = JSON.parse(files.get(`${at}bundle.cdx.json`)?.toString("utf8") ?? "");
  } catch {
    problems.push("dist/bundle/bundle.cdx.json is not JSON");
    return problems;
  }
  if (sbom.bomFormat !== "CycloneDX") problems.push("dist/bundle/bundle.cdx.json is not a CycloneDX document");
  const own = fs.readJsonSync(path.join(dir, "package.json")).name;
  for (const folder of folders) {
    const { name, version, license } = fs.readJsonSync(path.join(root, "packages", folder, "package.json"));
    if (name === own) continue;
    const c = (sbom.components ?? []).find((x) => x.purl === `pkg:npm/${name.replace("@", "%40")}@${version}`);
    if (c === undefined)
      problems.push(`the bundle holds ${name}'s modules, but bundle.cdx.json has no component ${name}@${version}`);
    else if (!(c.hashes?.length > 0) || JSON.stringify(c.licenses ?? []).indexOf(license) < 0)
      problems.push(`bundle.cdx.json's ${name} has no hash or not its licence ${license}`);
  }
  if (folders.size === 0) problems.push("dist/bundle holds no workspace module (no // packages/<name>/dist/ comment)");
  return problems;
}

const dest = tmpdir("rampart-pack");
try {
  const manifests = (await glob("packages/*/package.json", { cwd: root })).sort();
  for (const manifest of manifests) {
    const pkg = await fs.readJson(path.join(root, manifest));
    if (pkg.private) continue;
    await checkPackage(path.join(root, path.dirname(manifest)), pkg, dest);
  }
} finally {
  await fs.remove(dest);
}

if (problems.length > 0) {
  process.stderr.write(`check-pack: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
  process.stderr.write(
    "  hint: build first (npm run build); `files` and `exports` in package.json decide what ships\n",
  );
  process.exitCode = 1;
} else {
  process.stdout.write(`check-pack: ok: ${summary.join(", ")}\n`);
}
