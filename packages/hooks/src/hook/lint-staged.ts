import { existsSync, lstatSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { format, stripVTControlCharacters } from "node:util";
import { git } from "@rampart/core/git";
import { savedIndexLeft } from "../saved-index.js";
import type { HeadObjects } from "./head-copy.js";
import type { CommitUnderReview } from "./head-resolve.js";
import { knownMatch } from "./lint-staged-match.js";
import { LINT_STAGED_CONFIG_FILES, manifestKeyOf, packageKey } from "./tools.js";

// Starting lint-staged costs a Node start-up and its module graph, and when a task matches it
// also backs the working tree up (git stash). A commit whose staged files match none of the
// project's tasks need not pay any of it. Whether a file matches is decided by the project's own
// lint-staged (its lib/matchFiles.js, picomatch with lint-staged's options), never by rampart's
// idea of its globs; whenever anything is not certain (a config that is code or YAML, a function
// task, a pattern reaching above the package, another lint-staged config nearer to a staged file,
// a lint-staged without that module), the answer is "run lint-staged" and it decides itself.

type Tasks = Record<string, unknown>;
type MatchFiles = (files: Array<{ filepath: string }>, pattern: string, cwd: string) => unknown[];

/** The config's task object when it is plain data rampart can read, else undefined (lint-staged decides). */
export async function lintStagedTasks(pkgDir: string, config: string): Promise<Tasks | "none" | undefined> {
  let value: unknown;
  try {
    if (config === "lint-staged.config.mjs") {
      value = ((await import(pathToFileURL(join(pkgDir, config)).href)) as { default?: unknown }).default;
    } else if (config === ".lintstagedrc.json") {
      value = JSON.parse(readFileSync(join(pkgDir, config), "utf8"));
    } else if (config === packageKey(pkgDir, "lint-staged")) {
      value = (JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as Record<string, unknown>)[
        "lint-staged"
      ];
    } else return undefined;
  } catch {
    return undefined; // lint-staged reports a broken config itself
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  // rampart's own template (`export default {}`: no tasks yet) starts nothing; lint-staged itself
  // refuses an empty config of the other forms, so those still run it.
  if (Object.keys(value).length === 0) return config === "lint-staged.config.mjs" ? "none" : undefined;
  const plain = (v: unknown) => typeof v === "string" || (Array.isArray(v) && v.every((c) => typeof c === "string"));
  return Object.values(value).every(plain) ? (value as Tasks) : undefined;
}

/** HEAD's lint-staged config file: its name, text and path, and how to read HEAD's other files. */
interface HeadConfig {
  name: string;
  text: string;
  path: string;
  read: (path: string) => Promise<string | undefined>;
  objects: HeadObjects;
}

/**
 * HEAD's lint-staged config as the task object lint-staged is handed (its `config` option; `--config -`
 * for its bin), as CI would read a base's: a data file parsed (JSON, YAML, package.json's key); a
 * module (`.mjs`, `.js`, `.cjs`) copied beside the project's packages
 * (`<pkgDir>/node_modules/.cache/rampart-lint-staged/`) and imported from there, HEAD's code, never
 * the commit's, with the files it names by relative paths (head-copy.ts). TypeScript (`.ts`,
 * `.mts`, `.cts`, which lint-staged 17 imports as Node strips them) has its types stripped by
 * Node's own stripper first, as JavaScript of the same module kind: Node does not strip files
 * under node_modules (a TypeScript file the config imports does not load). When it cannot be
 * read so (it does not load, is not an object), why: the caller refuses.
 */
export async function trustedLintStagedTasks(
  pkgDir: string,
  config: HeadConfig,
  commonDir: string,
  commit: CommitUnderReview,
  nested?: NestedCopy,
): Promise<{ tasks: Tasks; copy?: string } | { why: string }> {
  // A symlinked config is read at its target (trustedToolConfig), by the target's name.
  const head =
    config.name === "package.json" ? config : { ...config, name: config.path.slice(config.path.lastIndexOf("/") + 1) };
  let value: unknown;
  let copy: string | undefined;
  const load = async (h: HeadConfig) => {
    const loaded = await importCopy(pkgDir, h, commonDir, commit, nested);
    copy = loaded.file;
    return loaded.value;
  };
  try {
    if (head.name === "package.json" || head.name === ".lintstagedrc.json") value = JSON.parse(head.text);
    else if (head.name === ".lintstagedrc" || head.name.endsWith(".yaml") || head.name.endsWith(".yml")) {
      // .lintstagedrc is JSON or YAML (JSON is YAML too).
      const { parse } = createRequire(import.meta.url)("yaml") as typeof import("yaml");
      value = parse(head.text, { logLevel: "error" });
    } else if (/\.(?:mjs|cjs|js)$/.test(head.name)) value = await load(head);
    else if (/\.(?:mts|cts|ts)$/.test(head.name)) value = await load(stripped(head));
    else return { why: "is no config file rampart knows" };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    return { why: `does not load from HEAD's files (${message.replaceAll(pkgDir, ".")})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { why: "gives no task object" };
  return { tasks: value as Tasks, ...(copy === undefined ? {} : { copy }) };
}

/**
 * Where HEAD's copy of a config in a subfolder of the package is made and loads: `modules`, the
 * node_modules folder nearest above the config's folder (its bare names resolve from there, as
 * the working tree's config's do), and `prefix`, the package folder (repository-relative, "" or
 * "dir/"), whose place in the copy is the working directory while it loads, as lint-staged's is
 * the package folder when it loads the configs it finds.
 */
export interface NestedCopy {
  modules: string;
  prefix: string;
}

/**
 * A TypeScript config as the JavaScript Node would run (module.stripTypeScriptTypes, Node's type
 * stripping: erasable syntax only, as lint-staged's own import of it), named .mjs/.cjs/.js.
 */
function stripped<T extends { name: string; text: string; path: string }>(head: T): T {
  const { stripTypeScriptTypes } = process.getBuiltinModule("node:module") as {
    stripTypeScriptTypes?: (code: string) => string;
  };
  if (stripTypeScriptTypes === undefined) throw new Error("this Node cannot strip TypeScript types");
  // Its one-time ExperimentalWarning is not the user's business: it would print on their commit.
  const emit = process.emitWarning;
  process.emitWarning = () => {};
  try {
    const js = (n: string) => n.replace(/ts$/, "js");
    return { ...head, name: js(head.name), path: js(head.path), text: stripTypeScriptTypes(head.text) };
  } finally {
    process.emitWarning = emit;
  }
}

/**
 * A module config's default export, imported from HEAD's copy (head-copy.ts: kept beside the
 * project's packages, reused while HEAD's files are the same) with the working directory at the
 * copy's folder while it loads; the packages of the repository it imports by name (workspace
 * packages) are HEAD's too (head-resolve.ts).
 */
async function importCopy(
  pkgDir: string,
  head: HeadConfig,
  commonDir: string,
  commit: CommitUnderReview,
  nested?: NestedCopy,
): Promise<{ value: unknown; file: string }> {
  const { cachedHeadCopy, copySecret, inFolder } = await import("./head-copy.js");
  const modules = nested?.modules ?? join(pkgDir, "node_modules");
  const cache = join(modules, ".cache", "rampart-lint-staged");
  const file = await cachedHeadCopy(cache, modules, head, head.read, head.objects, commonDir);
  const { guardCopy } = await import("./head-resolve.js");
  await guardCopy(cache, file, head.text, head.objects.tree, commit, await copySecret(commonDir));
  // A nested config loads with the working directory at the package folder's place in the copy.
  const cwd = nested === undefined ? dirname(file) : join(file.slice(0, file.length - head.path.length), nested.prefix);
  const m = (await inFolder(cwd, () => import(pathToFileURL(file).href))) as { default?: unknown };
  // A function config is lint-staged's `{ "*": fn }` (validateConfig).
  return { value: typeof m.default === "function" ? { "*": m.default } : m.default, file };
}

/** The file names lint-staged looks for in every folder (its CONFIG_FILE_NAMES): the manifests' keys and each config file. */
const MANIFESTS = ["package.json", "package.yaml", "package.yml"];
const DISCOVERED = [...MANIFESTS, ...LINT_STAGED_CONFIG_FILES];

/** As a config of lint-staged: a manifest's key, any other file's text. */
function configValue(path: string, text: string | undefined): string | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return MANIFESTS.includes(name) ? manifestKeyOf(name, text, "lint-staged") : text;
}

const globEscape = (prefix: string) => prefix.replace(/[*?[\]\\]/g, "\\$&");

/**
 * lint-staged's configs in folders below the package folder (`prefix`, repository-relative) that
 * differ from HEAD's (`read`), as lint-staged finds them (tracked or untracked, not ignored):
 * added, edited or removed, in the index or the working tree; a package manifest only when its
 * "lint-staged" key differs. Without `--config`, lint-staged judges each staged file by the
 * config nearest to it: such a config added or emptied would take the files of HEAD's from it.
 */
export async function nestedConfigChanges(
  root: string,
  prefix: string,
  read: (path: string) => Promise<string | undefined>,
  env: NodeJS.ProcessEnv | undefined,
): Promise<string[]> {
  const specs = DISCOVERED.map((n) => `:(glob)${globEscape(prefix)}*/**/${n}`);
  const r = await git(
    [
      "status",
      "--porcelain=v1",
      "-z",
      "--untracked-files=all",
      "--no-renames",
      "--ignore-submodules=all",
      "--",
      ...specs,
    ],
    { cwd: root, ...(env === undefined ? {} : { env }) },
  );
  const paths = [...new Set(r.stdout.split("\0").flatMap((e) => (e.length > 3 ? [e.slice(3)] : [])))].sort();
  const changed: string[] = [];
  for (const path of paths) {
    let own: string | undefined;
    try {
      own = lstatSync(join(root, path)).isFile() ? readFileSync(join(root, path), "utf8") : undefined;
    } catch {
      own = undefined;
    }
    if (configValue(path, own) !== configValue(path, await read(path))) changed.push(path);
  }
  return changed;
}

/**
 * lint-staged's configs HEAD (`rev`) holds in folders below the package folder (repository paths).
 * With HEAD's objects (`head`: `rev`'s), from the record of HEAD's folders kept by tree id in
 * `.git/rampart` (nested-configs.ts), reading only the folders it lacks; else HEAD's whole tree.
 */
export async function nestedConfigsAt(
  root: string,
  rev: string,
  prefix: string,
  read: (path: string) => Promise<string | undefined>,
  env: NodeJS.ProcessEnv | undefined,
  head?: { objects: HeadObjects; commonDir: string },
): Promise<string[]> {
  if (head !== undefined) {
    const { cachedNestedConfigs } = await import("./nested-configs.js");
    const isConfig = async (path: string, oid: string) =>
      !MANIFESTS.some((m) => path.endsWith(`/${m}`)) ||
      configValue(path, (await head.objects.blob(oid))?.toString("utf8")) !== undefined;
    const found = await cachedNestedConfigs(head.objects, prefix, head.commonDir, DISCOVERED, isConfig);
    if (found !== undefined) return found;
  }
  const r = await git(["ls-tree", "-r", "-z", "--name-only", "--full-tree", rev, "--", prefix === "" ? "." : prefix], {
    cwd: root,
    ...(env === undefined ? {} : { env }),
  });
  const found: string[] = [];
  for (const path of r.stdout.split("\0")) {
    const slash = path.lastIndexOf("/");
    if (slash < prefix.length || !path.startsWith(prefix)) continue; // the package folder's own
    const name = path.slice(slash + 1);
    if (!DISCOVERED.includes(name)) continue;
    if (MANIFESTS.includes(name) && configValue(path, await read(path)) === undefined) continue;
    found.push(path);
  }
  return found;
}

/**
 * False only when certain that no staged file matches a task of `tasks` (the config at pkgDir):
 * then lint-staged would do nothing, and is not started.
 */
export async function anyTaskMatches(
  pkgDir: string,
  root: string,
  bin: string,
  tasks: Tasks,
  staged: readonly string[],
  commonDir?: string,
): Promise<boolean> {
  const patterns = Object.keys(tasks);
  if (patterns.some((p) => p.startsWith("../") || p.startsWith("/"))) return true;
  const files: Array<{ filepath: string }> = [];
  const seen = new Set<string>(); // folders known to hold no config (a big commit shares most)
  for (const path of staged) {
    const abs = join(root, path);
    const rel = relative(pkgDir, abs);
    if (rel.startsWith("..")) continue; // outside the package: lint-staged skips it too
    if (nearerConfig(dirname(abs), pkgDir, seen)) return true; // another config judges this file
    files.push({ filepath: rel.split(sep).join("/") });
  }
  if (files.length === 0) return false;
  let matchFiles: MatchFiles;
  try {
    const pkg = lintStagedPackage(pkgDir, bin);
    if (pkg === undefined) return true;
    // The sources rampart was tested against: decided without loading picomatch (lint-staged-match.ts).
    const known =
      commonDir === undefined
        ? undefined
        : knownMatch(
            pkg.dir,
            commonDir,
            patterns,
            files.map((f) => f.filepath),
            pkgDir,
          );
    if (known !== undefined) return known;
    const url = pathToFileURL(join(pkg.dir, "lib", "matchFiles.js")).href;
    const m = (await import(url)) as { matchFiles?: unknown };
    if (typeof m.matchFiles !== "function") return true;
    matchFiles = m.matchFiles as MatchFiles;
  } catch {
    return true;
  }
  return patterns.some((pattern) => matchFiles(files, pattern, pkgDir).length > 0);
}

/** True when a folder between `dir` and `pkgDir` (pkgDir excluded) has a lint-staged config of its own. */
function nearerConfig(dir: string, pkgDir: string, seen: Set<string>): boolean {
  for (let d = dir; d !== pkgDir && d.startsWith(pkgDir) && !seen.has(d); d = dirname(d)) {
    if (LINT_STAGED_CONFIG_FILES.some((n) => existsSync(join(d, n))) || packageKey(d, "lint-staged")) return true;
    seen.add(d);
  }
  return false;
}

/** The project's lint-staged package: its folder and version (undefined when it cannot be resolved). */
export function lintStagedPackage(pkgDir: string, bin: string): { dir: string; version: string } | undefined {
  try {
    const manifest = createRequire(bin).resolve("lint-staged/package.json", { paths: [pkgDir] });
    const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown };
    return typeof version === "string" ? { dir: dirname(manifest), version } : undefined;
  } catch {
    return undefined;
  }
}

type Logger = Record<"log" | "warn" | "error", (...args: unknown[]) => void>;
/** lint-staged's programmatic entry (its default export): resolves to whether the tasks passed. */
export type LintStagedApi = (options: LintStagedOptions, logger: Logger) => Promise<boolean>;
/** The options rampart passes its API: none (every default), or OWN_BACKUP's. */
export type LintStagedOptions = { stash?: false; hidePartiallyStaged?: false; config?: Tasks };

/**
 * The project's own lint-staged entry, when calling it in this process does what starting its bin
 * would: lint-staged 17, whose bin is `lintStaged(<its argv options>)` (none here: every default);
 * the package folder is this process's working directory (an explicit `cwd` option changes how
 * lint-staged groups the tasks of several configs); and the hook's environment is this process's
 * own (lint-staged reads process.env, not an env option). Otherwise undefined: the bin is started.
 * Saves a Node start-up and loads lint-staged with the compile cache this process has enabled.
 */
export async function inProcessLintStaged(
  pkgDir: string,
  bin: string,
  env: NodeJS.ProcessEnv | undefined,
): Promise<LintStagedApi | undefined> {
  if (env !== undefined && env !== process.env) return undefined;
  try {
    if (realpathSync(pkgDir) !== realpathSync(process.cwd())) return undefined;
  } catch {
    return undefined;
  }
  const pkg = lintStagedPackage(pkgDir, bin);
  if (pkg === undefined || pkg.version.split(".")[0] !== "17") return undefined;
  try {
    const entry = createRequire(join(pkg.dir, "package.json")).resolve("lint-staged");
    const m = (await import(pathToFileURL(entry).href)) as { default?: unknown };
    return typeof m.default === "function" ? (m.default as LintStagedApi) : undefined;
  } catch {
    return undefined;
  }
}

/** What lint-staged changes in process.env (it unsets them for its own git calls); restored afterwards. */
const LINT_STAGED_UNSETS = ["GIT_DIR", "GIT_WORK_TREE", "GIT_LITERAL_PATHSPECS"] as const;

/**
 * Runs lint-staged in this process with every default, its output to `log` (rampart's redacted
 * stderr); true when its tasks passed and no SIGINT came while it ran. What it changes in the process
 * (the git variables it unsets, its Ctrl-C listener) is put back when it returns. An error it throws (a config that does not
 * load) is printed as one line and is a failure, as its bin's exit 1 would be, without the stack.
 */
export async function runLintStagedInProcess(
  api: LintStagedApi,
  log: (text: string) => void,
  options: LintStagedOptions = {},
): Promise<boolean> {
  const saved = LINT_STAGED_UNSETS.map((name) => [name, process.env[name]] as const);
  const listeners = new Set(process.listeners("SIGINT"));
  const ownBackup = options.stash === false;
  const write = (...args: unknown[]) => {
    const text = format(...args);
    // Its warnings that the options rampart chose are off: rampart backs up and restores instead.
    if (ownBackup && OWN_BACKUP_WARNINGS.test(stripVTControlCharacters(text))) return;
    log(`${text}\n`);
  };
  // lint-staged's own Ctrl-C listener keeps the process alive and only stops the tasks still
  // running: a SIGINT that comes after the last task ended would be swallowed, and the commit
  // would go on. Any interruption during the run fails it.
  let interrupted = false;
  process.on("SIGINT", () => {
    interrupted = true;
  });
  try {
    const passed = await api(options, { log: write, warn: write, error: write });
    if (!interrupted) return passed;
    log("rampart: lint-staged was interrupted (SIGINT): nothing is committed\n");
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`lint-staged: ${message.split("\n")[0] ?? ""}\n`);
    return false;
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    for (const listener of process.listeners("SIGINT")) {
      if (!listeners.has(listener)) process.removeListener("SIGINT", listener);
    }
  }
}

// lint-staged's backup stash (`git stash create` and `store` before the tasks, `stash list` and
// `drop` after, with `status` for partially staged files and a `rev-parse` to print the hash: 6
// git processes, 8 with the children `stash` starts) exists to put everything back when a task
// fails. When nothing in the working tree differs from the index (no unstaged change to any
// tracked file: no partially staged file, nothing a failed task's revert could lose), the index
// alone is that state, and rampart keeps it instead: the index file's bytes, read before the
// tasks; lint-staged then runs with `stash: false, hidePartiallyStaged: false` (it stages what
// the tasks changed exactly as with its defaults), and when it fails rampart writes those bytes
// back and checks every tracked file out of them (`git checkout-index --all --force`): what
// lint-staged's revert (`reset --hard`, `stash apply --index`) gives in that state. The bytes
// are written to `.git/rampart/pre-commit-index` before any task runs (saved-index.ts), so a hook
// killed half-way leaves them for `rampart hooks restore-index`, as lint-staged's stash would
// stay; when they cannot be written (or a killed hook's save is still there), lint-staged keeps
// its own backup. One git process to know the state (`git diff --quiet`), one more only when a
// task failed. Anything
// else (a partially staged file, unstaged changes elsewhere, a merge in progress, a linked
// worktree, `git commit -a` or `git commit PATH`, which commit from another index file, or
// lint-staged started as a bin): lint-staged's defaults, its own stash. One difference: a file a
// failed task created and staged itself stays in the working tree, untracked (lint-staged's
// `reset --hard` deletes it, whether or not it was there before the commit).

/** What lint-staged runs with when rampart keeps the backup. */
export const OWN_BACKUP: LintStagedOptions = { stash: false, hidePartiallyStaged: false };
export { type IndexBackup, restoreIndex, saveIndex } from "../saved-index.js";

const OWN_BACKUP_WARNINGS =
  /Skipping backup because `--no-stash` was used|Skipping hiding unstaged changes from partially staged files because `--no-hide-partially-staged` was used/;

/**
 * The index file a commit in the main worktree stages to (`<root>/.git/index`), when rampart can
 * keep lint-staged's backup itself (see above): else undefined, and lint-staged keeps its own.
 */
export async function ownBackupIndex(
  root: string,
  commonDir: string,
  env: NodeJS.ProcessEnv | undefined,
): Promise<string | undefined> {
  const e = env ?? process.env;
  if (e.GIT_DIR !== undefined || e.GIT_WORK_TREE !== undefined || e.GIT_COMMON_DIR !== undefined) return undefined;
  const gitDir = join(root, ".git");
  try {
    if (!lstatSync(gitDir).isDirectory() || realpathSync(gitDir) !== realpathSync(commonDir)) return undefined;
  } catch {
    return undefined;
  }
  const index = join(gitDir, "index");
  // git sets GIT_INDEX_FILE for its hooks: `.git/index` for a plain commit, index.lock (-a) or a
  // temporary index (PATH) otherwise.
  if (e.GIT_INDEX_FILE !== undefined && resolve(root, e.GIT_INDEX_FILE) !== index) return undefined;
  if (["MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD"].some((f) => existsSync(join(gitDir, f)))) return undefined;
  // A save a killed hook left is the only copy of what was staged then: never overwritten.
  if (savedIndexLeft(gitDir)) return undefined;
  try {
    if (!lstatSync(index).isFile()) return undefined;
    const r = await git(["diff", "--quiet", "--no-ext-diff", "--no-textconv", "--ignore-submodules=none"], {
      cwd: root,
      env: e,
      okExitCodes: [1],
    });
    return r.exitCode === 0 ? index : undefined;
  } catch {
    return undefined;
  }
}
