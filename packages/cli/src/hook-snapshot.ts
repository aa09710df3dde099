import type { Stats } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as config from "@rampart/core/config";
import * as hooks from "@rampart/hooks/runtime";
import * as secrets from "@rampart/secrets/hook";
import { command as hook } from "./commands/hook.js";
import { lint as commitlintLint } from "./hook-snapshot-commitlint.js";
import { main } from "./main.js";
import { staticRegistry } from "./registry.js";

/** The snapshot's copy of @commitlint/lint (for tests: require("dist/hook-snapshot.cjs")). */
export { commitlintLint };

// The entry of the hooks' V8 startup snapshot (issue 18). scripts/bundle.mjs makes one CommonJS
// file of it (dist/hook-snapshot.cjs, shipped); on the user's machine hook-snapshot-blob.ts runs
// `node --snapshot-blob <git dir>/rampart/hook.blob --build-snapshot dist/hook-snapshot.cjs`, and
// the husky lines start pre-commit and commit-msg from that blob: the CLI, the hook steps, core's
// policy reader and the secret guard with its built-in rule table are then in the heap when Node
// starts, instead of being loaded and prepared on every commit; so is a copy of @commitlint/lint
// (ESM only: the bundle converts it to CommonJS), which commit-msg runs only where the project's
// own is the same files (hook-snapshot-commitlint.ts). Nothing of the user's is in it: the
// policy, lint-staged, commitlint's config and its plugins load at run time as they always do.
//
// A blob is code, so it runs only while it is exactly what this rampart would build: the Node
// version and platform, the installed rampart the hook line names, and the files it was built
// from (the bundle, the secret rule table, in a checkout every bundled package's build) as they
// were then; its own size and time as the builder recorded them beside it. Anything else, and
// any failure before the hook starts, exits SNAPSHOT_STALE without checking anything: the hook
// line then runs the normal `node bin/rampart.js hook ...`, which also rebuilds the blob.

/** The exit code that tells the hook line to run the normal path (EX_TEMPFAIL). */
const SNAPSHOT_STALE = 75;

/** What the blob was built from: compared at every start, before anything runs. */
export interface SnapshotIdentity {
  /** Ties the blob to the record the builder writes beside it (hook.blob.json). */
  nonce: string;
  node: string;
  platform: string;
  arch: string;
  /** The real path of the bin the hook line names (node_modules/rampart/bin/rampart.js). */
  bin: string;
  /**
   * [absolute path, size, mtimeMs, ino, ctimeMs] of each input, as it was when the blob was built:
   * a file replaced or rewritten with its size and time kept (npm extracts with a fixed time) has
   * another inode or change time.
   */
  files: Array<[string, number, number, number, number]>;
}

/** The record beside the blob: the builder's view of the blob it renamed into place. */
export interface SnapshotRecord {
  nonce: string;
  size: number;
  mtimeMs: number;
  /** When the builder put the blob in place (ms since the epoch): a builder asked by a hook started before it has nothing to do. */
  placedAt?: number;
}

const fs = process.getBuiltinModule("node:fs");

/** What scripts/bundle.mjs bundled of commitlint, as its CommonJS prelude defines it. */
declare const __rampartCommitlintPackages: hooks.BundledPackage[] | undefined;

/** The inputs of a blob built by this rampart, from where this module is installed. */
function currentInputs(): { bin: string; files: string[] } {
  const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const require = createRequire(join(cliDir, "package.json"));
  const rules = join(dirname(require.resolve("@rampart/secrets/package.json")), "dist", "rules");
  const files = [join(cliDir, "dist", "hook-snapshot.cjs"), join(rules, "table.json"), join(rules, "rules.jsonl")];
  // In a checkout, each package's build: a `tsc -b` after the bundle leaves the bundle behind.
  if (fs.existsSync(join(cliDir, "src"))) {
    const { builds } = JSON.parse(fs.readFileSync(join(cliDir, "hook-snapshot-stamp.json"), "utf8")) as {
      builds: Array<[string, number, number, string]>;
    };
    if (builds.length === 0) throw new Error("hook-snapshot-stamp.json lists no build");
    for (const [rel, size, mtimeMs, sha256] of builds) {
      const file = resolve(cliDir, rel);
      const st = fs.statSync(file);
      // Its time alone may differ (a build restored from turbo's cache): then its content decides.
      const same =
        st.size === size &&
        (st.mtimeMs === mtimeMs ||
          process.getBuiltinModule("node:crypto").createHash("sha256").update(fs.readFileSync(file)).digest("hex") ===
            sha256);
      if (!same) throw new Error(`${file} changed since the bundle was built`);
      files.push(file);
    }
  }
  return { bin: fs.realpathSync(join(cliDir, "bin", "rampart.js")), files };
}

function stamp(st: Stats): [number, number, number, number] {
  return [st.size, st.mtimeMs, st.ino, st.ctimeMs];
}

/**
 * Owned by this user and closed to everyone else (the builder makes the blob 04600 in a 0700
 * folder). The hook line has checked the owners, that neither is a link and the blob's
 * set-user-ID mark before starting Node from the blob (hook-snapshot-blob.ts: an older rampart's
 * blob, or one written by anyone but its owner, has no mark and is never started); modes opened
 * since a build are refused here, so that the normal path runs and rebuilds it with the builder's.
 */
function privateTo(st: Stats): boolean {
  const uid = process.geteuid?.();
  return !st.isSymbolicLink() && (uid === undefined || (st.uid === uid && (st.mode & 0o077) === 0));
}

/** Whether this process may run the hook from the blob it was started from. */
function blobIsCurrent(identity: SnapshotIdentity, argv: readonly string[], execArgv: readonly string[]): boolean {
  const env = process.env;
  if (env.RAMPART_SNAPSHOT === "0" || (env.CI ?? "") !== "") return false; // as the hook line and the builder
  if (process.version !== identity.node || process.platform !== identity.platform || process.arch !== identity.arch)
    return false;
  const bin = argv[1];
  if (bin === undefined || fs.realpathSync(resolve(bin)) !== identity.bin) return false;
  for (const [file, ...was] of identity.files) {
    const now = stamp(fs.statSync(file));
    if (now.some((v, i) => v !== was[i])) return false;
  }
  const at = execArgv.findIndex((a) => a === "--snapshot-blob" || a.startsWith("--snapshot-blob="));
  const blob = execArgv[at]?.includes("=") ? execArgv[at]?.slice("--snapshot-blob=".length) : execArgv[at + 1];
  if (at < 0 || blob === undefined) return false;
  const st = fs.lstatSync(blob);
  if (!st.isFile() || !privateTo(st) || !privateTo(fs.lstatSync(dirname(resolve(blob))))) return false;
  const record = JSON.parse(fs.readFileSync(`${blob}.json`, "utf8")) as SnapshotRecord;
  return record.nonce === identity.nonce && record.size === st.size && record.mtimeMs === st.mtimeMs;
}

/** Runs the hook (argv: the bin path, then `hook <name> ...`), or exits SNAPSHOT_STALE. */
async function fromSnapshot(identity: SnapshotIdentity): Promise<void> {
  let current: boolean;
  try {
    current = blobIsCurrent(identity, process.argv, process.execArgv);
  } catch {
    current = false;
  }
  const [command, name] = process.argv.slice(2);
  if (!current || command !== "hook" || (name !== "pre-commit" && name !== "commit-msg")) {
    process.exitCode = SNAPSHOT_STALE;
    return;
  }
  if (process.env.RAMPART_SNAPSHOT_TRACE === "1") process.stderr.write("rampart: hook started from its snapshot\n");
  withoutOptimizingCompiler();
  await main(process.argv.slice(2), { registry: staticRegistry([hook]) });
}

/**
 * A hook is a short process: V8's top tier (TurboFan) compiles its hottest functions (the secret
 * scan's keyword and rule loops over the staged files) on a helper thread, and that compile cost
 * more than the optimized code saved before the hook ended (callgrind, all threads, pre-commit of
 * 10 changed README files: TurboFan's jobs ~25-30M instructions). Hot code still gets Sparkplug
 * and Maglev (without Maglev too, the main thread ran ~90M more).
 * Regular expressions: the blob keeps none compiled, so each one a hook runs is compiled at its
 * first use; by default V8 compiles it to bytecode for its first run and again to machine code
 * for the next (`--regexp-tier-up`, one tick), and most of the hook's patterns (the secret rules,
 * run once per file and message) run more than once: `--no-regexp-tier-up` compiles each to
 * machine code once (callgrind, main thread, commit-msg of a one-line message: 300.6M -> 279.9M
 * instructions, medians of 3 at load ~30). The flags change how fast the code runs, never what it does; set
 * before anything of the hook runs (the blob holds no compiled code: nothing was compiled under
 * the old flags).
 */
function withoutOptimizingCompiler(): void {
  for (const flag of ["--no-turbofan", "--no-regexp-tier-up"]) {
    try {
      v8.setFlagsFromString(flag);
    } catch {
      // a Node without the flag: run as it is
    }
  }
}

/**
 * Runs the secret scan (secrets' warmUpScan) and the snapshot's @commitlint/lint once on made-up
 * input, for the state their first run makes; nothing of the user's is read, and what they make is dropped.
 */
async function warmUp(): Promise<void> {
  await secrets.warmUpScan();
  // Rules of the kinds the presets set (config-conventional's, a few), as the hook passes them.
  const outcome = await commitlintLint(
    "Feat(Scope): Warm the snapshot up.\n\nA body line.\nRefs: #1\n\nBREAKING CHANGE: none",
    {
      "type-enum": [2, "always", ["feat", "fix"]],
      "type-case": [2, "always", "lower-case"],
      "type-empty": [2, "never"],
      "scope-case": [2, "always", "lower-case"],
      "subject-case": [2, "never", ["sentence-case", "start-case", "pascal-case", "upper-case"]],
      "subject-empty": [2, "never"],
      "subject-full-stop": [2, "never", "."],
      "header-max-length": [2, "always", 100],
      "header-trim": [2, "always"],
      "body-leading-blank": [1, "always"],
      "body-max-line-length": [2, "always", 100],
      "footer-leading-blank": [1, "always"],
      "footer-max-line-length": [2, "always", 100],
    },
    { parserOpts: { commentChar: "#" }, plugins: {}, ignores: [], defaultIgnores: true },
  );
  if (outcome.errors.length === 0) throw new Error("commitlint's warm-up judged nothing: its code stays cold");
}

/** import() as the bundle's CommonJS output calls it: a script compiled with Node's default loader. */
function makeImporter(): (specifier: string) => Promise<unknown> {
  const vm = process.getBuiltinModule("node:vm");
  // Without it (a Node that dropped the experimental constant) every import() would fail: no blob.
  if (vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER === undefined)
    throw new Error("this Node has no vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER");
  // Built from parts: the bundle rewrites every `import(` in its output to this importer.
  const source = `(specifier) => ${["imp", "ort"].join("")}(specifier)`;
  // Bare specifiers (the packages the bundle keeps external) resolve from the CLI's own folder.
  const script = new vm.Script(source, {
    filename: fileURLToPath(import.meta.url),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  return script.runInThisContext() as (specifier: string) => Promise<unknown>;
}

const v8 = process.getBuiltinModule("node:v8");
if (v8.startupSnapshot.isBuildingSnapshot()) {
  // What every pre-commit and commit-msg loads, loaded now (and kept from the bundler's tree shaking).
  if (typeof config.loadConfig !== "function" || typeof hooks.runHook !== "function") throw new Error("not loaded");
  if (
    typeof secrets.scanStaged !== "function" ||
    typeof secrets.scanMessage !== "function" ||
    typeof secrets.releaseBuiltinText !== "function" ||
    typeof secrets.prepareBuiltinIndex !== "function"
  )
    throw new Error("not loaded");
  // The built-in rules' keyword index, laid out now (the automaton unpacked, the scanner made;
  // nothing a scan writes to, no WebAssembly): both hooks scan, and each made it at start.
  secrets.prepareBuiltinIndex();
  if (typeof commitlintLint !== "function" || typeof __rampartCommitlintPackages === "undefined")
    throw new Error("not loaded: @commitlint/lint and what it was bundled from");
  hooks.useBundledCommitlint({ lint: commitlintLint, packages: __rampartCommitlintPackages });
  // The scan and commitlint's lint run once now, in memory, on made-up input (warmUp): what their
  // first run makes and keeps stays in the blob. (Built without Node's code cache, the blob keeps
  // no bytecode: each function compiles on its first call at a hook start; hook-snapshot-blob.ts.)
  // A warm-up that fails fails the build (no blob: the hooks run the normal path).
  warmUp().catch((error: unknown) => {
    process.stderr.write(`Error: the snapshot's warm-up failed: ${String((error as Error)?.message ?? error)}\n`);
    process.exit(1);
  });
  (globalThis as { __rampartImport?: unknown }).__rampartImport = makeImporter();
  // The policy reader's key (the policy cache's), worked out now with what it holds on: a hook
  // checks a few stats instead of resolving yaml and ajv and reading and hashing 8 files (~11M
  // instructions); a record that no longer holds, and the key is worked out as before.
  config.useReaderKeyRecord(config.recordReaderKey());
  // The rules' text (1.1 MB) stays in rules.jsonl, whose size and time the blob is checked
  // against: a hook reads the few lines it needs from there (each MB in the blob costs every
  // start ~650 page faults, ~1.5 ms of CPU).
  v8.startupSnapshot.addSerializeCallback(() => secrets.releaseBuiltinText());
  const inputs = currentInputs();
  const identity: SnapshotIdentity = {
    nonce: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    bin: inputs.bin,
    files: inputs.files.map((file) => [file, ...stamp(fs.statSync(file))]),
  };
  // The builder (hook-snapshot-blob.ts) reads this line to write the record beside the blob.
  process.stdout.write(`${JSON.stringify(identity)}\n`);
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    // The importer is an experimental Node API (vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER): its
    // one-time warning says nothing a user can act on.
    const emit = process.emitWarning;
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
      if (String(warning).includes("USE_MAIN_CONTEXT_DEFAULT_LOADER")) return;
      (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
    }) as typeof process.emitWarning;
    void fromSnapshot(identity);
  });
}
