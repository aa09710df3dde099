import { createRequire } from "node:module";
import { basename, dirname, extname, join, parse as parsePath } from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIG_SCHEMA_PATH } from "./config-schema.js";
import type { RampartConfig } from "./config-types.js";
import { digestOf, readCache, writeCache } from "./git-cache.js";

// Through getBuiltinModule: an ESM import of node:util builds its namespace, whose getters load
// worker_threads, the diff and colour helpers (~5M instructions on every command reading a policy);
// node:fs's load fs/promises and streams.
const { existsSync, readFileSync, realpathSync, statSync } = process.getBuiltinModule("node:fs");
const { isDeepStrictEqual } = process.getBuiltinModule("node:util");

// The policy as the one reader (parseConfig) returns it, remembered per policy text in git's
// common dir: parsing loads the YAML library and validating may compile the schema, which cost
// more than most commands' own work. The key is a digest of the policy text and of everything
// that decides what the reader makes of it: the schema, the reader's own code (config.js and its
// validators), rampart's version, and the installed yaml and ajv packages (their package.json,
// version included). An edited policy, a rampart upgrade or a new yaml or ajv is a miss that goes
// through parseConfig again; a policy that does not parse throws there and is never remembered.
// An entry that is not [digest, mapping] is ignored. A hit is returned as a fresh copy.

const FILE = "policy-cache.json";
/** How many policies the cache keeps (the working tree's, HEAD's, a remote side's...). */
const ENTRIES = 8;

type Entry = [digest: string, config: RampartConfig];
let readerDigest: string | null | undefined;

/**
 * The files whose content decides what parseConfig returns, beside the policy text. Exported for
 * the test that pins them.
 */
export function policyReaderInputs(): string[] {
  const require = createRequire(import.meta.url);
  const self = fileURLToPath(import.meta.url);
  // The reader's modules as they run (dist/*.js, or src/*.ts under the tests).
  const code = (name: string) => join(dirname(self), `${name}${extname(self)}`);
  return [
    CONFIG_SCHEMA_PATH,
    code("config"),
    code("config-schema"),
    code("schema-quick"),
    code("lazy"),
    join(dirname(self), "../package.json"),
    require.resolve("yaml/package.json"),
    require.resolve("ajv/package.json"),
  ];
}

/**
 * A reader key worked out ahead of time (the hooks' startup snapshot, when its blob is built),
 * with what it holds on: each input's [path, size, mtimeMs, ctimeMs, ino, sha256] as read then, and how module
 * resolution found yaml and ajv (the folders it looked in first, which must still hold no such
 * package, and the link it found, which must still lead to the same file). Resolving and
 * reading and hashing the inputs cost ~11M instructions of every hook start; checking this
 * record, a few stats.
 */
export interface ReaderKeyRecord {
  digest: string;
  files: Array<[path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, sha256: string]>;
  /** Package folders resolution tried before the one it found: each must still be absent. */
  absent: string[];
  /** [package.json where resolution found it, its real path]. */
  links: Array<[found: string, real: string]>;
}

let preset: ReaderKeyRecord | undefined;

function sha256(data: Buffer): string {
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(data).digest("hex");
}

/**
 * Where `require.resolve(`${name}/package.json`)` from `dir` looks, in order (node_modules
 * folders from `dir` up, as Node's lookup paths), up to the folder it found: the folders before
 * it (all absent) and its package.json; undefined when the lookup is not that plain (a folder of
 * that name without a package.json on the way, or another file found).
 */
function lookup(dir: string, name: string, found: string): { absent: string[]; link: string } | undefined {
  const absent: string[] = [];
  const { root } = parsePath(dir);
  for (let d = dir; ; d = dirname(d)) {
    if (basename(d) !== "node_modules") {
      const folder = join(d, "node_modules", name);
      const pkg = join(folder, "package.json");
      if (existsSync(pkg)) return realpathSync(pkg) === found ? { absent, link: pkg } : undefined;
      if (existsSync(folder)) return undefined;
      absent.push(folder);
    }
    if (d === root) return undefined;
  }
}

/**
 * The reader key with its record (ReaderKeyRecord), as this process would work it out; undefined
 * when an input cannot be read or resolution is not plain (the key is then worked out at run time).
 */
export function recordReaderKey(): ReaderKeyRecord | undefined {
  try {
    const inputs = policyReaderInputs();
    // Stat first, then read: a write in between changes the stat recorded, never the other way.
    const files: ReaderKeyRecord["files"] = [];
    const contents: Buffer[] = [];
    for (const path of inputs) {
      const st = statSync(path);
      const content = readFileSync(path);
      contents.push(content);
      files.push([path, st.size, st.mtimeMs, st.ctimeMs, st.ino, sha256(content)]);
    }
    const digest = digestOf(contents);
    const from = dirname(fileURLToPath(import.meta.url));
    const absent: string[] = [];
    const links: Array<[string, string]> = [];
    for (const [name, found] of [
      ["yaml", inputs[6]],
      ["ajv", inputs[7]],
    ] as const) {
      const seen = found === undefined ? undefined : lookup(from, name, found);
      if (seen === undefined || found === undefined) return undefined;
      absent.push(...seen.absent);
      links.push([seen.link, found]);
    }
    return { digest, files, absent, links };
  } catch {
    return undefined;
  }
}

/** Whether the record still describes the reader's inputs (any doubt: no). */
function holds(record: ReaderKeyRecord): boolean {
  try {
    // A write always moves the ctime (an edit in place that keeps the size and puts the mtime
    // back), a file put in its place has another inode: then its content decides, as when the key
    // is worked out from the files. So does a ctime moved with nothing written: a package manager's
    // store links each file into every project that installs it (pnpm: yaml's and ajv's
    // package.json, rampart's own files), and a new link moves the ctime of all of them, after
    // which every hook worked the key out again (~11M instructions) until the blob was rebuilt.
    for (const [path, size, mtimeMs, ctimeMs, ino, digest] of record.files) {
      const st = statSync(path);
      if (st.size === size && st.mtimeMs === mtimeMs && st.ctimeMs === ctimeMs && st.ino === ino) continue;
      if (typeof digest !== "string" || sha256(readFileSync(path)) !== digest) return false;
    }
    for (const folder of record.absent) if (existsSync(folder)) return false;
    for (const [found, real] of record.links) if (realpathSync(found) !== real) return false;
    return true;
  } catch {
    return false;
  }
}

/**
 * The reader key this process uses when the record still holds when it is first asked for (the
 * hooks' snapshot entry, while its blob is built); else it is worked out as usual.
 */
export function useReaderKeyRecord(record: ReaderKeyRecord | undefined): void {
  preset = record;
  readerDigest = undefined;
}

/** The digest of the reader's inputs, read once per process; null when one cannot be read (no caching). */
function readerKey(): string | null {
  if (readerDigest !== undefined) return readerDigest;
  const record = preset;
  preset = undefined;
  if (record !== undefined && holds(record)) {
    readerDigest = record.digest;
    return readerDigest;
  }
  try {
    readerDigest = digestOf(policyReaderInputs().map((path) => readFileSync(path)));
  } catch {
    readerDigest = null; // a reader we cannot identify is never answered from a cache
  }
  return readerDigest;
}

function entries(commonDir: string): Entry[] {
  const text = readCache(commonDir, FILE);
  if (text === undefined) return [];
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value)
      ? value.filter(
          (e): e is Entry =>
            Array.isArray(e) &&
            typeof e[0] === "string" &&
            typeof e[1] === "object" &&
            e[1] !== null &&
            !Array.isArray(e[1]),
        )
      : [];
  } catch {
    return [];
  }
}

/**
 * What `parse` (config.ts's parseConfig of `text`) returns, or the copy remembered in
 * `commonDir`/rampart/policy-cache.json for exactly this text and reader.
 */
export function rememberedPolicy(text: string, commonDir: string, parse: () => RampartConfig): RampartConfig {
  const reader = readerKey();
  if (reader === null) return parse();
  const digest = digestOf([reader, text]);
  const known = entries(commonDir);
  const hit = known.find(([d]) => d === digest);
  if (hit) return structuredClone(hit[1]);
  const config = parse();
  // Only what JSON gives back unchanged is kept (a YAML .inf or a Date would not be).
  const json = JSON.stringify(config);
  if (isDeepStrictEqual(JSON.parse(json), config)) {
    const kept = known.filter(([d]) => d !== digest).slice(0, ENTRIES - 1);
    writeCache(commonDir, FILE, JSON.stringify([[digest, config], ...kept]));
  }
  return config;
}
