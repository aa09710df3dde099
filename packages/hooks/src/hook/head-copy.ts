import { join, posix } from "node:path";

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
    for (const m of content.matchAll(RELATIVE)) {
      const name = m[1] ?? "";
      const target = posix.normalize(posix.join(posix.dirname(file), name));
      if (target === ".." || target.startsWith("../"))
        throw new Error(
          `${path} names ${name}${file === path ? "" : ` (in ${file})`}, outside the repository: HEAD's config is loaded with HEAD's files only`,
        );
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
