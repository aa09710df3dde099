import { isRecord, parseError } from "./errors.js";
import { parseFastYaml, yamlBreaks } from "./fast-yaml.js";

/**
 * Parses a YAML lockfile or config; errors become LOCKFILE_PARSE_FAILED at YAML's line. The fast
 * reader handles what package managers write; the `yaml` package (loaded only then) the rest.
 */
export async function parseYamlObject(file: string, text: string): Promise<Record<string, unknown>> {
  return parseFastYaml(text) ?? parseYamlTyped(file, text);
}

/**
 * The `yaml` package's reading of a mapping: numbers, booleans and nulls typed as a package
 * manager reads them (the fast reader leaves them as text), for config written back for one.
 */
export async function parseYamlTyped(file: string, text: string): Promise<Record<string, unknown>> {
  const { parse, YAMLParseError } = await import("yaml");
  let data: unknown;
  try {
    // Lockfiles hold no anchors; a low alias cap stops "billion laughs" input from hanging the parse.
    // logLevel "error": yaml would print its warnings itself (process.emitWarning), quoting the
    // source line, credentials and all, past every redaction.
    // merge: a plain `<<` key merges into its parent, as in pnpm's js-yaml (fast-yaml.ts declines it).
    data = parse(yamlBreaks(text), { maxAliasCount: 100, logLevel: "error", merge: true });
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
