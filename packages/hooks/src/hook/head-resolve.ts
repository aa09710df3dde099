import * as nodeModule from "node:module";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeFileSafe } from "@rampart/core/fs";
import { gitSyncBuffer } from "@rampart/core/git";
import { type ResolveResult, registerHooks } from "./narrow-imports.js";

// HEAD's copy of a module config (head-copy.ts) holds HEAD's files; a bare name it imports is
// looked up in the node_modules folders above the copy, as for the working tree's config. For a
// package installed there that is the installed code, the same for HEAD and the commit. A
// workspace package is not: npm, pnpm and yarn link it (node_modules/@shop/tasks ->
// ../../packages/tasks), `file:` and `link:` dependencies too, and through the link Node loads the
// working tree's files, the commit's. So while a copy's modules load, each resolution made from
// one of them is judged by where it lands (Node's synchronous module hooks, Node >= 22.15):
//   - outside the repository, inside a copy, or an installed file (under node_modules, not a file
//     the commit stages): as Node resolved it;
//   - a file of the working tree reached by a package's name: the package is taken from HEAD
//     instead, a copy of its folder's files at HEAD (`pkg-<id>` beside the config's copy, named
//     with the clone's secret, made once per HEAD tree of that folder; its own node_modules is the
//     installed one) and the name resolved again there, by HEAD's package.json;
//   - the same for a resolution made from an installed package's module in the repository's
//     node_modules (HEAD's config imports a preset that imports a workspace package by name);
//   - a file of the working tree reached any other way (an absolute path), a name the commit
//     stages a folder or link for where Node looks before the installed packages (the cache
//     folders above the copies), a package HEAD does not hold: refused,
//     naming the file (the load fails; the hook refuses the commit).
// On an older Node (no module.registerHooks) a link from the node_modules folders above the copy
// into the repository is refused before the copy loads (linkedFolder).

/** How a copy's resolutions are judged (one per folder of copies). */
export interface CopyGuard {
  /** The repository's top level (its real path). */
  root: string;
  /** The commit whose files are HEAD's (undefined: none; a working tree file reached is refused). */
  rev: string | undefined;
  env: NodeJS.ProcessEnv | undefined;
  /** This clone's secret for the copies' names (head-copy.ts). */
  secret: string;
  /** The repository paths the commit stages (asked when needed): one under node_modules is the commit's, not installed. */
  staged: () => ReadonlySet<string>;
  /** HEAD's tree ids of package folders (repository paths) looked up before the copy loads (packageTrees). */
  trees?: ReadonlyMap<string, string>;
}

/** The folders of copies being guarded (real paths), with their guards. */
const guarded = new Map<string, CopyGuard>();
let registered = false;
/** How many names resolved to HEAD's copy of a package (packagesServed). */
let served = 0;

/**
 * How many package names this process resolved to HEAD's copy of a package so far: a load that
 * took one depends on HEAD's tree of that package, which its own files do not show (a result
 * kept by them would outlive a HEAD that changes the package).
 */
export const packagesServed = (): number => served;

/** A package folder's files HEAD may bring into a copy; more is not a package a config imports. */
const MAX_PACKAGE_FILES = 4096;
const MAX_PACKAGE_BYTES = 64 << 20;
const PACKAGE_COPY_VERSION = 1;

/**
 * Judges every resolution made from a module in `store` (a folder of HEAD's copies) from now on,
 * in this process. False when this Node has no synchronous module hooks: the caller checks
 * the links beside the copy instead (linkedFolder).
 */
export function guardCopies(store: string, guard: CopyGuard): boolean {
  if (registerHooks === undefined) return false;
  const { realpathSync } = process.getBuiltinModule("node:fs");
  guarded.set(realpathSync(store), { ...guard, root: realpathSync(guard.root) });
  if (!registered) {
    registered = true;
    registerHooks({ resolve });
  }
  return true;
}

type Context = { parentURL?: string; conditions?: readonly string[] };
type Next = (specifier: string, context: Context) => ResolveResult;

function resolve(specifier: string, context: Context, next: Next): ResolveResult {
  const parent = context.parentURL;
  if (guarded.size === 0 || parent === undefined || !parent.startsWith("file:")) return next(specifier, context);
  const from = fileURLToPath(parent);
  let store: string | undefined;
  for (const s of guarded.keys()) if (from.startsWith(`${s}${sep}`)) store = s;
  // An installed package's module (under a guarded repository's node_modules) that a copy loaded
  // may import a workspace package by name too (a preset over it, a peer dependency): judged the
  // same way, with the copies of the store whose repository holds it.
  const installed = store === undefined;
  store ??= installedIn(from);
  if (store === undefined) return next(specifier, context);
  const guard = guarded.get(store) as CopyGuard;
  const bare = isBare(specifier);
  // From installed code only a package name that lands in the working tree is taken from HEAD;
  // anything else it loads is as Node resolved it (rampart's own modules among them).
  if (installed && !bare) return next(specifier, context);
  // The folder (or link) under node_modules Node takes a package name from: never one the commit
  // stages where Node looks before the installed packages (the cache folders above the copies). A
  // package found where it is installed is the installed one, as for the working tree's config: the
  // staged paths, a git process in commit-msg, are not asked for every name (a preset's).
  const link = bare ? packageLink(dirname(from), packageName(specifier)) : undefined;
  if (link !== undefined && !installed && link.startsWith(`${dirname(store)}${sep}`)) {
    const at = repoPath(guard.root, link);
    const staged = at === undefined ? undefined : stagedUnder(guard.staged(), at);
    if (staged !== undefined) throw refusal(specifier, `${staged}, which the commit stages`);
  }
  const result = next(specifier, context);
  if (!result.url.startsWith("file:")) return result;
  const { realpathSync } = process.getBuiltinModule("node:fs");
  const file = realpathSync(fileURLToPath(result.url));
  const where = workingTreeFile(guard, store, file, installed);
  if (where === undefined) return result;
  if (installed && link === undefined) return result;
  if (!bare || link === undefined) throw refusal(specifier, `${where}, a file of the working tree, not HEAD's`);
  const pkg = repoPath(guard.root, realpathSync(link));
  if (pkg === undefined) throw refusal(specifier, `${where}, a file of the working tree, not HEAD's`);
  const folder = packageCopy(guard, store, pkg, packageName(specifier), realpathSync(link));
  // The name again from beside HEAD's copy of the package: by its package.json at HEAD. require()'s
  // resolution takes the requiring module's folders, not a parentURL: resolved here then.
  const beside = join(folder, "from-head.js");
  const again = context.conditions?.includes("require")
    ? { url: pathToFileURL(nodeModule.createRequire(beside).resolve(specifier)).href, shortCircuit: true }
    : next(specifier, { ...context, parentURL: pathToFileURL(beside).href });
  if (again.url.startsWith("file:") && !fileURLToPath(again.url).startsWith(`${folder}${sep}`))
    throw refusal(specifier, `${where}, not HEAD's ${pkg}`);
  served++;
  return again;
}

/** The store whose guarded repository holds `file` as an installed package's file (under node_modules), if any. */
function installedIn(file: string): string | undefined {
  for (const [store, guard] of guarded) {
    const path = repoPath(guard.root, file);
    if (path?.split("/").includes("node_modules") === true) return store;
  }
  return undefined;
}

function refusal(specifier: string, what: string): Error {
  return new Error(`${specifier} resolves to ${what}: HEAD's config is loaded with HEAD's files only`);
}

/**
 * The repository path of `file` when it is a file of the working tree a copy must not load: inside
 * the repository, outside the copies, and not an installed package's (under node_modules, unless
 * the commit stages it). Undefined otherwise.
 */
function workingTreeFile(guard: CopyGuard, store: string, file: string, installed = false): string | undefined {
  if (file.startsWith(`${store}${sep}`)) return undefined;
  const path = repoPath(guard.root, file);
  if (path === undefined) return undefined;
  // Under node_modules: installed, unless in the cache folders above the copies and staged by the commit.
  if (path.split("/").includes("node_modules")) {
    const cache = !installed && file.startsWith(`${dirname(store)}${sep}`);
    if (!cache || stagedUnder(guard.staged(), path) === undefined) return undefined;
  }
  return path;
}

/** `file`'s path in the repository at `root` ("/"-separated), or undefined outside it. */
function repoPath(root: string, file: string): string | undefined {
  const rel = relative(root, file);
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join("/");
}

/** A staged path that is `path`, below it, or a link above it; undefined when there is none. */
function stagedUnder(staged: ReadonlySet<string>, path: string): string | undefined {
  if (staged.has(path)) return path;
  for (let d = path; d.includes("/"); ) {
    d = d.slice(0, d.lastIndexOf("/"));
    if (staged.has(d)) return d;
  }
  const below = `${path}/`;
  for (const p of staged) if (p.startsWith(below)) return p;
  return undefined;
}

/**
 * The `node_modules/<name>` Node's package lookup takes from `dir` (the first that is a folder, or
 * a link to one, in `dir` and each folder above it), or undefined.
 */
function packageLink(dir: string, name: string): string | undefined {
  const { statSync } = process.getBuiltinModule("node:fs");
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, "node_modules", ...name.split("/"));
    if (statSync(candidate, { throwIfNoEntry: false })?.isDirectory() === true) return candidate;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * HEAD's files of the package folder `pkg` (repository path; `real` its working tree folder) as
 * `<store>/pkg-<id>/node_modules/<name>/`, its node_modules the installed one (a link to the
 * working tree's); `<store>/pkg-<id>` returned. Made once per HEAD tree of that folder (the id is
 * made of it and the clone's secret) into a scratch folder renamed into place; HEAD's tree id from
 * `guard.trees`, else from git. Throws when HEAD holds no such folder, or more files than a
 * package a config imports.
 */
function packageCopy(guard: CopyGuard, store: string, pkg: string, name: string, real: string): string {
  const fs = process.getBuiltinModule("node:fs");
  const { createHash } = process.getBuiltinModule("node:crypto");
  const notHeads = () => refusal(name, `${pkg}, which HEAD does not hold`);
  if (guard.rev === undefined) throw notHeads();
  const options = { cwd: guard.root, ...(guard.env === undefined ? {} : { env: guard.env }) };
  let tree = guard.trees?.get(pkg);
  if (tree === undefined) {
    const entry = gitSyncBuffer(["ls-tree", "-z", "--full-tree", guard.rev, "--", `:(literal)${pkg}`], options)
      .stdout.toString("utf8")
      .split("\0")[0];
    const [, type, oid] = entry?.slice(0, entry.indexOf("\t")).split(" ") ?? [];
    if (type !== "tree" || oid === undefined) throw notHeads();
    tree = oid;
  }
  const key = createHash("sha256")
    .update(`${PACKAGE_COPY_VERSION} ${guard.secret} ${pkg}\0${name}\0${tree}`)
    .digest("hex")
    .slice(0, 32);
  const folder = join(store, `pkg-${key}`);
  if (fs.lstatSync(folder, { throwIfNoEntry: false })?.isDirectory() === true) {
    const now = new Date();
    fs.utimesSync(folder, now, now); // in use: not removed as stale
    return folder;
  }
  const listing = gitSyncBuffer(["ls-tree", "-r", "-z", tree], options).stdout;
  const files: Array<{ path: string; oid: string; mode: string }> = [];
  for (const entry of listing.toString("utf8").split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab === -1) continue;
    const [mode = "", type = "", oid = ""] = entry.slice(0, tab).split(" ");
    const path = entry.slice(tab + 1);
    if (type !== "blob" || (mode !== "100644" && mode !== "100755")) continue;
    if (path.split("/").includes("node_modules")) continue;
    files.push({ path, oid, mode });
  }
  if (files.length === 0) throw notHeads();
  if (files.length > MAX_PACKAGE_FILES) throw refusal(name, `${pkg}, more than ${MAX_PACKAGE_FILES} files`);
  const blobs = gitSyncBuffer(["cat-file", "--batch"], {
    ...options,
    input: files.map((f) => f.oid).join("\n"),
  }).stdout;
  if (blobs.length > MAX_PACKAGE_BYTES) throw refusal(name, `${pkg}, more than ${MAX_PACKAGE_BYTES >> 20} MiB`);
  const scratch = fs.mkdtempSync(join(store, "tmp-"));
  try {
    const top = join(scratch, "node_modules", ...name.split("/"));
    let at = 0;
    for (const f of files) {
      const eol = blobs.indexOf(10, at);
      const [, type, size] = blobs.subarray(at, eol).toString("utf8").split(" ");
      if (type !== "blob" || size === undefined) throw notHeads();
      const bytes = blobs.subarray(eol + 1, eol + 1 + Number(size));
      at = eol + 1 + Number(size) + 1;
      writeFileSafe(join(top, f.path), bytes, {
        root: scratch,
        mode: f.mode === "100755" ? 0o700 : 0o600,
        durable: false,
        createParents: true,
      });
    }
    const modules = join(real, "node_modules");
    if (fs.statSync(modules, { throwIfNoEntry: false })?.isDirectory() === true)
      fs.symlinkSync(modules, join(top, "node_modules"));
    try {
      fs.renameSync(scratch, folder);
    } catch (error) {
      // Another hook made it first (the same ids: the same files); anything else there is not ours.
      if (fs.lstatSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true) throw error;
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return folder;
}

/**
 * The package names a module's text may import, require or extend: its strings shaped as one (a
 * guess: a name it misses costs a git process in the resolve hook).
 */
const NAMED = /["'`]((?:@[a-z0-9~-][\w.~-]*\/)?[a-z0-9~-][\w.~-]*(?:\/[^"'`\s]*)?)["'`]/g;
const MAX_NAMES = 32;

/**
 * HEAD's tree ids of the repository's package folders (workspace packages) that `text` (a copy's
 * module in `dir`) imports by name, read through `tree` (HEAD's folders, the hook's git process):
 * the resolve hook then needs no git process of its own for them while HEAD's copy is made.
 */
export async function packageTrees(
  text: string,
  dir: string,
  root: string,
  tree: (dir: string) => Promise<ReadonlyArray<{ mode: string; name: string; oid: string }> | undefined>,
): Promise<Map<string, string>> {
  const { realpathSync } = process.getBuiltinModule("node:fs");
  const trees = new Map<string, string>();
  const names = new Set<string>();
  for (const m of text.matchAll(NAMED)) {
    if (isBare(m[1] ?? "")) names.add(packageName(m[1] ?? ""));
    if (names.size >= MAX_NAMES) break;
  }
  if (names.size === 0) return trees;
  const top = realpathSync(root);
  for (const name of names) {
    const link = packageLink(dir, name);
    if (link === undefined) continue;
    const pkg = repoPath(top, realpathSync(link));
    if (pkg === undefined || pkg.split("/").includes("node_modules")) continue;
    const slash = pkg.lastIndexOf("/");
    const entry = (await tree(slash === -1 ? "" : pkg.slice(0, slash)))?.find(
      (e) => e.name === pkg.slice(slash + 1) && e.mode === "40000",
    );
    if (entry !== undefined) trees.set(pkg, entry.oid);
  }
  return trees;
}

/** The commit a hook judges: its repository, HEAD's commit id, git's environment and the paths it stages. */
export interface CommitUnderReview {
  root: string;
  rev: string | undefined;
  env: NodeJS.ProcessEnv | undefined;
  /** The staged paths; undefined: asked of git when needed (`git diff --cached`). */
  staged?: readonly string[];
}

/**
 * Guards HEAD's copy `file` of a module config (`text`), kept in `store`, before it loads: its
 * resolutions from now on (guardCopies), with HEAD's tree ids of the repository's packages its
 * text names read through `tree` first. On a Node without module hooks, throws when a link beside
 * the copy leads into the repository (linkedFolder).
 */
export async function guardCopy(
  store: string,
  file: string,
  text: string,
  tree: (dir: string) => Promise<ReadonlyArray<{ mode: string; name: string; oid: string }> | undefined>,
  commit: CommitUnderReview,
  secret: string,
): Promise<void> {
  let staged: ReadonlySet<string> | undefined = commit.staged === undefined ? undefined : new Set(commit.staged);
  const options = { cwd: commit.root, ...(commit.env === undefined ? {} : { env: commit.env }) };
  const stagedNow = () => {
    staged ??= new Set(
      gitSyncBuffer(["diff", "--cached", "--name-only", "--no-renames", "-z"], options)
        .stdout.toString("utf8")
        .split("\0")
        .filter((p) => p !== ""),
    );
    return staged;
  };
  const trees = await packageTrees(text, dirname(file), commit.root, tree);
  const guard = { root: commit.root, rev: commit.rev, env: commit.env, secret, staged: stagedNow, trees };
  if (guardCopies(store, guard)) return;
  const linked = linkedFolder(dirname(file), commit.root, stagedNow());
  if (linked !== undefined)
    throw new Error(
      `${linked} is a package of the working tree it may import by name, and this Node (${process.version}) cannot load it as HEAD holds it (Node >= 22.15 can)`,
    );
}

/**
 * On a Node without synchronous module hooks: the first link in the node_modules folders Node
 * looks a package name up in from `dir` (each folder up to the filesystem's root, their scopes)
 * whose target is a folder of the repository at `root` outside node_modules (a workspace
 * package, a `file:` or `link:` dependency), as a repository path; or a file under node_modules
 * the commit stages. Undefined when there is none: every package name then resolves to an
 * installed package or outside the repository.
 */
export function linkedFolder(dir: string, root: string, staged: ReadonlySet<string>): string | undefined {
  for (const path of staged) if (path.split("/").includes("node_modules")) return path;
  const fs = process.getBuiltinModule("node:fs");
  const top = fs.realpathSync(root);
  for (let d = dir; ; d = dirname(d)) {
    const modules = join(d, "node_modules");
    const entries = (folder: string) => {
      try {
        return fs.readdirSync(folder, { withFileTypes: true });
      } catch {
        return [];
      }
    };
    for (const e of entries(modules)) {
      const found = [e.name.startsWith("@") && e.isDirectory() ? entries(join(modules, e.name)) : [e]]
        .flat()
        .filter((x) => x.isSymbolicLink())
        .map((x) => join(x.parentPath, x.name))
        .find((link) => {
          try {
            const target = repoPath(top, fs.realpathSync(link));
            return target !== undefined && !target.split("/").includes("node_modules");
          } catch {
            return false;
          }
        });
      if (found !== undefined) return repoPath(top, found) ?? found;
    }
    if (dirname(d) === d) return undefined;
  }
}

/** A package name (not a path, URL, `#` import or Node builtin). */
export function isBare(specifier: string): boolean {
  return !/^(\.|\/|#|[a-z][a-z0-9+.-]*:)/i.test(specifier) && !nodeModule.isBuiltin(specifier);
}

/** "@scope/name/sub/path" → "@scope/name"; "name/sub" → "name". */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/**
 * Runs `load` (lint-staged's run in this process) with each module config it imports by a path of
 * `copies` (a working tree file's real path) answered by HEAD's copy of it (the copy's file, loaded
 * already: Node's module cache gives the same module, not evaluated again), and any other file
 * named as one of `names` in the repository at `root` (outside node_modules) refused, naming it:
 * lint-staged finds the configs itself (every folder's, each staged file judged by the nearest),
 * and loads none of the working tree's code. False without Node's synchronous module hooks (Node
 * >= 22.15): nothing ran.
 */
export async function withConfigsFromHead<T>(
  copies: ReadonlyMap<string, string>,
  names: readonly string[],
  root: string,
  load: () => Promise<T>,
): Promise<{ result: T } | false> {
  if (registerHooks === undefined) return false;
  const { realpathSync } = process.getBuiltinModule("node:fs");
  const top = realpathSync(root);
  const hooks = registerHooks({
    resolve(specifier, context, next) {
      if (!specifier.startsWith("file:")) return next(specifier, context);
      let file: string;
      try {
        file = realpathSync(fileURLToPath(specifier));
      } catch {
        return next(specifier, context);
      }
      const copy = copies.get(file);
      if (copy !== undefined) return next(pathToFileURL(copy).href, context);
      const path = repoPath(top, file);
      const name = file.slice(file.lastIndexOf(sep) + 1);
      if (path !== undefined && names.includes(name) && !path.split("/").includes("node_modules"))
        throw new Error(`${path} is a lint-staged config HEAD's were not read with: its tasks are not loaded`);
      return next(specifier, context);
    },
  });
  try {
    return { result: await load() };
  } finally {
    hooks.deregister();
  }
}
