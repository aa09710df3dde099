import type { ScalarTag, Tags } from "yaml";
import { isRecord, parseError } from "./errors.js";
import { parseFastYaml, yamlBreaks } from "./fast-yaml.js";

/**
 * The plain scalars the fast readers (fast-yaml.ts plain(), pnpm-yaml.ts) type: `true`/`false` and
 * `null`/`~` (and an empty value); every other plain scalar stays text, as pnpm 12 reads a
 * version (`version: 1e3` is evil@1e3; pnpm 10's js-yaml makes it 1000 and then fails at install).
 * YAML 1.2's core schema made numbers of 1e3, 0x10, 0o17, .inf and booleans of True/TRUE: a file
 * the fast readers decline (an anchor, a comment after a tab) named another package.
 */
function fastReaderScalarTags(tags: Tags): Tags {
  const typed = new Set(["null", "bool", "int", "float"].map((t) => `tag:yaml.org,2002:${t}`));
  const tag = (name: string, test: RegExp, resolve: (s: string) => unknown): ScalarTag => ({
    tag: `tag:yaml.org,2002:${name}`,
    default: true,
    test,
    resolve,
    identify: () => false, // reading only: never chosen to write a value
  });
  return [
    ...tags.filter((t) => typeof t === "string" || !typed.has(t.tag)),
    tag("null", /^(?:~|null)?$/, () => null),
    tag("bool", /^(?:true|false)$/, (s) => s === "true"),
  ];
}

/** Maps (mapAsMap) as objects keyed by String(key). */
function withStringKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withStringKeys);
  if (!(value instanceof Map)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of value) {
    // defineProperty: a `__proto__` key is an entry, as in yaml's own objects.
    Object.defineProperty(out, String(k), {
      value: withStringKeys(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Parses a YAML lockfile or config; errors become LOCKFILE_PARSE_FAILED at YAML's line. The fast
 * reader handles what package managers write; the `yaml` package (loaded only then) the rest.
 */
export async function parseYamlObject(file: string, text: string): Promise<Record<string, unknown>> {
  return parseFastYaml(text) ?? parseYamlTyped(file, text, true);
}

/**
 * The `yaml` package's reading of a mapping: numbers, booleans and nulls typed as a package
 * manager reads them (the fast reader leaves them as text), for config written back for one.
 */
export async function parseYamlTyped(
  file: string,
  text: string,
  pnpmScalars = false,
  /** "failsafe": every scalar text, as yarn's syml parser reads .yarnrc.yml. */
  schema?: "failsafe",
): Promise<Record<string, unknown>> {
  const { parse, YAMLParseError } = await import("yaml");
  let data: unknown;
  try {
    // Lockfiles hold no anchors; a low alias cap stops "billion laughs" input from hanging the parse.
    // logLevel "error": yaml would print its warnings itself (process.emitWarning), quoting the
    // source line, credentials and all, past every redaction.
    // merge: a plain `<<` key merges into its parent, as in pnpm's js-yaml (fast-yaml.ts declines it).
    // pnpmScalars: plain scalars typed as the fast readers type them (fastReaderScalarTags).
    data = parse(yamlBreaks(text), {
      maxAliasCount: 100,
      logLevel: "error",
      merge: true,
      // Keys as the fast readers keep them (`null:` is "null", where the yaml package's objects
      // say ""): read as Maps, turned into objects below.
      ...(pnpmScalars ? { customTags: fastReaderScalarTags, mapAsMap: true } : {}),
      ...(schema === undefined ? {} : { schema }),
    });
    if (pnpmScalars) data = withStringKeys(data);
  } catch (error) {
    // A RangeError (nesting deeper than the stack) is bad input like any other.
    const line = error instanceof YAMLParseError ? error.linePos?.[0]?.line : undefined;
    const message = (error as Error).message.split("\n")[0] ?? "";
    throw parseError(file, `not valid YAML (${message.slice(0, 120)})`, line, error);
  }
  if (data === null || data === undefined) return {};
  if (!isRecord(data)) throw parseError(file, "expected a YAML mapping at the top level", 1);
  return data;
}
