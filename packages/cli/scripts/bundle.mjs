#!/usr/bin/env node
// Build step (after every package's tsc): the CLI as one esbuild graph, so that a process loads a
// handful of files instead of the ~100-300 modules of the packages' dist/ folders.
//
//   dist/bundle/main.js         the CLI (bin/rampart.js runs it when it is fresh, see below)
//   dist/bundle/scan-worker.js  the secret scan's worker thread
//   dist/bundle/*-HASH.js       chunks shared by the entries and the lazy imports: ESM with code
//                               splitting, so every import() of the sources (a command, a reporter,
//                               the help, a rule set) is still a separate, lazily loaded file
//   dist/bundle/bundle.cdx.json a CycloneDX SBOM of the packages whose code is inside the bundle
//   bundle-stamp.json           (not shipped) what the bin compares in a checkout before it runs the
//                               bundle: each bundled package's tsconfig.tsbuildinfo (size, time, digest)
//   bundle-modules.json         (not shipped) which input modules each output file holds
//
// What goes in: the workspace packages' compiled dist/*.js (the very code `tsc -b` emitted, not the
// sources again), one copy of each (esbuild follows the workspace links to the real files).
// Third-party packages stay external: they are loaded the same way as without the bundle (most of
// them lazily, on first use, through createRequire) and are dependencies of the published package,
// where users' scanners see them (but for the startup snapshot's copy of @commitlint/lint and its
// graph, bundled into dist/hook-snapshot.cjs with dist/hook-snapshot.cdx.json and
// dist/hook-snapshot.licenses.txt beside it: src/hook-snapshot-commitlint.ts). Unminified and reproducible: two builds of one tree are the same
// bytes (no absolute paths, no times; test/bundle.test.ts builds twice and compares).
//
// A module's `import.meta.url` is rewritten to the URL the module has in its own package (resolved
// at run time through the installed package's package.json), so what a module reads beside itself
// (schemas, templates, the secret rule table and the rule files it is keyed by, the policy cache's
// reader digest, package.json versions) is found where it always was. The one exception is a
// `new URL("./<entry>.js", import.meta.url)` naming an entry of the bundle (the scan worker): that
// stays relative to the bundle, so the worker runs bundled too.
//
// Usage: node packages/cli/scripts/bundle.mjs [--metafile FILE] [--outdir DIR] [--single ENTRY --outfile FILE]
//   --metafile FILE   also write esbuild's metafile (what each output pulls in) to FILE
//   --outdir DIR      write the bundle (and its SBOM) there instead, and no stamp (a second build
//                     to compare with, as the reproducibility test does)
//   --single ENTRY    one self-contained file for ENTRY (main or scan-worker), no splitting (for
//                     a startup snapshot); lazy imports are then inlined into that file
//   --format cjs      with --single: CommonJS, for `node --build-snapshot` (the hook-snapshot
//                     entry, src/hook-snapshot.ts); see snapshotScript() below
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const cliDir = resolve(import.meta.dirname, "..");
const root = resolve(cliDir, "../..");
const STAMP = join(cliDir, "bundle-stamp.json");
const MODULES = join(cliDir, "bundle-modules.json");

const { values } = parseArgs({
  options: {
    metafile: { type: "string" },
    single: { type: "string" },
    outfile: { type: "string" },
    outdir: { type: "string" },
    format: { type: "string" },
  },
});

/** Entry name -> the compiled module it starts from. */
const ENTRIES = {
  main: join(cliDir, "dist/main.js"),
  "scan-worker": join(root, "packages/secrets/dist/scan-worker.js"),
};

/**
 * Commands that also get a bundle of their own, dist/bundle/main-<command>.js: the CLI's main with
 * that command and everything it may load in one file, and no other command. The bin runs it when
 * the command is rampart's first argument: Node loads one file instead of the ~36 chunks of the
 * split bundle a lockfile check loads (each file costs a resolve, a read, a compile-cache lookup
 * and a module record: ~40 ms of CPU of a 180 ms check of a small lockfile). The bin's list is the same.
 * sbom's: ~18% of the CPU of an SBOM of a large lockfile was its ~34 chunks' loading and the
 * compiles of functions on first call that the script's code cache keeps.
 */
const COMMAND_BUNDLES = ["lockfile", "sbom"];

/**
 * A command bundle is one function expression over esbuild's CommonJS output, strict as the ESM
 * it was built from, on the first line so that line numbers are the output's: the bin compiles
 * it as a vm.Script (with V8's code cache) and calls it as Node calls a CommonJS module.
 */
const SCRIPT_HEAD = [
  '(function (exports, require, module, __filename, __dirname) {"use strict";',
  // esbuild's CommonJS keeps an import() of an external module (node: built-ins, yaml, semver),
  // which a script cannot run: it becomes this, the namespace import() gives (a CommonJS module's
  // exports as its properties and as default; an ES module's namespace as it is).
  "var __rampartImport = (id) => Promise.resolve().then(() => {",
  "const m = require(id);",
  'return m !== null && m[Symbol.toStringTag] === "Module" ? m : Object.create(m, { default: { value: m } });',
  "});",
].join(" ");

/** Entries built only one file at a time (--single): the hooks' startup snapshot (--format cjs). */
const SINGLE_ENTRIES = {
  ...ENTRIES,
  "hook-snapshot": join(cliDir, "dist/hook-snapshot.js"),
};
const cjs = values.format === "cjs";
/** The one module whose third-party imports the snapshot bundles (src/hook-snapshot-commitlint.ts). */
const THIRD_PARTY_ENTRY = join(cliDir, "dist/hook-snapshot-commitlint.js");
if (values.format !== undefined && (!cjs || values.single === undefined))
  throw new Error("--format: only cjs, and only with --single");

/** The workspace packages: folder -> package name. */
const packages = new Map();
for (const folder of readdirSync(join(root, "packages")).sort()) {
  const manifest = join(root, "packages", folder, "package.json");
  if (existsSync(manifest)) packages.set(folder, JSON.parse(readFileSync(manifest, "utf8")).name);
}
const posix = (p) => p.split(sep).join("/");
/** [package name, path inside it] of a workspace package's file, else undefined. */
function ownPackage(file) {
  const rel = posix(relative(join(root, "packages"), file));
  const [folder, ...rest] = rel.split("/");
  const name = packages.get(folder);
  return name === undefined || rel.startsWith("..") ? undefined : [name, rest.join("/")];
}

const HELPER = "rampart-bundle:module-url";
/**
 * The helper's source. `ownRoot`: the CLI package's folder relative to the output file, for the
 * split bundle (every file in dist/bundle/; an --outdir build is only compared, never run): the
 * CLI's own files are then found without the resolver, which --version and the commands that read
 * no other package's files never load. The snapshot's single file resolves the CLI like the others
 * (its roots may be taken while the blob is built, in another place).
 */
function helperSource(ownRoot, commonJs) {
  // CommonJS has no import.meta: the output file's own path (the snapshot builder and the bin's
  // script loader pass it as __filename).
  const self = commonJs ? "pathToFileURL(__filename)" : "import.meta.url";
  return `// Where a bundled module's own files are: its package as installed beside the CLI (resolved once).
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
let require;
const roots = new Map(${ownRoot === undefined ? "" : `[[${JSON.stringify(packages.get("cli"))}, new URL(${JSON.stringify(ownRoot)}, ${self}).href]]`});
export function moduleUrl(name, file) {
  let root = roots.get(name);
  if (root === undefined) {
    require ??= createRequire(${commonJs ? "__filename" : "import.meta.url"});
    root = pathToFileURL(dirname(require.resolve(name + "/package.json")) + "/").href;
    roots.set(name, root);
  }
  return new URL(file, root).href;
}
`;
}

/**
 * The signatures cache names the code that judged (cache.ts codeId): the digest of
 * @rampart/signatures' and @rampart/core's compiled files, written into the bundled cache.js, so
 * that the CLI and the hook snapshot built from the same files read one cache, and a rebuild that
 * changes a verifier is a miss. Files in path order, each name and content: reproducible.
 */
let codeDigest;
function withCodeId(text) {
  if (codeDigest === undefined) {
    const h = createHash("sha256");
    for (const pkg of ["signatures", "core"]) {
      const dist = join(root, "packages", pkg, "dist");
      const files = readdirSync(dist, { recursive: true })
        .map((f) => posix(String(f)))
        .filter((f) => f.endsWith(".js"))
        .sort();
      for (const f of files)
        h.update(`${pkg}/${f}\0`)
          .update(readFileSync(join(dist, f)))
          .update("\0");
    }
    codeDigest = `sha256:${h.digest("hex")}`;
  }
  const marker = '"rampart-code-id:unbaked"';
  if (!text.includes(marker))
    throw new Error(`@rampart/signatures dist/cache.js has no ${marker} to bake the code id into`);
  return text.replace(marker, JSON.stringify(codeDigest));
}

/** Entries a bundled module starts by URL (the scan worker): each must be, or it would run unbundled. */
const started = new Set();
/** External bare imports, by the workspace package that makes them (checked against the CLI's manifest). */
const externals = new Map();

/**
 * The plugin for one esbuild build. `only`: the one command the output holds (the snapshot's
 * `hook`, a command bundle's command): the registry's import() of every other command becomes a
 * module that throws. `beside`: the output is a file of dist/bundle (the split bundle and the
 * command bundles), which finds the CLI's own files and the scan worker relative to itself.
 */
function rampartPlugin({ only, beside, commonJs = cjs }) {
  return {
    name: "rampart",
    setup(b) {
      b.onResolve({ filter: /^rampart-bundle:/ }, (args) => ({ path: args.path, namespace: "rampart-bundle" }));
      if (only !== undefined) {
        // The snapshot runs the hook command only (its registry holds nothing else), a command
        // bundle its own command: the other commands, and the installer, prompts and reporters
        // only they load, stay out of the file.
        b.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) =>
          args.path === `./commands/${only}.js` || !args.importer.endsWith(`${sep}cli${sep}dist${sep}registry.js`)
            ? undefined
            : { path: args.path, namespace: "rampart-bundle-absent" },
        );
        b.onLoad({ filter: /.*/, namespace: "rampart-bundle-absent" }, (args) => ({
          contents: `throw new Error(${JSON.stringify(`${args.path} is not in this bundle (it holds ${only} only)`)});\n`,
          loader: "js",
        }));
      }
      b.onLoad({ filter: /.*/, namespace: "rampart-bundle" }, () => ({
        contents: helperSource(beside ? "../../" : undefined, commonJs),
        loader: "js",
        resolveDir: cliDir,
      }));
      // Third-party packages (bare specifiers outside the workspace) stay external, but for the
      // snapshot's copy of @commitlint/lint and what it imports (see THIRD_PARTY_ENTRY).
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith("@rampart/")) return undefined;
        if (args.path.startsWith("node:") || builtinModules.includes(args.path)) return { external: true };
        if (
          values.single === "hook-snapshot" &&
          (args.importer === THIRD_PARTY_ENTRY || args.importer.includes(`${sep}node_modules${sep}`))
        )
          return undefined;
        const parts = args.path.split("/");
        const name = args.path.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
        const owner = ownPackage(args.importer)?.[0] ?? args.importer;
        if (!externals.has(name)) externals.set(name, new Set());
        externals.get(name).add(owner);
        return { external: true };
      });
      if (values.single === "hook-snapshot") {
        // The bundled third-party modules as they are: esbuild converts them to CommonJS, and any
        // warning it gives about it (import.meta, say) fails the build (below).
        b.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, (args) => ({
          contents: readFileSync(args.path, "utf8"),
          loader: "js",
          resolveDir: dirname(args.path),
        }));
      }
      b.onLoad({ filter: /\.js$/ }, (args) => {
        const own = ownPackage(args.path);
        if (own === undefined) throw new Error(`${args.path} is outside the workspace packages`);
        if (!own[1].startsWith("dist/")) throw new Error(`${args.path} is not compiled output (dist/)`);
        let text = readFileSync(args.path, "utf8");
        if (own[0] === "@rampart/signatures" && own[1] === "dist/cache.js") text = withCodeId(text);
        if (cjs && own[0] === "@rampart/secrets" && own[1] === "dist/rules/table.js") text = withoutRuleFiles(text);
        const other = /import\.meta\.(?!url\b)\w+/.exec(text);
        if (other) throw new Error(`${posix(relative(root, args.path))}: ${other[0]} is not handled by the bundle`);
        if (text.includes("import.meta.url")) {
          const keep = "\0bundle-relative\0";
          text = text
            .replace(/new URL\("\.\/([\w-]+)\.js", import\.meta\.url\)/g, (whole, name) => {
              if (!(name in ENTRIES) || !beside) return whole;
              started.add(name);
              return whole.replace("import.meta.url", keep);
            })
            .replaceAll("import.meta.url", `__rampartModuleUrl(${JSON.stringify(own[0])}, ${JSON.stringify(own[1])})`)
            .replaceAll(keep, "import.meta.url");
          text = `import { moduleUrl as __rampartModuleUrl } from ${JSON.stringify(HELPER)};\n${text}`;
        }
        return { contents: text, loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * CommonJS has no top-level await: the rule table's fallback (reading the rule files when the
 * generated table is missing or stale) becomes an error in the snapshot's bundle, so a blob is
 * only ever built over a fresh table; a change to that line fails this build, never silently.
 */
function withoutRuleFiles(text) {
  const fallback = '(await import("./sources.js")).sourceRules';
  if (text.split(fallback).length !== 2)
    throw new Error("packages/secrets/dist/rules/table.js: not the rule-files fallback the CommonJS bundle replaces");
  return text.replace(
    fallback,
    '(() => { throw new Error("the secret rule table is missing or stale: run the build"); })()',
  );
}

/**
 * The CommonJS file as `node --build-snapshot` runs it (src/hook-snapshot.ts):
 * - code compiled into a snapshot cannot import(): every import() left in the output (node:
 *   built-ins, third-party packages, the user's tools and configs) goes through the importer the
 *   entry makes while the blob is built (globalThis.__rampartImport);
 * - the builder's require knows built-ins only: third-party packages are required from the CLI's
 *   folder, when a module that needs them first runs (none of the modules the entry loads does);
 * - in a checkout, each bundled package's build as this bundle saw it goes to
 *   hook-snapshot-stamp.json (beside bundle-stamp.json, not shipped): the entry refuses to build
 *   a blob over packages rebuilt since, and a blob over them to run.
 */
function snapshotScript(text) {
  const packages = commitlintPackages(result.metafile);
  const folders = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    if (ownPackage(resolve(root, input)) !== undefined) folders.add(input.split("/")[1]);
  }
  const builds = [...folders].sort().map((folder) => {
    const file = join(root, "packages", folder, "tsconfig.tsbuildinfo");
    const st = statSync(file);
    const sha256 = createHash("sha256").update(readFileSync(file)).digest("hex");
    return [posix(relative(cliDir, file)), st.size, st.mtimeMs, sha256];
  });
  putFile(join(cliDir, "hook-snapshot-stamp.json"), `${JSON.stringify({ builds })}\n`);
  const body = asciiOnly(
    text
      .replace(/^"use strict";\n/, "")
      .replace(/(?<![\w$.])import\(/g, "__rampartImport(")
      .replace(/\b__toESM\(require\(("node:[\w/]+")\), 1\)/g, (_, id) => `__rampartBuiltinESM(require(${id}))`),
  );
  if (/\b__toESM\(require\("node:/.test(body))
    throw new Error("the snapshot bundle: a node: import __toESM wraps another way");
  const prelude = [
    '"use strict";',
    "// Built by scripts/bundle.mjs --single hook-snapshot --format cjs, for node --build-snapshot.",
    `var __rampartCommitlintPackages = ${JSON.stringify(packages)};`,
    "// A Node built-in imported as ESM: the module itself as `default`, the rest read from it when",
    "// used. esbuild's __toESM copies every property's descriptor instead, and that loads each of",
    "// node:util's lazy exports (parseArgs, the stream modules, its diff and colours, worker_threads):",
    "// all of it would be in the blob, deserialised by every hook start.",
    "var __rampartBuiltinESM = (mod) => Object.create(mod, { default: { value: mod } });",
    "// The snapshot builder runs this file without a module object; require() (tests) with one.",
    'var module = typeof module === "object" && module !== null ? module : { exports: {} };',
    'var require = ((builtin) => { let own; return (id) => (id.startsWith("node:") || builtin("node:module").isBuiltin(id) ? builtin(id) : (own ??= builtin("node:module").createRequire(__filename))(id)); })(require);',
    "",
  ].join("\n");
  return prelude + body;
}

/**
 * What the snapshot holds of commitlint, for the hook to compare with the project's own before it
 * runs this copy (@rampart/hooks' commitlint.ts): each package of the graph from @commitlint/lint
 * (packages[0]) in breadth-first order, with the files of it that are in the output (each module
 * with code in the bundle, and package.json) digested as one, and each package name it imports
 * with the package that resolved to. Every module of the graph counts for the edges: Node loads a
 * module esbuild left out as having no effect, and the packages it imports.
 */
function commitlintPackages(metafile) {
  const rootOf = (input) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
  const nameOf = (specifier) =>
    specifier
      .split("/")
      .slice(0, specifier.startsWith("@") ? 2 : 1)
      .join("/");
  const [output] = Object.values(metafile.outputs);
  const files = new Map(); // package root -> its files in the output
  const edges = new Map(); // package root, or "" for the entry -> name -> package root
  const entry = posix(relative(root, THIRD_PARTY_ENTRY));
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    const from = input === entry ? "" : rootOf(input);
    if (from === undefined) continue;
    for (const imp of imports) {
      if (imp.external || imp.original === undefined || /^(\.|\/|#|node:)/.test(imp.original)) continue;
      const to = rootOf(imp.path);
      if (to === undefined) throw new Error(`${input}: ${imp.original} resolved outside node_modules`);
      const name = nameOf(imp.original);
      if (!edges.has(from)) edges.set(from, new Map());
      const before = edges.get(from).get(name);
      if (before !== undefined && before !== to) throw new Error(`${input}: ${name} resolves to two packages`);
      edges.get(from).set(name, to);
    }
  }
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const at = rootOf(input);
    if (at === undefined) continue;
    if (!files.has(at)) files.set(at, new Set(["package.json"]));
    if (bytesInOutput > 0) files.get(at).add(input.slice(at.length + 1));
  }
  const start = edges.get("")?.get("@commitlint/lint");
  if (start === undefined || edges.get("").size !== 1)
    throw new Error(`${entry}: expected to import @commitlint/lint alone`);
  const order = [start];
  for (let i = 0; i < order.length; i++)
    for (const to of [...(edges.get(order[i])?.values() ?? [])].sort()) if (!order.includes(to)) order.push(to);
  const bundled = [...files.keys()].filter((at) => !order.includes(at));
  if (bundled.length > 0) throw new Error(`bundled but not reached from @commitlint/lint: ${bundled.join(", ")}`);
  return order.map((at) => {
    const manifest = JSON.parse(readFileSync(join(root, at, "package.json"), "utf8"));
    const list = [...(files.get(at) ?? ["package.json"])].sort();
    const hash = createHash("sha256");
    for (const file of list)
      hash
        .update(`${file}\0`)
        .update(readFileSync(join(root, at, file)))
        .update("\0");
    return {
      name: manifest.name,
      version: manifest.version,
      digest: hash.digest("hex"),
      files: list,
      deps: [...(edges.get(at) ?? new Map())]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, to]) => [name, order.indexOf(to)]),
    };
  });
}

/** Each bundled third-party package's licence file, under its name and version. */
function licenceTexts(metafile) {
  const roots = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const at = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
    if (at !== undefined) roots.add(at);
  }
  const parts = [];
  for (const at of [...roots].sort()) {
    const manifest = JSON.parse(readFileSync(join(root, at, "package.json"), "utf8"));
    const file = readdirSync(join(root, at))
      .sort()
      .find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
    if (file === undefined)
      throw new Error(`${manifest.name}@${manifest.version} is bundled but ships no licence file`);
    parts.push(
      `${manifest.name}@${manifest.version} (${manifest.license}):\n\n${readFileSync(join(root, at, file), "utf8").trim()}\n`,
    );
  }
  return `The third-party code in dist/hook-snapshot.cjs, and the licences it is shipped under.\n\n${parts.join("\n---\n\n")}`;
}

/**
 * The snapshot's file in ASCII: V8 keeps a script's source in the heap, so in the blob, and one
 * character outside Latin-1 makes the whole source a two-byte string (twice the bytes to read
 * and copy on every hook start). esbuild's ASCII charset escapes strings and templates; what it
 * leaves (regular expressions, comments) is escaped here, where `\uXXXX` means the same
 * character. A line with a template literal is refused rather than guessed at (a tagged
 * template's raw text would change), as are the two line separators.
 */
function asciiOnly(text) {
  return text.replace(/[^\n\p{ASCII}]+/gu, (chars, at) => {
    const line = text.slice(text.lastIndexOf("\n", at) + 1, text.indexOf("\n", at));
    // U+2028/U+2029 end a line comment: escaped, what followed them would become comment too.
    if (line.includes("`") || /[\u2028\u2029]/.test(chars))
      throw new Error(`the bundle: a character outside ASCII it cannot escape: ${line.trim().slice(0, 200)}`);
    return [...chars]
      .flatMap((c) => (c.length === 2 ? [c[0], c[1]] : [c]))
      .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
      .join("");
  });
}

// The SBOM of what is inside: @rampart/sbom's CycloneDX writer over a lockfile model of the
// bundle. The CLI package is the document's subject; each other package with a module in the
// bundle is a component (name, version, purl, licence, SHA-512 over its modules as bundled: each
// input path, NUL, its bytes, NUL, in path order); the dependency graph between them is the
// workspace lockfile's. A third-party package inside (the snapshot's copy of @commitlint/lint and
// what it imports: devDependencies of the CLI, bundled, so the CLI's edges) comes with the
// lockfile's own entry (its tarball's integrity) instead.
async function writeSbom(metafile, file) {
  const cliManifest = JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8"));
  const { parseLockfile } = await import("@rampart/lockfile/parse");
  const { renderSbom } = await import("@rampart/sbom");
  const lock = await parseLockfile({ path: "pnpm-lock.yaml", cwd: root });
  const inputsOf = new Map(); // package root (relative) -> its input files
  for (const input of Object.keys(metafile.inputs).sort()) {
    if (input.startsWith("rampart-bundle:") || input.startsWith("rampart-bundle-absent:")) continue;
    const m = /^(packages\/[^/]+)\//.exec(input) ?? /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m === null) throw new Error(`${input}: no package holds it`);
    if (!inputsOf.has(m[1])) inputsOf.set(m[1], []);
    inputsOf.get(m[1]).push(input);
  }
  const packagesInside = [];
  const idOf = new Map(); // package name -> model id
  for (const [dir, inputs] of inputsOf) {
    if (dir === "packages/cli") continue;
    const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
    const id = `${manifest.name}@${manifest.version}`;
    const locked = lock.packages.find((p) => p.name === manifest.name && p.version === manifest.version);
    let integrity = locked?.integrity.filter((i) => i.subject === "tarball") ?? [];
    if (dir.startsWith("node_modules/") || dir.includes("/node_modules/")) {
      if (integrity.length === 0) throw new Error(`${id} is bundled but the lockfile has no tarball integrity for it`);
    } else {
      const hash = createHash("sha512");
      for (const input of inputs)
        hash
          .update(`${input}\0`)
          .update(readFileSync(join(root, input)))
          .update("\0");
      const digest = hash.digest();
      integrity = [
        {
          algorithm: "sha512",
          hex: digest.toString("hex"),
          raw: `sha512-${digest.toString("base64")}`,
          subject: "bundle",
        },
      ];
    }
    idOf.set(manifest.name, id);
    packagesInside.push({
      id,
      name: manifest.name,
      version: manifest.version,
      source: "registry",
      integrity,
      dev: false,
      optional: false,
      peer: false,
      hasInstallScript: false,
      ...(manifest.license ? { license: manifest.license } : {}),
      manifest,
    });
  }
  const edges = [];
  for (const p of packagesInside) {
    for (const dep of Object.keys(p.manifest.dependencies ?? {}).sort())
      if (idOf.has(dep)) edges.push({ from: p.id, to: idOf.get(dep), name: dep, kind: "prod" });
  }
  for (const dep of Object.keys({ ...cliManifest.dependencies, ...cliManifest.devDependencies }).sort())
    if (idOf.has(dep)) edges.push({ from: "importer:packages/cli", to: idOf.get(dep), name: dep, kind: "prod" });
  const cliImporter = lock.importers.find((i) => i.path === "packages/cli");
  if (cliImporter === undefined) throw new Error("pnpm-lock.yaml has no importer packages/cli");
  const sbom = renderSbom(
    {
      format: lock.format,
      formatVersion: lock.formatVersion,
      path: "pnpm-lock.yaml",
      packages: packagesInside.map(({ manifest: _, ...p }) => p),
      edges,
      importers: [{ ...cliImporter, dependencies: [] }],
    },
    {
      format: "cyclonedx-json",
      includeDev: false,
      projectName: "rampart",
      workspace: "packages/cli",
      importerManifests: new Map([["importer:packages/cli", cliManifest]]),
      // Without `author`: a third-party package.json may give it as an object, which the writer
      // takes as the string @rampart/sbom's own manifest reader makes of it (and it is no part of
      // what identifies the code).
      packageManifests: new Map(packagesInside.map((p) => [p.id, { ...p.manifest, author: undefined }])),
    },
  );
  if (sbom.warnings.length > 0) throw new Error(`the bundle's SBOM: ${sbom.warnings.join("; ")}`);
  putFile(file, sbom.content);
}

/**
 * Writes a file of the bundle only when its bytes changed, through a new file renamed over the
 * old one: `pnpm pack` (the prepack script) bundles again a tree `npm run build` just bundled, while
 * the CLI may be running from it (the tests' workers, a developer's hooks); a build of the same
 * tree is the same bytes, so nothing is rewritten, and a changed file is never seen half written.
 */
function putFile(file, content) {
  const bytes =
    typeof content === "string"
      ? Buffer.from(content)
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  try {
    if (readFileSync(file).equals(bytes)) return;
  } catch {
    // not there yet
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

const defaultOut = values.outdir === undefined;
const outdir = defaultOut ? join(cliDir, "dist/bundle") : resolve(values.outdir);
const single = values.single;
if (single !== undefined && !(single in SINGLE_ENTRIES)) throw new Error(`--single: no entry ${single}`);
if (single === "hook-snapshot" && !cjs) throw new Error("--single hook-snapshot needs --format cjs");
if (single !== undefined && values.outfile === undefined) throw new Error("--single needs --outfile FILE");

/** The options every build shares. */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: cjs ? "cjs" : "esm",
  target: "node22.12",
  minify: false,
  keepNames: false,
  legalComments: "inline",
  // The snapshot's file is ASCII (other characters escaped): V8 keeps a script's source in the
  // blob, and one character outside Latin-1 makes all of it a two-byte string (0.8 MB more to
  // read and copy on every hook start).
  charset: cjs ? "ascii" : "utf8",
  metafile: true,
  logLevel: "warning",
  write: false, // putFile writes what changed, below
};

const result = await build({
  ...common,
  entryPoints: single === undefined ? ENTRIES : { [single]: SINGLE_ENTRIES[single] },
  ...(single === undefined
    ? { splitting: true, outdir, entryNames: "[name]", chunkNames: "[name]-[hash]" }
    : { outfile: resolve(values.outfile) }),
  plugins: [rampartPlugin({ only: single === "hook-snapshot" ? "hook" : undefined, beside: single === undefined })],
});

if (cjs && result.warnings.length > 0) throw new Error("the snapshot's bundle: esbuild warned (above)");
if (values.metafile) writeFileSync(resolve(values.metafile), `${JSON.stringify(result.metafile, null, 1)}\n`);
if (cjs) {
  const [output] = result.outputFiles;
  if (result.outputFiles.length !== 1 || output.path !== resolve(values.outfile))
    throw new Error(`the snapshot's bundle: esbuild made ${result.outputFiles.map((f) => f.path).join(", ")}`);
  putFile(output.path, snapshotScript(output.text));
  // Shipped beside it (dist/hook-snapshot.cdx.json): the third-party code the snapshot holds, and
  // the licence texts that code is shipped under (MIT and ISC ask for their notice with copies).
  await writeSbom(result.metafile, join(dirname(resolve(values.outfile)), "hook-snapshot.cdx.json"));
  putFile(join(dirname(resolve(values.outfile)), "hook-snapshot.licenses.txt"), licenceTexts(result.metafile));
} else {
  // The entries last: a CLI starting meanwhile finds every chunk the new main.js imports.
  const entry = (f) => Object.hasOwn(ENTRIES, basename(f.path, ".js"));
  for (const output of [...result.outputFiles.filter((f) => !entry(f)), ...result.outputFiles.filter(entry)])
    putFile(output.path, output.contents);
}
if (single !== undefined) {
  process.stdout.write(`${values.outfile}: ${single} as one file\n`);
  process.exit(0);
}

for (const name of Object.keys(ENTRIES))
  if (name !== "main" && !started.has(name))
    throw new Error(
      `no bundled module starts ${name}.js as new URL("./${name}.js", import.meta.url): it would run unbundled`,
    );

// Each command bundle (COMMAND_BUNDLES): one file beside the split bundle's, of modules the split
// bundle holds too (so its SBOM and stamp cover them).
const commandOutputs = [];
for (const command of COMMAND_BUNDLES) {
  const built = await build({
    ...common,
    entryPoints: { [`main-${command}`]: ENTRIES.main },
    outfile: join(outdir, `main-${command}.js`),
    // CommonJS, run by the bin as one function script (see SCRIPT_HEAD): V8's code cache of a
    // script can be taken after it ran, with the functions compiled on first call.
    format: "cjs",
    plugins: [rampartPlugin({ only: command, beside: true, commonJs: true })],
    // ASCII, as the snapshot's (asciiOnly): one character outside Latin-1 (the text reporter's ✖,
    // the redactor's …) made Node decode the file the slow way and V8 keep it as a two-byte
    // string: ~3.5M instructions of every run (callgrind, small lockfile: 142-144M -> 137-141M).
    charset: "ascii",
  });
  const [output] = built.outputFiles;
  if (built.outputFiles.length !== 1)
    throw new Error(`main-${command}.js: esbuild made ${built.outputFiles.length} files`);
  const outside = Object.keys(built.metafile.inputs).filter(
    (input) => !input.startsWith("rampart-bundle-absent:") && !Object.hasOwn(result.metafile.inputs, input),
  );
  if (outside.length > 0)
    throw new Error(`main-${command}.js holds modules the bundle does not: ${outside.join(", ")}`);
  if (built.warnings.length > 0) throw new Error(`main-${command}.js: esbuild warned (above)`);
  // A script has no import(): each one esbuild left (external modules) is a require (SCRIPT_HEAD).
  const body = output.text
    .replace(/^"use strict";\n/, "")
    .replace(/(?<![\w$.])import\("([^"]+)"\)/g, (_, id) => `__rampartImport(${JSON.stringify(id)})`);
  const dynamic = /(?<![\w$.])import\(/.exec(body);
  if (dynamic !== null)
    throw new Error(`main-${command}.js: an import() of a computed name is left at offset ${dynamic.index}`);
  putFile(output.path, asciiOnly(`${SCRIPT_HEAD}${body}})\n`));
  commandOutputs.push([`main-${command}.js`, built.metafile]);
}

// Every external package the bundle imports must be a dependency of the CLI (the chunks resolve
// it from the CLI's folder), with the range the importing workspace package declares.
const cliManifest = JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8"));
const manifests = new Map(
  [...packages].map(([folder, name]) => [
    name,
    JSON.parse(readFileSync(join(root, "packages", folder, "package.json"), "utf8")),
  ]),
);
const problems = [];
for (const [name, owners] of externals) {
  for (const owner of owners) {
    const wanted = manifests.get(owner)?.dependencies?.[name];
    const have = cliManifest.dependencies?.[name];
    if (have === undefined || (wanted !== undefined && have !== wanted))
      problems.push(
        `${name} (imported by ${owner}): packages/cli/package.json ${have === undefined ? "does not list it" : `has "${have}"`}${wanted === undefined ? "" : `, ${owner} declares "${wanted}"`}`,
      );
  }
}
if (problems.length > 0) {
  process.stderr.write(
    `bundle: the bundle imports packages the CLI does not depend on:\n${problems.map((p) => `  ${p}`).join("\n")}\n`,
  );
  process.exit(1);
}

await writeSbom(result.metafile, join(outdir, "bundle.cdx.json"));
// What an earlier build left in dist/bundle that this one did not make (chunks of other contents).
if (defaultOut) {
  const made = new Set([
    ...result.outputFiles.map((f) => f.path),
    ...commandOutputs.map(([file]) => join(outdir, file)),
    join(outdir, "bundle.cdx.json"),
  ]);
  for (const name of readdirSync(outdir))
    if (!made.has(join(outdir, name))) rmSync(join(outdir, name), { recursive: true, force: true });
}

// Which input modules each output file holds (tests translate a loaded chunk into the modules it
// stands for, to check that lazy loading survived the bundling), and the stamp bin/rampart.js
// compares before it runs the bundle in a checkout: each bundled package's tsconfig.tsbuildinfo,
// which `tsc -b` rewrites whenever it emits into that package's dist/.
const modules = {};
const outputs = [
  ...Object.entries(result.metafile.outputs),
  ...commandOutputs.flatMap(([, metafile]) => Object.entries(metafile.outputs)),
];
for (const [file, output] of outputs.sort(([a], [b]) => (a < b ? -1 : 1))) {
  modules[posix(relative(outdir, resolve(root, file)))] = Object.keys(output.inputs)
    .filter((i) => !i.startsWith("rampart-bundle:") && !i.startsWith("rampart-bundle-absent:"))
    .sort();
}
const folders = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const own = ownPackage(resolve(root, input));
  if (own !== undefined) folders.add(input.split("/")[1]);
}
const builds = [...folders].sort().map((folder) => {
  const file = join(root, "packages", folder, "tsconfig.tsbuildinfo");
  const st = statSync(file);
  const sha256 = createHash("sha256").update(readFileSync(file)).digest("hex");
  return [posix(relative(cliDir, file)), st.size, st.mtimeMs, sha256];
});
if (defaultOut) {
  putFile(STAMP, `${JSON.stringify({ builds })}\n`);
  putFile(MODULES, `${JSON.stringify(modules, null, 1)}\n`);
}
const count = Object.keys(result.metafile.outputs).length;
process.stdout.write(
  `dist/bundle: ${Object.keys(result.metafile.inputs).length - 1} modules of ${folders.size} packages in ${count} files (${basename(ENTRIES.main)}, scan-worker.js and chunks), and ${commandOutputs.map(([file]) => file).join(", ")}\n`,
);
