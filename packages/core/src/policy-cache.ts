import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIG_SCHEMA_PATH } from "./config-schema.js";
import type { RampartConfig } from "./config-types.js";
import { digestOf, readCache, writeCache } from "./git-cache.js";

// Through getBuiltinModule: an ESM import of node:util builds its namespace, whose getters load
// worker_threads, the diff and colour helpers (~5M instructions on every command reading a policy);
// node:fs's load fs/promises and streams.
const { readFileSync } = process.getBuiltinModule("node:fs");
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

/** The digest of the reader's inputs, read once per process; null when one cannot be read (no caching). */
function readerKey(): string | null {
  if (readerDigest !== undefined) return readerDigest;
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
