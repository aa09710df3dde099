import { createHash } from "node:crypto";
import { realpathSync, type Stats } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { RampartError } from "@rampart/core/errors";
import { type Finding, fingerprint } from "@rampart/core/findings";
import { readCache, writeCache } from "@rampart/core/fs";
import { COMMITLINT_CONFIG_FILES, COMMITLINT_MANIFESTS } from "../commitlint-files.js";
import { type BundledCommitlint, type BundledPackage, bundledCommitlint } from "./bundled-lint.js";
import {
  inputsUnchanged,
  isInputs,
  isResolutions,
  LoadRecording,
  lookup,
  type Resolution,
  withResolutions,
} from "./commitlint-inputs.js";
import type { CommitUnderReview } from "./head-resolve.js";
import { withNarrowedBarrels } from "./narrow-imports.js";
import {
  addDevCommand,
  commitlintConfig,
  differingToolConfig,
  isManifestKey,
  isModuleToolConfig,
  sameToolConfigFiles,
  type TrustedToolConfig,
} from "./tools.js";

type Rules = Record<string, unknown>;
type Loaded = {
  rules: Rules;
  parserPreset?: { parserOpts?: unknown };
  plugins?: Record<string, unknown>;
  ignores?: unknown[];
  defaultIgnores?: boolean;
};
type Lint = (message: string, rules: object, options: object) => Promise<Outcome>;
type Outcome = { errors: Array<{ name: string; message: string }>; warnings: Array<{ name: string; message: string }> };
/** What lint takes from a loaded config; plugins and ignores only when there are any (never kept). */
type Lintable = {
  rules: Rules;
  parserOpts: Record<string, unknown>;
  defaultIgnores?: boolean;
  plugins?: Record<string, unknown>;
  ignores?: unknown[];
};

// Where commitlint (cosmiconfig) looks for its config in the package, package.json and
// package.yaml included (read for their "commitlint" key). (This module is itself loaded lazily,
// by the commit-msg hook only.)
const CONFIG_FILES = [...COMMITLINT_MANIFESTS, ...COMMITLINT_CONFIG_FILES];
/**
 * One entry per package directory (linked worktrees share the git dir, each with its own config
 * files): `commitlint-config-<sha256 of the directory's real path, 16 hex>.json`.
 */
function cacheFile(dir: string): string {
  return `commitlint-config-${createHash("sha256").update(dir).digest("hex").slice(0, 16)}.json`;
}
// 3: the narrowed barrels' data: URLs are base64 (the resolutions kept are keyed by them).
const CACHE_VERSION = 3;

/**
 * The project's own commitlint (@commitlint/lint and, on a cache miss, @commitlint/load from its
 * @commitlint/cli), in this process: no second Node start-up. @commitlint/load validates the
 * config with ajv and resolves `extends` on every call, which costs more than the lint itself,
 * so its result is kept in the git dir, keyed by every input of it (commitlint-inputs.ts): the
 * files it loaded by digest, the packages it loaded by their package.json, where it found them.
 * Configs whose value is computed on each load (a function config, function rules, plugins,
 * function ignores, anything that is not plain data) are never kept.
 */
export async function commitlint(
  pkgDir: string,
  root: string,
  commonDir: string,
  text: string,
  trusted?: TrustedToolConfig | null,
  /** The commit judged (HEAD's copy takes HEAD's packages of the repository it imports: head-resolve.ts). */
  commit?: CommitUnderReview,
): Promise<{ findings: Finding[]; errors: RampartError[] }> {
  const under = commit ?? { root, rev: undefined, env: undefined };
  // HEAD's config that cannot judge the message (unjudged): named after the other checks, exit 2.
  const findings = (found: Finding[]) => ({ findings: found, errors: [] });
  const unjudged = (error: UnjudgedError, fromOwn: Finding[] = []) => {
    const differs =
      trusted === undefined || trusted === null
        ? undefined
        : differingToolConfig(pkgDir, trusted, COMMITLINT_CONFIG_FILES, "commitlint");
    const file = differs === undefined ? undefined : `${trusted?.prefix ?? ""}${differs}`;
    return {
      findings: fromOwn,
      errors: [
        new RampartError(
          "HOOKS_CONFIG_UNJUDGED",
          `commitlint did not run: ${file === undefined ? "" : `${file} differs from HEAD's, and `}${error.message}`,
          {
            hint:
              file === undefined
                ? "fix HEAD's config in a commit of its own with RAMPART=0 (the hooks skipped: its review and CI are the check)"
                : `restore HEAD's (\`git checkout HEAD -- ${file}\`, or remove it where HEAD has none) and commit the rest; commit the config change on its own with RAMPART=0 (the hooks skipped: its review and CI are the check)`,
          },
        ),
      ],
    };
  };
  const own = commitlintConfig(pkgDir);
  const same =
    trusted !== undefined &&
    trusted !== null &&
    (await sameToolConfigFiles(root, pkgDir, trusted, COMMITLINT_CONFIG_FILES, "commitlint"));
  // A config that is code, or brings code by a relative path (`extends: ["./base.js"]`), may read
  // any file by a path it builds: the working tree's, however equal to HEAD's, never stands in for
  // HEAD's. HEAD's copy (head-copy.ts) judges alone while the package's is HEAD's byte for byte,
  // kept as the package's own is (its copy's folder is the same while HEAD's files are).
  if (same && trusted && (await runsCode(trusted))) {
    const name = `HEAD's ${trusted.name}`;
    let copy: string;
    try {
      copy = await headCopy(pkgDir, trusted, commonDir, under);
    } catch (error) {
      return unjudged(new UnjudgedError(name, error));
    }
    // The working directory stays the package's: workspace-scope presets read its folders (a
    // config's read relative to it is the working tree's).
    try {
      return findings(
        await lintWith(dirname(copy), root, commonDir, text, name, undefined, { of: pkgDir, file: copy }),
      );
    } catch (error) {
      if (error instanceof UnjudgedError) return unjudged(error);
      throw error;
    }
  }
  // HEAD's config judges the message too unless the package's is that very config: a commit
  // cannot switch its own message check off or down (a rule at level 0, `ignores`, the config removed).
  // HEAD without one (the commit adopting commitlint; undefined: a new history): the package's.
  // The package's own config judges too (a rule it adds applies at once, as a check the working
  // tree turns on): the message must pass both. Its own first: loading it records what its kept
  // copy depends on (commitlint-inputs.ts), which modules HEAD's load imported first would hide.
  const fromOwn = own === undefined ? [] : await lintWith(pkgDir, root, commonDir, text, own, undefined);
  if (trusted === undefined || trusted === null || same) return findings(fromOwn);
  const name = `HEAD's ${isManifestKey(trusted.name) ? `${trusted.name} ("commitlint")` : trusted.name}`;
  let fromHead: Finding[];
  try {
    fromHead = await lintWith(pkgDir, root, commonDir, text, name, trusted, undefined, under);
  } catch (error) {
    if (error instanceof UnjudgedError) return unjudged(error, fromOwn);
    throw error;
  }
  // HEAD's config that gives no rules (a misspelt key) checks nothing, and this commit may be its
  // fix: the package's own alone judges it then (it refuses too while it has none).
  if (fromHead.length === 1 && fromHead[0]?.ruleId === "commitlint/empty-rules") return findings(fromOwn);
  const seen = new Set(fromOwn.map((f) => `${f.ruleId}\0${f.message}`));
  return findings([...fromOwn, ...fromHead.filter((f) => !seen.has(`${f.ruleId}\0${f.message}`))]);
}

/** HEAD's config does not load from HEAD's files (its message names it and why): the hook refuses, exit 2. */
class UnjudgedError extends Error {
  constructor(configFile: string, error: unknown) {
    super(
      `${configFile} does not load from HEAD's files (${String((error as Error)?.message ?? error).split("\n")[0]})`,
    );
  }
}

/** Whether HEAD's config is code or names code by a relative path (a path leaving the repository: treated as code, and refused). */
async function runsCode(trusted: TrustedToolConfig): Promise<boolean> {
  if (isModuleToolConfig(trusted)) return true;
  const { headFiles, isModuleConfig } = await import("./head-copy.js");
  try {
    return [...(await headFiles(trusted.path, trusted.text, trusted.read)).keys()].some(isModuleConfig);
  } catch {
    return true;
  }
}

/**
 * HEAD's copy of its config (head-copy.ts) beside the project's commitlint
 * (`<node_modules>/.cache/rampart-commitlint/`, so that `extends` and presets resolve from the
 * packages installed with it); package.json's key as a .commitlintrc.json. Returns the config's copy.
 */
async function headCopy(
  pkgDir: string,
  trusted: TrustedToolConfig,
  commonDir: string,
  commit: CommitUnderReview,
): Promise<string> {
  // The node_modules Node found the project's @commitlint/cli in, as the package sees it (not its
  // real path: a linked or pnpm-stored package's own folder has no presets beside it).
  let modules = join(pkgDir, "node_modules");
  const { existsSync } = process.getBuiltinModule("node:fs");
  for (let dir = pkgDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules", "@commitlint", "cli", "package.json"))) {
      modules = join(dir, "node_modules");
      break;
    }
    if (dirname(dir) === dir) break;
  }
  const { cachedHeadCopy, copySecret } = await import("./head-copy.js");
  const path = isManifestKey(trusted.name) ? `${trusted.prefix}.commitlintrc.json` : trusted.path;
  const store = join(modules, ".cache", "rampart-commitlint");
  const file = await cachedHeadCopy(
    store,
    modules,
    { path, text: trusted.text },
    trusted.read,
    trusted.objects,
    commonDir,
    // Its folder's files it names only: a copy (and its kept load) lasts while those are HEAD's.
    "named",
  );
  // The repository's packages it imports or extends by name (workspace packages) are HEAD's too.
  const { guardCopy } = await import("./head-resolve.js");
  await guardCopy(store, file, trusted.text, trusted.objects.tree, commit, await copySecret(commonDir));
  return file;
}

/** commitlint on `text` with the package's config (`trusted` undefined) or HEAD's; `configFile` names it. */
async function lintWith(
  pkgDir: string,
  root: string,
  commonDir: string,
  text: string,
  configFile: string,
  trusted: TrustedToolConfig | undefined,
  /** HEAD's copy (`pkgDir` its folder): the package folder `of` it is (one kept entry, replacing the last) and the config's copy. */
  copy?: { of: string; file: string },
  commit?: CommitUnderReview,
): Promise<Finding[]> {
  const head = trusted !== undefined;
  let req: NodeJS.Require;
  try {
    req = createRequire(createRequire(join(pkgDir, "package.json")).resolve("@commitlint/cli/package.json"));
  } catch {
    // Configured but not installed: an error, not a silent pass (the user asked for the check).
    return [
      toolMissing(
        `commitlint did not run: ${configFile} configures it but @commitlint/cli is not installed`,
        addDevCommand(pkgDir, root, ["@commitlint/cli"]),
        configFile,
      ),
    ];
  }
  let config: Lintable;
  let lint: Lint;
  let cached: ReturnType<typeof cachedConfig>;
  const dir = realpathSync.native(pkgDir);
  const entry = cacheFile(copy === undefined ? dir : `head\0${realpathSync.native(copy.of)}`);
  try {
    // HEAD's: never kept, loaded again on each commit until the package's config is HEAD's again.
    cached = head ? undefined : cachedConfig(commonDir, dir, entry);
    if (head)
      ({ config, lint } = await loadTrusted(
        req,
        pkgDir,
        trusted,
        commonDir,
        commit ?? { root, rev: undefined, env: undefined },
      ));
    else if (cached === undefined) ({ config, lint } = await loadAndCache(req, dir, commonDir, entry, copy?.file));
    else {
      const loaded = cached.config ?? (await loadConfig(req, dir, copy?.file));
      config = loaded;
      // The rules lint must find in its barrel (not those a plugin brings).
      const fromPlugins = new Set(
        Object.values(loaded.plugins ?? {}).flatMap((p) => Object.keys((p as { rules?: object } | null)?.rules ?? {})),
      );
      const rules = Object.keys(loaded.rules).filter((name) => !fromPlugins.has(name));
      // Resolved as when the entry was kept (its inputs unchanged, so are the packages').
      lint =
        Object.keys(loaded.rules).length === 0
          ? noLint
          : (snapshotLint(req, commonDir) ?? (await withResolutions(cached.resolutions, () => importLint(req, rules))));
    }
  } catch (error) {
    // A kept entry that no longer loads (a package's files changed under the same package.json)
    // is dropped: the next commit loads the config again.
    if (cached !== undefined) writeCache(commonDir, entry, "");
    // Usually an `extends` preset that is not installed (commitlint says which).
    const missing = /Cannot find module ["']?([^"'\s]+)/.exec(String((error as Error)?.message ?? error))?.[1];
    const name = missing?.startsWith(".") || missing?.startsWith("/") ? undefined : missing;
    // HEAD's config (or its copy) that does not load for another reason than a package not
    // installed cannot judge the message: bad input, the caller refuses naming it (exit 2).
    if ((head || copy !== undefined) && name === undefined) throw new UnjudgedError(configFile, error);
    return [
      toolMissing(
        `commitlint could not load ${configFile}: ${String((error as Error)?.message ?? error).split("\n")[0]}`,
        name === undefined ? undefined : addDevCommand(pkgDir, root, [name]),
        configFile,
      ),
    ];
  }
  // A config without rules (a misspelt key, a preset that sets none) checks nothing: commitlint's
  // CLI (and so CI) refuses every message then, and so does the hook.
  if (Object.keys(config.rules).length === 0) {
    return [
      {
        ruleId: "commitlint/empty-rules",
        severity: "error",
        message: `${configFile} gives commitlint no rules, so no message would be checked`,
        file: "COMMIT_EDITMSG",
        framework: ["SRC-5"],
        fingerprint: fingerprint("commitlint", "empty-rules"),
        hint: 'add rules or extend a preset (extends: ["@commitlint/config-conventional"]), or remove the config (or set hooks.commitMsg.commitlint: false)',
      },
    ];
  }
  // As commitlint's CLI passes them (plugins {} and ignores [] when there are none).
  const outcome = await lint(text, config.rules, {
    parserOpts: { commentChar: "#", ...config.parserOpts },
    plugins: config.plugins ?? {},
    ignores: config.ignores ?? [],
    defaultIgnores: config.defaultIgnores !== false,
  });
  const toFinding =
    (severity: Finding["severity"]) =>
    (p: { name: string; message: string }): Finding => ({
      ruleId: `commitlint/${p.name}`,
      severity,
      message: p.message,
      file: "COMMIT_EDITMSG",
      framework: ["SRC-5"],
      fingerprint: fingerprint("commitlint", p.name, p.message),
      hint: head
        ? `a rule of ${configFile}: the package's own config differs from it, and what it drops or turns off applies once committed; the message is kept in .git/COMMIT_EDITMSG`
        : "see your commitlint config; the message is kept in .git/COMMIT_EDITMSG",
    });
  return [...outcome.errors.map(toFinding("error")), ...outcome.warnings.map(toFinding("warning"))];
}

function toolMissing(message: string, install: string | undefined, configFile: string): Finding {
  return {
    ruleId: "hooks/tool-missing",
    severity: "error",
    message,
    hint: `${install === undefined ? "fix the config" : `run \`${install}\``}, or remove ${configFile} (or set hooks.commitMsg.commitlint: false)`,
    framework: ["SRC-5"],
    fingerprint: fingerprint("hooks/tool-missing", "commitlint"),
  };
}

const noLint: Lint = async () => ({ errors: [], warnings: [] });

/**
 * The startup snapshot's copy of @commitlint/lint, when the hook started from the snapshot and
 * the project's @commitlint/lint (found from its @commitlint/cli, as importLint finds it) and the
 * packages it loads are the files that copy was bundled from (bundled-lint.ts); else undefined.
 */
function snapshotLint(req: NodeJS.Require, commonDir: string): Lint | undefined {
  const copy = bundledCommitlint();
  if (copy === undefined) return undefined;
  let root: string | undefined;
  try {
    root = lookup(dirname(req.resolve("@commitlint/cli/package.json")), "@commitlint/lint");
  } catch {
    root = undefined; // importLint then says what is wrong, as before
  }
  const lint = root === undefined ? undefined : bundledLintFor(copy, root, commonDir);
  if (process.env.RAMPART_SNAPSHOT_TRACE === "1")
    process.stderr.write(
      `rampart: commitlint's lint ${lint === undefined ? "from the project" : "from the snapshot"}\n`,
    );
  return lint;
}

/**
 * @commitlint/lint, its rules barrel narrowed to `rules` (lint looks each rule up by name; a name
 * the barrel does not have: it all loads, and lint's error lists every rule, as it does itself).
 * Undefined `rules`: all of them.
 */
async function importLint(req: NodeJS.Require, rules?: readonly string[]): Promise<Lint> {
  const only = new Map(
    rules === undefined ? [] : [["@commitlint/rules", { importer: "/@commitlint/lint/lib/lint.js", keys: rules }]],
  );
  const url = pathToFileURL(req.resolve("@commitlint/lint")).href;
  return (await withNarrowedBarrels(() => import(url) as Promise<{ default: Lint }>, only)).default;
}

/**
 * The config from @commitlint/load, and @commitlint/lint, both recorded (commitlint-inputs.ts):
 * kept in the git dir when the config is plain data and every input is known.
 */
async function loadAndCache(
  req: NodeJS.Require,
  pkgDir: string,
  commonDir: string,
  entry: string,
  file: string | undefined,
): Promise<{ config: Lintable; lint: Lint }> {
  const cli = dirname(req.resolve("@commitlint/cli/package.json"));
  const loadEntry = req.resolve("@commitlint/load");
  const lintEntry = req.resolve("@commitlint/lint");
  const recording = new LoadRecording();
  recording.note(pkgDir, "@commitlint/cli", join(cli, "package.json"));
  recording.note(cli, "@commitlint/load", loadEntry);
  recording.note(cli, "@commitlint/lint", lintEntry);
  let config: Lintable;
  let lint: Lint;
  const { packagesServed } = await import("./head-resolve.js");
  const served = packagesServed();
  const recorded = recording.start([pathToFileURL(lintEntry).href, pathToFileURL(loadEntry).href]);
  try {
    // lint first, so that every resolution of its modules is made (and kept) now; all its rules.
    recording.phase("lint");
    lint = await importLint(req);
    recording.phase("load");
    config = await loadConfig(req, pkgDir, file);
  } finally {
    recording.stop();
  }
  const inputs = recorded ? recording.inputs(pkgDir, CONFIG_FILES) : { reason: "no module hooks in this Node" };
  if ("reason" in inputs) return { config, lint }; // not kept: loaded again next time, as commitlint does
  // A config that took HEAD's copy of a package of the repository (head-resolve.ts) is loaded on
  // each commit: that copy is HEAD's tree of the package, which the kept inputs do not show.
  const fromHead = packagesServed() !== served;
  const data =
    "plugins" in config || "ignores" in config || recording.dynamic.length > 0 || fromHead ? undefined : toData(config);
  // A config computed on each load is kept as just that (with lint's resolutions): while its
  // inputs are unchanged, it is loaded without recording, lint with only its rules.
  const body = { version: CACHE_VERSION, dir: pkgDir, inputs, resolutions: recording.resolutions };
  // A read-only git dir (or a symlink on the way, refused) only costs speed.
  writeCache(
    commonDir,
    entry,
    JSON.stringify(data === undefined ? { ...body, dynamic: true } : { ...body, config: data }),
  );
  return { config, lint };
}

/** @commitlint/load's config, as commitlint's CLI hands it to lint (plugins and ignores when any). */
async function loadConfig(req: NodeJS.Require, pkgDir: string, file?: string): Promise<Lintable> {
  const url = pathToFileURL(req.resolve("@commitlint/load")).href;
  const load = (
    (await withNarrowedBarrels(() => import(url))) as { default: (s: object, o: object) => Promise<Loaded> }
  ).default;
  // HEAD's copy (a module) is evaluated first with the working directory at the copy's folder, as
  // lint-staged's is (head-copy.ts inFolder): a read relative to it at load lands on HEAD's files,
  // not the working tree's. commitlint's import of it (cosmiconfig: its real path's URL) is then
  // the module Node keeps, not evaluated again; its own working directory stays the package's.
  if (file !== undefined && /\.[cm]?js$/.test(file)) {
    const { inFolder } = await import("./head-copy.js");
    await inFolder(dirname(file), () => import(pathToFileURL(realpathSync(file)).href));
  }
  const loaded = await load({}, file === undefined ? { cwd: pkgDir } : { cwd: pkgDir, file });
  const parserOpts = loaded.parserPreset?.parserOpts;
  return {
    rules: loaded.rules,
    parserOpts: typeof parserOpts === "object" && parserOpts !== null ? (parserOpts as Record<string, unknown>) : {},
    ...(loaded.defaultIgnores === false ? { defaultIgnores: false } : {}),
    ...(Object.keys(loaded.plugins ?? {}).length > 0 ? { plugins: loaded.plugins } : {}),
    ...((loaded.ignores ?? []).length > 0 ? { ignores: loaded.ignores } : {}),
  };
}

/**
 * HEAD's config, as CI's commitlint step reads the base's: its file copied beside the project's
 * commitlint (`<node_modules>/.cache/rampart-commitlint/`, so that `extends` and presets resolve
 * from the packages installed with it) and loaded from there (package.json's key as a
 * .commitlintrc.json). A config that imports files of its own folder does not load there: the
 * hook refuses naming it (toolMissing), never lints with the commit's own.
 */
async function loadTrusted(
  req: NodeJS.Require,
  pkgDir: string,
  trusted: TrustedToolConfig,
  commonDir: string,
  commit: CommitUnderReview,
): Promise<{ config: Lintable; lint: Lint }> {
  // With the files it names, as HEAD holds them (head-copy.ts).
  const file = await headCopy(pkgDir, trusted, commonDir, commit);
  const config = await loadConfig(req, dirname(file), file);
  // lint may be loaded already with its rules barrel narrowed to the package's own config's
  // rules (one module instance per process): every rule of @commitlint/rules comes in as a
  // plugin, before HEAD's own plugins, so that any rule HEAD's config names is there.
  const lintEntry = req.resolve("@commitlint/lint");
  const rulesUrl = pathToFileURL(createRequire(lintEntry).resolve("@commitlint/rules")).href;
  const all = ((await import(rulesUrl)) as { default: Record<string, unknown> }).default;
  config.plugins = { "rampart:commitlint-rules": { rules: all }, ...(config.plugins ?? {}) };
  return { config, lint: Object.keys(config.rules).length === 0 ? noLint : await importLint(req) };
}

/**
 * The entry kept for the package directory `dir` (a real path), if every input is unchanged: the
 * config, or no config when it is computed on each load.
 */
function cachedConfig(
  commonDir: string,
  dir: string,
  entry: string,
): { config?: Lintable; resolutions: Resolution[] } | undefined {
  const text = readCache(commonDir, entry);
  if (text === undefined) return undefined;
  try {
    const body = JSON.parse(text) as {
      version?: unknown;
      dir?: unknown;
      inputs?: unknown;
      config?: unknown;
      resolutions?: unknown;
    };
    if (body.version !== CACHE_VERSION || body.dir !== dir) return undefined;
    if (!isInputs(body.inputs) || !isResolutions(body.resolutions)) return undefined;
    if (!inputsUnchanged(body.inputs)) return undefined;
    if ((body as { dynamic?: unknown }).dynamic === true) return { resolutions: body.resolutions };
    const config = fromData(body.config) as Partial<Lintable> | undefined;
    if (
      typeof config?.rules !== "object" ||
      config.rules === null ||
      typeof config.parserOpts !== "object" ||
      config.parserOpts === null ||
      !(config.defaultIgnores === undefined || config.defaultIgnores === false) ||
      "plugins" in config ||
      "ignores" in config
    ) {
      return undefined;
    }
    return { config: config as Lintable, resolutions: body.resolutions };
  } catch {
    return undefined;
  }
}

// The resolved config as JSON: plain objects, arrays, strings, finite numbers, booleans, null and
// regular expressions ({"$regexp": [source, flags]}); anything else (a function, undefined, a
// class instance, a key "$regexp" of the config's own) makes it not cacheable.
function toData(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (value instanceof RegExp) return { $regexp: [value.source, value.flags] };
  if (Array.isArray(value)) {
    const items = value.map(toData);
    return items.includes(undefined) ? undefined : items;
  }
  if (typeof value !== "object") return undefined;
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || "$regexp" in value) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const data = toData(item);
    if (data === undefined) return undefined;
    out[key] = data;
  }
  return out;
}

function fromData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromData);
  if (value === null || typeof value !== "object") return value;
  const regexp = (value as { $regexp?: unknown }).$regexp;
  if (regexp !== undefined) {
    if (!Array.isArray(regexp) || typeof regexp[0] !== "string" || typeof regexp[1] !== "string") {
      throw new Error("malformed regular expression in the cache");
    }
    return new RegExp(regexp[0], regexp[1]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromData(v)]));
}

/**
 * The bundled lint when `lintRoot` (the real folder of the project's @commitlint/lint) and the
 * packages it loads are byte for byte what was bundled, else undefined.
 */
function bundledLintFor(copy: BundledCommitlint, lintRoot: string, commonDir: string): Lint | undefined {
  if (copy.packages[0]?.name !== "@commitlint/lint") return undefined;
  try {
    return sameFiles(copy.packages, lintRoot, commonDir) ? copy.lint : undefined;
  } catch {
    return undefined; // a file missing or unreadable: the project's own decides
  }
}

// Which package folders were found to hold a bundled package's files, with each file's stat
// (size, times, inode) as it was when it was read and digested: while a file's stat is the same,
// it is not read again (hashing the ~140 files cost ~10M instructions of every commit-msg). A
// file changed since (an install, patch-package, an editor: a write sets ctime, which no one but
// root can set back) is read and digested again. A file changed less than RACY_MS before it was
// read is not recorded: a second write in the same clock tick could leave its stat unchanged.
const STAMPS_FILE = "commitlint-lint-stamps.json";
const STAMPS_VERSION = 1;
const RACY_MS = 2000;
type Stamp = [size: number, mtimeMs: number, ctimeMs: number, ino: number, dev: number];

function stampOf(st: Stats): Stamp {
  return [st.size, st.mtimeMs, st.ctimeMs, st.ino, st.dev];
}

/** The recorded stamps (package digest NUL folder -> one per file, in the package's order). */
function readStamps(commonDir: string): Map<string, Stamp[]> {
  const text = readCache(commonDir, STAMPS_FILE);
  if (text === undefined) return new Map();
  try {
    const body = JSON.parse(text) as { version?: unknown; folders?: unknown };
    if (body.version !== STAMPS_VERSION || typeof body.folders !== "object" || body.folders === null) return new Map();
    const out = new Map<string, Stamp[]>();
    for (const [key, list] of Object.entries(body.folders)) {
      if (
        Array.isArray(list) &&
        list.every((t) => Array.isArray(t) && t.length === 5 && t.every((n) => typeof n === "number"))
      )
        out.set(key, list as Stamp[]);
    }
    return out;
  } catch {
    return new Map(); // a torn or foreign file: everything is read again
  }
}

function sameFiles(packages: readonly BundledPackage[], lintRoot: string, commonDir: string): boolean {
  const crypto = process.getBuiltinModule("node:crypto");
  const fs = process.getBuiltinModule("node:fs");
  const known = readStamps(commonDir);
  const seen = new Map<string, Stamp[]>();
  const settled = Date.now() - RACY_MS;
  const at: Array<string | undefined> = [lintRoot];
  const queue = [0];
  for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
    const pkg = packages[i];
    const dir = at[i];
    if (pkg === undefined || dir === undefined) return false;
    const key = `${pkg.digest}\0${dir}`;
    const kept = known.get(key);
    const now = pkg.files.map((file) => stampOf(fs.statSync(join(dir, file))));
    const unchanged =
      kept !== undefined &&
      kept.length === now.length &&
      kept.every((stamp, n) => stamp.every((v, k) => v === now[n]?.[k]));
    if (unchanged) seen.set(key, kept);
    else {
      // Stat first, then read: a write in between changes the stat recorded, never the other way.
      const hash = crypto.createHash("sha256");
      for (const file of pkg.files)
        hash
          .update(`${file}\0`)
          .update(fs.readFileSync(join(dir, file)))
          .update("\0");
      if (hash.digest("hex") !== pkg.digest) return false;
      if (now.every(([, mtimeMs, ctimeMs]) => mtimeMs < settled && ctimeMs < settled)) seen.set(key, now);
    }
    for (const [name, j] of pkg.deps) {
      const found = lookup(dir, name);
      if (found === undefined) return false;
      // One copy in the bundle: one folder in the project (two copies there would be two here).
      if (at[j] === undefined) {
        at[j] = found;
        queue.push(j);
      } else if (at[j] !== found) return false;
    }
  }
  // Written when it says something new: the folders of this graph only (another graph: rewritten).
  const same = seen.size === known.size && [...seen.keys()].every((k) => known.get(k) === seen.get(k));
  if (!same)
    writeCache(commonDir, STAMPS_FILE, JSON.stringify({ version: STAMPS_VERSION, folders: Object.fromEntries(seen) }));
  return true;
}
