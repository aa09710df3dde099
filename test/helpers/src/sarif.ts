import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { repoRoot } from "./run-cli.js";

let compiled: ValidateFunction | undefined;

/**
 * Validates a parsed SARIF log against the SARIF 2.1.0 schema bundled in
 * packages/core/test/fixtures (see the README there for its source). The schema is draft-04;
 * renaming `id` to `$id` is all ajv (draft-07) needs, and one of its patterns is not valid with
 * the `u` flag, hence `unicodeRegExp: false`.
 */
export function validateSarif(log: unknown): { valid: boolean; errors: string[] } {
  if (compiled === undefined) {
    const file = `${repoRoot}/packages/core/test/fixtures/sarif-schema-2.1.0.json`;
    const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    compiled = ajv.compile(schema);
  }
  const valid = compiled(log);
  const errors = (compiled.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  return { valid, errors };
}
