import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";
import { loadAjv2020 } from "../lazy.js";

// Through getBuiltinModule: an ESM import of node:fs builds its export wrapper, ~3 ms of CPU at every start.
const { readFileSync } = process.getBuiltinModule("node:fs");

/**
 * Absolute path of the JSON Schema of `--format json` output (`@rampart/core/report.schema.json`).
 * A function, not a constant: resolving the module's own URL at load time cost every command that
 * prints a report ~2.5 ms at start (in the CLI bundle it resolves the package's location).
 */
export function reportSchemaPath(): string {
  return fileURLToPath(new URL("../../schema/report.schema.json", import.meta.url));
}

let compiled: ValidateFunction | undefined;

/**
 * Checks a parsed `--format json` document against the published schema: for consumers that want
 * to fail loudly on a shape they do not expect, and for rampart's own tests of every command.
 */
export function validateJsonReport(value: unknown): { valid: boolean; errors: string[] } {
  compiled ??= new (loadAjv2020())({ allErrors: true, strict: false, logger: false }).compile(
    JSON.parse(readFileSync(reportSchemaPath(), "utf8")) as object,
  );
  const valid = compiled(value);
  const errors = (compiled.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  return { valid, errors };
}
