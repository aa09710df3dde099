import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { LOCKFILE_NAMES } from "@rampart/core/glob";
import type { Lockfile } from "../model.js";
import type { ParseInput } from "./context.js";
import { parseError } from "./errors.js";
import { recordAliases } from "./finalize.js";

// Through getBuiltinModule, not an ESM import: importing node:fs builds its namespace, whose
// `promises` and stream getters load fs/promises, readline and the stream modules (~5 ms of a run).
const { readFileSync, readdirSync } = process.getBuiltinModule("node:fs");

/** A package entry's line, for a message naming it (the SBOM's refusal of an entry). */
export { packageLine } from "./context.js";
/** Core's one list of lockfile names (re-exported: the parser picks its format by them). */
export { LOCKFILE_NAMES };

export interface ParseLockfileOptions {
  /** Path of the lockfile, relative to `cwd` or absolute; its file name picks the format. */
  path: string;
  /** The lockfile's text; read from disk when absent. */
  content?: string;
  cwd: string;
  /**
   * Reads a file relative to the lockfile's directory (package.json beside it, workspace
   * manifests); undefined when absent. Default: the file system. `lockfile diff` passes a git reader.
   */
  readSibling?: (relative: string) => Promise<string | undefined>;
  /** Lists subdirectories relative to the lockfile's directory (default: the file system). */
  listDir?: (relative: string) => Promise<string[] | undefined>;
  /**
   * Default true. False: a package-lock.json (any version) is read without the edges between packages
   * (the importers' are kept), which checkLockfile does not need: building them is most of what
   * reading a large lockfile costs beyond JSON.parse. The SBOM and `lockfile diff` keep them.
   */
  packageEdges?: boolean;
}

/** Detects the format from the file name and parses it into the model. Throws LOCKFILE_PARSE_FAILED. */
export async function parseLockfile(options: ParseLockfileOptions): Promise<Lockfile> {
  const absolute = isAbsolute(options.path) ? options.path : resolve(options.cwd, options.path);
  const text = options.content ?? (await readText(options.path, absolute));
  const dir = dirname(absolute);
  const input: ParseInput = {
    path: options.path,
    dir,
    text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
    readSibling: options.readSibling ?? ((relative) => readOptional(join(dir, relative))),
    listDir: options.listDir ?? ((relative) => listDirectories(join(dir, relative))),
    packageEdges: options.packageEdges !== false,
  };
  const lockfile = await parseByName(basename(options.path), input);
  // npm and yarn classic name aliases in their own keys; the others only through edges.
  if (lockfile.format === "pnpm" || lockfile.format === "yarn-berry") recordAliases(lockfile);
  return lockfile;
}

// Each format's parser loads on first use: a pre-commit hook checking one package-lock.json
// should not pay for compiling the pnpm and yarn readers.
async function parseByName(name: string, input: ParseInput): Promise<Lockfile> {
  if (name === "package-lock.json" || name === "npm-shrinkwrap.json") return (await import("./npm.js")).parseNpm(input);
  if (name === "pnpm-lock.yaml") return (await import("./pnpm.js")).parsePnpm(input);
  if (name === "yarn.lock") return (await import("./yarn.js")).parseYarn(input);
  throw parseError(input.path, `not a lockfile rampart knows (expected one of ${LOCKFILE_NAMES.join(", ")})`);
}

async function readText(display: string, absolute: string): Promise<string> {
  try {
    return readFileSync(absolute, "utf8"); // one read of a known size, where the async path reads in chunks
  } catch (error) {
    throw parseError(
      display,
      `cannot read the lockfile (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      undefined,
      error,
    );
  }
}

/** Synchronous underneath, like checkLockfile's reader: workspace manifests are many small files. */
async function readOptional(path: string): Promise<string | undefined> {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function listDirectories(path: string): Promise<string[] | undefined> {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return undefined;
  }
}
