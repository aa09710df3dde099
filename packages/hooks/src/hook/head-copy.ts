import { join, posix } from "node:path";
import type { TreeEntry } from "@rampart/core/git";

// HEAD's config of a tool (commitlint, lint-staged) is loaded from a copy, never from the working
// tree, whose files are the commit's under review: a copy of the config alone cannot load a
// config that names files of its own (`extends: ["./base.js"]`, `import rules from "./rules.mjs"`,
// a relative parser preset or plugin). Those are copied too, as HEAD holds them, at the same
// repository paths inside the copy's folder, so that every relative path resolves to HEAD's file
// or to nothing (the load then fails, naming the config): never to the working tree's.

/**
 * Every "./x" or "../x" a text names, wherever (imports, requires, `extends`, presets, plugins,
 * JSON and YAML values): a name that is no file at HEAD is not copied, and costs one read.
 */
const RELATIVE = /(?<![\w$./@-])(\.\.?\/[^\s"'`,;()[\]{}]*[^\s"'`,;()[\]{}.])/g;
/** How Node and commitlint find a relative name without its extension (CommonJS, commitlint's resolve). */
const SUFFIXES = ["", ".js", ".mjs", ".cjs", ".json", "/index.js", "/index.mjs", "/index.cjs", "/index.json"];
/** Files one config may bring with it; more is not a config. */
const MAX_FILES = 64;

/**
 * HEAD's config (`path`, repository-relative, and its `text`) and the files it names by relative
 * paths as `read` (HEAD) holds them, and the files those name, in turn, by repository path (the
 * config first). Throws, naming the config and the path, when a relative path leaves the
 * repository: a copy could not hold it, and loading it from the copy's place would reach files
 * that are not HEAD's.
 */
export async function headFiles(
  path: string,
  text: string,
  read: (path: string) => Promise<string | undefined>,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const queue: Array<[string, string]> = [[path, text]];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const [file, content] = next;
    if (files.has(file)) continue;
    if (files.size >= MAX_FILES) throw new Error(`${path} brings more than ${MAX_FILES} files of its own`);
    files.set(file, content);
    let comments: Array<[number, number]> | undefined;
    for (const m of content.matchAll(RELATIVE)) {
      const name = m[1] ?? "";
      const target = posix.normalize(posix.join(posix.dirname(file), name));
      // A path in a comment names nothing the config loads.
      if (target === ".." || target.startsWith("../")) {
        comments ??= commentRanges(file, content);
        if (comments.some(([from, to]) => m.index >= from && m.index < to)) continue;
        throw new Error(
          `${path} names ${name}${file === path ? "" : ` (in ${file})`}, outside the repository: HEAD's config is loaded with HEAD's files only`,
        );
      }
      for (const suffix of SUFFIXES) {
        const candidate = `${target}${suffix}`;
        if (files.has(candidate)) break;
        const found = await read(candidate);
        if (found !== undefined) {
          queue.push([candidate, found]);
          break;
        }
      }
    }
  }
  return files;
}

/**
 * Where a file's comments are ([start, end) offsets): JavaScript's and TypeScript's `//` and
 * `/* *\/` outside strings and template literals, YAML's `#` outside quotes; none in JSON.
 */
export function commentRanges(path: string, text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const js = isModuleConfig(path);
  const yaml = /\.ya?ml$|(?:^|\/)\.[\w-]*rc$/.test(path);
  if (!js && !yaml) return ranges;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === "\\" && quote !== "'yaml") i++;
      else if (c === quote[0]) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || (js && c === "`")) quote = yaml && c === "'" ? "'yaml" : c;
    else if (js && c === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      ranges.push([i, end === -1 ? text.length : end]);
      i = end === -1 ? text.length : end;
    } else if (js && c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      ranges.push([i, end === -1 ? text.length : end + 2]);
      i = end === -1 ? text.length : end + 1;
    } else if (yaml && c === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) {
      const end = text.indexOf("\n", i);
      ranges.push([i, end === -1 ? text.length : end]);
      i = end === -1 ? text.length : end;
    }
  }
  return ranges;
}

/** Whether the working tree at `root` holds each of `files` but the first (the config) as HEAD does. */
export function sameFilesBeside(root: string, files: ReadonlyMap<string, string>): boolean {
  const { readFileSync } = process.getBuiltinModule("node:fs");
  return [...files].slice(1).every(([path, text]) => {
    try {
      return readFileSync(join(root, path), "utf8") === text;
    } catch {
      return false;
    }
  });
}

/** A config file that is code (JavaScript or TypeScript): it may read any file, by any path it builds. */
export const isModuleConfig = (name: string): boolean => /\.(?:[cm]?js|[cm]?ts)$/.test(name);

/** How HEAD's objects are read for a copy: a folder's tree entries ("" the root), a blob by id. */
export interface HeadObjects {
  tree(dir: string): Promise<readonly TreeEntry[] | undefined>;
  blob(oid: string): Promise<Buffer | undefined>;
}

/** Siblings larger than this are left out of a copy (a lockfile beside the config): reading one fails there. */
const MAX_SIBLING_BYTES = 1 << 20;
const COPY_VERSION = 1;
/** Copies not used for this long are removed when another is made. */
const STALE_MS = 24 * 3600 * 1000;

/**
 * HEAD's copy of a module config (a folder built from HEAD's tree): the config's folder's files as
 * HEAD holds them (not its subfolders; with `siblingsOf` "named", only those whose names the
 * config or a file it brings spells out), every package.json from that folder up to the
 * repository's root with the files their "imports" and "exports" name by relative paths (`#x`
 * specifiers, a package importing itself by name), and the files the config names by relative
 * paths (headFiles), each at its repository path. A path the config builds
 * (a sibling joined to the module's own folder), a `#x` import, a self-import, or (with the
 * process's working directory at the copy's folder while it loads) a read relative to the working
 * directory lands on HEAD's bytes, or on nothing (the load fails: the hook refuses, naming it),
 * never on the working tree's. Node's package lookup stops at node_modules, so the working
 * tree's package.json is never the copy's. Bare names resolve to the installed packages, as for
 * the working tree's config (third-party code is the installed one); a package of the repository
 * itself (a workspace package, linked into node_modules) is HEAD's (head-resolve.ts).
 *
 * The copy is kept in `cache` (`<pkgDir>/node_modules/.cache/...`) under a name made of the ids
 * of what it holds, and reused while HEAD's files are those (no copy, no blob read on a commit
 * that changes none of them); written into a scratch folder and renamed into place, never changed
 * after (two hooks at once never see a half-made copy). Returns the config's copy (absolute).
 *
 * That folder is in the working tree, where a commit can put files (`git add -f`): the name is
 * also made of a secret of this clone kept in git's common dir (copySecret), which no commit can
 * write, so no commit can name a folder the hook would take for HEAD's copy; and only a real
 * folder is taken (a symlink of that name is never followed).
 */
export async function cachedHeadCopy(
  cache: string,
  modules: string,
  config: { path: string; text: string },
  read: (path: string) => Promise<string | undefined>,
  objects: HeadObjects,
  commonDir: string,
  siblingsOf: "all" | "named" = "all",
): Promise<string> {
  const fs = process.getBuiltinModule("node:fs");
  const { createHash } = process.getBuiltinModule("node:crypto");
  const { mkdirSafe, writeFileSafe } = await import("@rampart/core/fs");
  const dir = posix.dirname(config.path) === "." ? "" : posix.dirname(config.path);
  // The package.json files a module's package scope may be (the config's folder up to the root).
  const manifests: string[] = [];
  for (let d = dir; ; d = posix.dirname(d) === "." ? "" : posix.dirname(d)) {
    manifests.push(d === "" ? "package.json" : `${d}/package.json`);
    if (d === "") break;
  }
  const named = await headFiles(config.path, config.text, read);
  for (const manifest of manifests) {
    const text = await read(manifest);
    if (text === undefined) continue;
    named.set(manifest, text);
    for (const target of manifestTargets(text)) {
      const path = posix.normalize(posix.join(posix.dirname(manifest), target));
      if (path === ".." || path.startsWith("../") || named.has(path)) continue;
      const found = await read(path);
      if (found === undefined) continue;
      named.set(path, found);
      // The files it names too, when they are few and inside (a library's entry may bring its whole source).
      const more = await headFiles(path, found, read).catch(() => new Map<string, string>());
      for (const [p, t] of more) named.set(p, t);
    }
  }
  named.set(config.path, config.text); // last: a stripped TypeScript config's copy wins over a sibling of its name
  // "named": only the files whose names the config or a file it brings spells out (a path it
  // joins to its folder names them): its folder's other files need not be read on every change.
  const texts = siblingsOf === "named" ? [...named.values()] : [];
  const siblings = ((await objects.tree(dir)) ?? []).filter(
    (e) =>
      (e.mode === "100644" || e.mode === "100755") &&
      !named.has(dir === "" ? e.name : `${dir}/${e.name}`) &&
      (siblingsOf === "all" || texts.some((t) => t.includes(e.name))),
  );
  const hash = createHash("sha256").update(
    `${COPY_VERSION}\0${await copySecret(commonDir)}\0${siblingsOf}\0${config.path}\0`,
  );
  for (const [path, text] of named) hash.update(`${path}\0${createHash("sha256").update(text).digest("hex")}\0`);
  for (const e of siblings) hash.update(`${e.name}\0${e.oid}\0`);
  const key = hash.digest("hex").slice(0, 32);
  mkdirSafe(cache, { root: modules, name: posix.relative(posix.dirname(modules), cache) });
  const folder = join(cache, key);
  const file = join(folder, config.path);
  try {
    if (fs.lstatSync(folder).isDirectory()) {
      const now = new Date();
      fs.utimesSync(folder, now, now); // in use: not removed as stale
      return file;
    }
  } catch {
    // not made yet
  }
  const scratch = fs.mkdtempSync(join(cache, "tmp-"));
  try {
    const write = (path: string, content: string | Buffer) =>
      writeFileSafe(join(scratch, path), content, { root: scratch, mode: 0o600, durable: false, createParents: true });
    for (const e of siblings) {
      const bytes = await objects.blob(e.oid);
      if (bytes !== undefined && bytes.length <= MAX_SIBLING_BYTES)
        write(dir === "" ? e.name : `${dir}/${e.name}`, bytes);
    }
    for (const [path, text] of named) write(path, text);
    try {
      fs.renameSync(scratch, folder);
    } catch (error) {
      // Another hook made it first (the same ids: the same files); anything else there is not ours.
      if (fs.lstatSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true) throw error;
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  pruneStale(cache, key);
  return file;
}

/**
 * This clone's secret for the copies' names (`<commonDir>/rampart/head-copy-secret`, made on first
 * use): a commit can put files in the working tree, never in git's dir. When it cannot be kept (a
 * read-only git dir), a new one each run: every copy is then made afresh.
 */
export async function copySecret(commonDir: string): Promise<string> {
  const { readCache, writeCache } = await import("@rampart/core/fs");
  const kept = readCache(commonDir, SECRET_FILE);
  if (kept !== undefined && /^[0-9a-f]{64}$/.test(kept)) return kept;
  const secret = process.getBuiltinModule("node:crypto").randomBytes(32).toString("hex");
  writeCache(commonDir, SECRET_FILE, secret);
  return secret;
}

const SECRET_FILE = "head-copy-secret";

/** The relative file paths a package.json's "imports" and "exports" name (no patterns). */
function manifestTargets(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") {
      if (v.startsWith("./") && !v.includes("*")) out.push(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
  };
  if (typeof value === "object" && value !== null) {
    const m = value as Record<string, unknown>;
    walk(m.imports);
    walk(m.exports);
  }
  return out.slice(0, 64);
}

/** Removes the copies in `cache` (but `keep`) not used for a day, and scratch folders a killed hook left. */
function pruneStale(cache: string, keep: string): void {
  const fs = process.getBuiltinModule("node:fs");
  const old = Date.now() - STALE_MS;
  try {
    for (const name of fs.readdirSync(cache)) {
      if (name === keep) continue;
      const path = join(cache, name);
      try {
        const st = fs.lstatSync(path);
        if (st.isDirectory() && st.mtimeMs < old) fs.rmSync(path, { recursive: true, force: true });
      } catch {
        // gone already
      }
    }
  } catch {
    // an unreadable cache folder only costs space
  }
}

/**
 * Runs `load` with the process's working directory at `dir` (HEAD's copy of the config's folder),
 * so that a read relative to it lands on HEAD's files; put back after.
 */
export async function inFolder<T>(dir: string, load: () => Promise<T>): Promise<T> {
  const back = process.cwd();
  process.chdir(dir);
  try {
    return await load();
  } finally {
    process.chdir(back);
  }
}

/**
 * Writes HEAD's config and the files it names (headFiles) into `folder` at their repository
 * paths; returns the config's copy (absolute).
 */
export async function copyFromHead(
  folder: string,
  path: string,
  text: string,
  read: (path: string) => Promise<string | undefined>,
): Promise<string> {
  const { writeFileSafe } = await import("@rampart/core/fs");
  for (const [file, content] of await headFiles(path, text, read))
    writeFileSafe(join(folder, file), content, { root: folder, mode: 0o600, durable: false, createParents: true });
  return join(folder, path);
}
