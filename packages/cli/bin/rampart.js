#!/usr/bin/env node
// The CLI's whole bin: main() parses argv, runs the command and sets process.exitCode. The Node
// check comes first, so an old Node gets one clear line instead of a syntax or import error.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`rampart: needs Node.js 22.12 or newer; this is ${process.version}\n`);
  process.stderr.write(
    "  hint: install a current Node LTS (https://nodejs.org), or run rampart through npx with one\n",
  );
  process.exitCode = 2;
} else {
  // Hooks start rampart on every commit: reuse V8's compiled code across runs (Node >= 22.1), kept
  // where only this user can write it (privateCacheDir).
  const env = process.env;
  const cacheDir = env.NODE_COMPILE_CACHE ? undefined : privateCacheDir("compile-cache");
  if (cacheDir !== undefined) process.getBuiltinModule("node:module").enableCompileCache?.(cacheDir);
  const fresh = bundleIsFresh();
  const own = fresh ? commandBundle(process.argv[2]) : undefined;
  const { main } =
    own !== undefined
      ? runScript(own, privateCacheDir("script-cache"))
      : await import(fresh ? "../dist/bundle/main.js" : "../dist/main.js");
  await main(process.argv.slice(2));
}

/**
 * A check of a large lockfile is one pass over a large parsed file in a process that then ends:
 * V8's top tier (TurboFan) compiles its hot loops on another thread, on-stack replacement of whole
 * functions with everything they inline, and that compile cost more than the optimized code saved
 * before the process ended (callgrind, all threads, lockfile check --format json: nodejs.org v3
 * 528M -> 454M instructions, vscode-jupyter v1 780M -> 638M, webpack yarn v1 563M -> 425M). Hot
 * code still gets Sparkplug (and, below, no Maglev either). The flags change how fast the code
 * runs, never what it does. True when they were set.
 *
 * A flag set now changes V8's flag hash, and Node's built-in modules loaded after it are compiled
 * from source (their embedded code cache is rejected): what every command bundle's run loads is
 * loaded first (vm, util's parseArgs, import.meta's setup: ~30M instructions otherwise). So is
 * node:crypto, which a lockfile check loads for its first finding's fingerprint and, in a
 * repository with a policy, for the policy cache's digest: its 18 modules compiled from source
 * after the flag cost ~33M instructions, from their code cache ~9M (a large lockfile with no
 * finding and no policy pays those ~9M and the modules' setup for nothing). node:v8 itself loads
 * the stream modules (~9M instructions): a small lockfile's check, which TurboFan does not slow,
 * runs without the flag (largeLockfile). An SBOM always starts git (the policy's root, HEAD's
 * time): node:child_process, with net and dgram, is loaded first too.
 */
function withoutOptimizingCompiler(command) {
  try {
    void import.meta.url;
    void process.getBuiltinModule("node:util").parseArgs;
    void process.getBuiltinModule("node:crypto").hash;
    if (command === "sbom") void process.getBuiltinModule("node:child_process").spawn;
    // An SBOM or a lockfile check runs its code once over the whole lockfile, then writes:
    // Maglev's compiles on the helper threads (~75M instructions of vite's SBOM) cost more CPU
    // than its code saves on the main thread (+18M without it), so both run on the interpreter and
    // Sparkplug alone. Their young generation also stays at its first size (1 MB semi-spaces)
    // instead of doubling up to 16 MB: most of what they allocate lives to the end (the lockfile
    // model, then the document or the findings), so larger semi-spaces copy the same objects once
    // more and each doubling is fresh memory the process pays page faults for (vite's SBOM ~10.7k
    // -> ~8.8k faults, ~13% less CPU; sbom README). A lockfile check --format json, CPU (user +
    // sys) medians of 9 interleaved runs at load 26-29 against --no-turbofan alone: npm v1
    // (vscode-jupyter) 370 -> 290 ms, 9.1k -> 7.0k faults; npm v3 (nodejs.org) 300 -> 240 ms;
    // yarn v1 (webpack) 310 -> 240 ms; each flag alone gave about half of that. V8 reads the
    // growth factor each time it would grow new space, so it applies when set now.
    process.getBuiltinModule("node:v8").setFlagsFromString("--no-turbofan --no-maglev --semi-space-growth-factor=1");
    return true;
  } catch {
    return false; // a Node without the flag: run as it is
  }
}

/**
 * Whether a file the command names (or, when it names none, a lockfile of the usual names
 * in the directory it runs in) has 256 KiB or more: where TurboFan's compiles start to cost more
 * than they save (a 200 KB package-lock.json: +9M instructions with the flag; 490 KB yarn.lock:
 * -138M). A guess from the command line, only ever a choice of speed.
 */
function largeLockfile(fs, path) {
  const args = process.argv.slice(3);
  // sbom names its lockfile by --lockfile; lockfile check by its arguments.
  const named = process.argv[2] === "sbom" ? lockfileOption(args) : args.filter((arg) => !arg.startsWith("-"));
  const files = named.length > 0 ? named : ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml"];
  return files.some((file) => {
    try {
      return fs.statSync(path.resolve(file), { throwIfNoEntry: false })?.size >= 256 * 1024;
    } catch {
      return false;
    }
  });
}

/** The value of --lockfile (`--lockfile PATH` or `--lockfile=PATH`) among `args`, as a list of none or one. */
function lockfileOption(args) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--") break;
    if (args[i] === "--lockfile" && i + 1 < args.length) return [args[i + 1]];
    if (args[i].startsWith("--lockfile=")) return [args[i].slice("--lockfile=".length)];
  }
  return [];
}

/**
 * A command's own bundle (scripts/bundle.mjs COMMAND_BUNDLES: the CLI with that command alone, in
 * one file) when the first argument names such a command: one file to load instead of the chunks
 * that command needs. Undefined for any other first argument (an option, another command), or a
 * bundle built before command bundles existed: main.js, which holds every command, runs.
 */
function commandBundle(first) {
  if (first !== "lockfile" && first !== "sbom") return undefined;
  const own = new URL(`../dist/bundle/main-${first}.js`, import.meta.url);
  return process.getBuiltinModule("node:fs").existsSync(own) ? own : undefined;
}

/**
 * Runs a command bundle, one function script over CommonJS (scripts/bundle.mjs SCRIPT_HEAD), as Node
 * runs a CommonJS module, and returns its exports. Compiled with V8's code cache of an earlier run,
 * taken once that run ended: Node's compile cache keeps a module's code as compiled when it was
 * loaded (its top level), so every function a check calls was compiled again on each run (~13% of
 * a large lockfile's check, callgrind). The cache is only ever a copy of what V8 made of these exact
 * bytes: readCodeCache.
 */
function runScript(url, dir) {
  const fs = process.getBuiltinModule("node:fs");
  const path = process.getBuiltinModule("node:path");
  const vm = process.getBuiltinModule("node:vm");
  const filename = process.getBuiltinModule("node:url").fileURLToPath(url);
  // Each command bundle (commandBundle) reads a lockfile: lockfile check, sbom.
  const tiers = largeLockfile(fs, path) && withoutOptimizingCompiler(process.argv[2]) ? "-noopt" : "";
  const source = fs.readFileSync(filename);
  // Versioned by name too, so that two Node versions, two sizes of the file (two installs of
  // rampart) or the two flag sets (V8 rejects data made under other flags) each keep theirs
  // instead of replacing each other's.
  const file =
    dir === undefined
      ? undefined
      : path.join(
          dir,
          `${path.basename(filename, ".js")}-${source.length}-${process.version}-${process.arch}${tiers}.bin`,
        );
  const cachedData = file === undefined ? undefined : readCodeCache(fs, file, source);
  const script = new vm.Script(source.toString("utf8"), {
    filename,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  if (file !== undefined && (cachedData === undefined || script.cachedDataRejected === true))
    process.once("exit", () => writeCodeCache(fs, file, source, script));
  const module = { exports: {} };
  const require = process.getBuiltinModule("node:module").createRequire(filename);
  script.runInThisContext().call(module.exports, module.exports, require, module, filename, path.dirname(filename));
  return module.exports;
}

/** What a code cache file starts with: its format, then what V8's data is only valid for. */
function codeCacheHeader(source) {
  return `rampart code cache 1 node ${process.version} v8 ${process.versions.v8} ${process.arch} ${source.length}\n`;
}

/**
 * The V8 data a cache file holds for `source`, or undefined: the file is the header, the source it
 * was made from (byte for byte: V8 itself checks only its length) and the data. Anything else (an
 * older format, another Node, other bytes, a link, a partial file) is ignored, and V8 rejects data
 * made with other flags (script.cachedDataRejected).
 */
function readCodeCache(fs, file, source) {
  let fd;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const st = fs.fstatSync(fd);
    const header = Buffer.from(codeCacheHeader(source), "latin1");
    const start = header.length + source.length;
    if (!st.isFile() || st.size <= start || st.size > start + 64 * 1024 * 1024) return undefined;
    const bytes = Buffer.allocUnsafe(st.size);
    for (let at = 0; at < bytes.length; ) {
      const n = fs.readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) return undefined;
      at += n;
    }
    if (!bytes.subarray(0, header.length).equals(header)) return undefined;
    if (!bytes.subarray(header.length, start).equals(source)) return undefined;
    return bytes.subarray(start);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes V8's code cache of the script as it is now (every function the run compiled) to a new
 * file in the private folder, renamed over the old one: never through a link, never seen half
 * written. A failure costs the next run its cache, nothing else.
 */
function writeCodeCache(fs, file, source, script) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    if (data.length === 0) return;
    const fd = fs.openSync(tmp, "wx", 0o600);
    try {
      for (const part of [Buffer.from(codeCacheHeader(source), "latin1"), source, data])
        for (let at = 0; at < part.length; ) at += fs.writeSync(fd, part, at, part.length - at);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to do: the next run has no cache
    }
  }
}

/**
 * Whether to run the bundle (dist/bundle, scripts/bundle.mjs) rather than the packages' dist/
 * modules it was built from. A published package has no src/ and its bundle is what was packed.
 * In a checkout the bundle runs only while every package it holds is as `tsc -b` left it when
 * the bundle was built (bundle-stamp.json: each tsconfig.tsbuildinfo's size and time, else its
 * SHA-256, after which the stamp takes the new time): after a `tsc -b` without the bundle step,
 * dist/main.js runs. RAMPART_BUNDLE=0 never runs the bundle.
 */
function bundleIsFresh() {
  if (process.env.RAMPART_BUNDLE === "0") return false;
  const fs = process.getBuiltinModule("node:fs");
  const here = new URL("../", import.meta.url);
  if (!fs.existsSync(new URL("src/", here))) return fs.existsSync(new URL("dist/bundle/main.js", here));
  const stampUrl = new URL("bundle-stamp.json", here);
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampUrl, "utf8"));
    let retimed = false;
    for (const build of stamp.builds) {
      const [file, size, mtimeMs, sha256] = build;
      const url = new URL(file, here);
      const st = fs.statSync(url);
      if (st.size === size && st.mtimeMs === mtimeMs) continue;
      const { createHash } = process.getBuiltinModule("node:crypto");
      if (st.size !== size || createHash("sha256").update(fs.readFileSync(url)).digest("hex") !== sha256) return false;
      build[2] = st.mtimeMs; // the same bytes, rewritten (a build cache restoring them)
      retimed = true;
    }
    if (stamp.builds.length === 0 || !fs.existsSync(new URL("dist/bundle/main.js", here))) return false;
    // Remember the new times, so the next run compares them instead of hashing every file again.
    if (retimed) restamp(fs, stampUrl, stamp);
    return true;
  } catch {
    return false; // no stamp (never bundled), or a package not built: the modules tsc wrote
  }
}

/** Replaces the stamp by a new file (never writing through a link); a failure only costs the next run time. */
function restamp(fs, url, stamp) {
  const tmp = new URL(`bundle-stamp.json.${process.pid}.tmp`, url);
  try {
    fs.writeFileSync(tmp, `${JSON.stringify(stamp)}\n`, { flag: "wx" });
    fs.renameSync(tmp, url);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Where V8's code caches are kept: <XDG_CACHE_HOME or ~/.cache>/rampart/<name> (Windows:
 * %LOCALAPPDATA%\rampart\<name>), folders of this user's that no one else may write (0700,
 * not symlinks), outside the directory rampart runs in: compile-cache for Node's compile cache,
 * script-cache for the command bundles' (runScript). A cache holds compiled code this process
 * runs: Node's default, <tmpdir>/node-compile-cache, is one folder for every user of the machine
 * (whoever makes it first decides who may write what the others run), and a TMPDIR inside the
 * repository would let the scanned repository supply it. Undefined (no cache) when no such folder
 * can be had, or NODE_DISABLE_COMPILE_CACHE is set. (With NODE_COMPILE_CACHE set Node has enabled
 * the user's own compile cache already.)
 */
function privateCacheDir(name) {
  const env = process.env;
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const fs = process.getBuiltinModule("node:fs");
  const path = process.getBuiltinModule("node:path");
  const windows = process.platform === "win32";
  const base = windows
    ? env.LOCALAPPDATA
    : env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : path.join(process.getBuiltinModule("node:os").homedir(), ".cache");
  if (!base || !path.isAbsolute(base)) return undefined;
  const own = path.join(base, "rampart");
  const dir = path.join(own, name);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Both folders: whoever may write the parent may swap the child.
    for (const folder of [own, dir]) {
      const st = fs.lstatSync(folder);
      if (!st.isDirectory()) return undefined;
      if (!windows && (st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0)) return undefined;
    }
    const real = fs.realpathSync(dir);
    const cwd = fs.realpathSync(process.cwd());
    if (real === cwd || real.startsWith(cwd.endsWith(path.sep) ? cwd : cwd + path.sep)) return undefined;
    return dir;
  } catch {
    return undefined; // no home, a read-only one: run without the cache
  }
}
