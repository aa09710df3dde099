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
  // where only this user can write it (compileCacheDir).
  const cacheDir = compileCacheDir();
  if (cacheDir !== undefined) process.getBuiltinModule("node:module").enableCompileCache?.(cacheDir);
  if (process.argv[2] === "lockfile") withoutOptimizingCompiler();
  const { main } = await import(bundleIsFresh() ? bundleEntry(process.argv[2]) : "../dist/main.js");
  await main(process.argv.slice(2));
}

/**
 * A lockfile check is one pass over a large parsed file in a process that then ends: V8's top tier
 * (TurboFan) compiles its hot loops on another thread, on-stack replacement of whole functions with
 * everything they inline, and that compile cost more than the optimized code saved before the
 * process ended (callgrind, all threads, lockfile check --format json: nodejs.org v3 528M -> 454M
 * instructions, vscode-jupyter v1 780M -> 638M, webpack yarn v1 563M -> 425M). Hot code still
 * gets Sparkplug and Maglev. Set before the command's code is loaded; the flag changes how fast
 * the code runs, never what it does. Only for `lockfile`: it is the bin's own process.
 */
function withoutOptimizingCompiler() {
  try {
    process.getBuiltinModule("node:v8").setFlagsFromString("--no-turbofan");
  } catch {
    // a Node without the flag: run as it is
  }
}

/**
 * The bundle's main, or a command's own bundle (scripts/bundle.mjs COMMAND_BUNDLES: the CLI with that
 * command alone, in one file) when the first argument names such a command: one file to load
 * instead of the chunks that command needs. Any other first argument (an option, another command)
 * runs main.js, which holds every command.
 */
function bundleEntry(first) {
  if (first !== "lockfile") return "../dist/bundle/main.js";
  const own = `../dist/bundle/main-${first}.js`;
  return process.getBuiltinModule("node:fs").existsSync(new URL(own, import.meta.url)) ? own : "../dist/bundle/main.js";
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
 * Where V8's code cache is kept: <XDG_CACHE_HOME or ~/.cache>/rampart/compile-cache (Windows:
 * %LOCALAPPDATA%\rampart\compile-cache), folders of this user's that no one else may write (0700,
 * not symlinks), outside the directory rampart runs in. The cache holds compiled code this process
 * runs: Node's default, <tmpdir>/node-compile-cache, is one folder for every user of the machine
 * (whoever makes it first decides who may write what the others run), and a TMPDIR inside the
 * repository would let the scanned repository supply it. Undefined (no cache) when no such folder
 * can be had. With NODE_COMPILE_CACHE set Node has enabled the user's own already.
 */
function compileCacheDir() {
  const env = process.env;
  if (env.NODE_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
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
  const dir = path.join(own, "compile-cache");
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
