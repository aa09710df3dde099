import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import type { RampartConfig } from "@rampart/core";
import { digestOf, readCache, writeCache } from "./cache.js";

// The policy as core's one reader returns it, remembered per policy text: parsing loads the YAML
// library and validating compiles the schema, which together cost more than the rest of a
// pre-commit. The key is a digest of the policy text, the schema and the reader's own code
// (core's dist/config.js and its validators) and version, so an edited policy, and a rampart upgrade, are misses that go through
// parseConfig again; a policy that does not parse throws there and is never remembered. A hit is
// returned as a fresh copy (callers may not share objects between the working tree's and HEAD's).

const FILE = "policy-cache.json";
/** How many policies the cache keeps (the working tree's, HEAD's, a remote side's...). */
const ENTRIES = 8;

type Entry = [digest: string, config: RampartConfig];
let readerDigest: string | undefined;

/** The inputs besides the text: the schema and the reader's code (read once per process). */
function readerKey(): string {
  if (readerDigest !== undefined) return readerDigest;
  const read = (specifier: string, relative?: string): string => {
    try {
      const url = new URL(relative ?? ".", import.meta.resolve(specifier));
      return readFileSync(url, "utf8");
    } catch {
      return "";
    }
  };
  readerDigest = digestOf([
    read("@rampart/core/config.schema.json", "config.schema.json"),
    read("@rampart/core", "config.js"),
    read("@rampart/core", "config-schema.js"),
    read("@rampart/core", "schema-quick.js"),
    read("@rampart/core/package.json", "package.json"),
  ]);
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
 * Policy text parsed and validated by core's `parseConfig` (CONFIG_INVALID naming `file` when it
 * does not parse), or the copy remembered for exactly this text, schema and reader.
 */
export function validatedPolicy(
  text: string,
  file: string,
  commonDir: string,
  core: Pick<typeof import("@rampart/core"), "parseConfig">,
): RampartConfig {
  const digest = digestOf([readerKey(), text]);
  const known = entries(commonDir);
  const hit = known.find(([d]) => d === digest);
  if (hit) return structuredClone(hit[1]);
  const config = core.parseConfig(text, file);
  // Only what JSON gives back unchanged is kept (a YAML .inf or a Date would not be).
  const json = JSON.stringify(config);
  if (isDeepStrictEqual(JSON.parse(json), config)) {
    const kept = known.filter(([d]) => d !== digest).slice(0, ENTRIES - 1);
    writeCache(commonDir, FILE, JSON.stringify([[digest, config], ...kept]));
  }
  return config;
}
