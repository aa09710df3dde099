import { fileURLToPath } from "node:url";
import type { ErrorObject, ValidateFunction } from "ajv";
import { loadAjv2020 } from "./lazy.js";
import { maskSecret } from "./redact.js";
import { certainlyValid } from "./schema-quick.js";

// Not an ESM import of node:fs: its namespace's getters load fs/promises and streams (config.ts).
const { readFileSync } = process.getBuiltinModule("node:fs");

/** Absolute path of the policy's JSON Schema (also exported as `@rampart/core/config.schema.json`). */
export const CONFIG_SCHEMA_PATH = fileURLToPath(new URL("../schema/config.schema.json", import.meta.url));

let compiled: ValidateFunction | undefined;
let parsedSchema: Record<string, unknown> | undefined;

/** The policy schema, parsed. */
export function getConfigSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, "utf8")) as Record<string, unknown>;
}

function validator(): ValidateFunction {
  // verbose: errors carry their schema, to list the known keys. strict off and no logger: a keyword a tool adds to its section must not crash or print.
  compiled ??= new (loadAjv2020())({ allErrors: true, verbose: true, strict: false, logger: false }).compile(
    getConfigSchema(),
  );
  return compiled;
}

export interface SchemaProblem {
  /** Path to the offending value, e.g. ["hooks", "protectedBranches", 0]. */
  path: Array<string | number>;
  /** Dotted key path for the message, e.g. "hooks.protectedBranches[0]". */
  keyPath: string;
  /** Set when the problem is a key the schema does not know. */
  unknownKey?: string;
  /** e.g. "must be boolean". */
  message: string;
  hint: string;
}

/** The first problem (in document order of the schema's report), or undefined when valid. */
export function validateConfigData(data: unknown): SchemaProblem | undefined {
  // A valid policy (the usual case) is confirmed without loading ajv (~100 ms); ajv decides the rest.
  parsedSchema ??= getConfigSchema();
  if (certainlyValid(parsedSchema, data)) return undefined;
  const validate = validator();
  if (validate(data)) return undefined;
  const errors = validate.errors ?? [];
  // Unknown keys first: a misspelt key usually also explains a "missing" one.
  const first = errors.find((e) => e.keyword === "additionalProperties") ?? errors[0];
  if (!first) return undefined;
  const problem = describe(first);
  const others = errors.length - 1;
  if (others > 0) problem.hint += ` (${others} more ${others === 1 ? "problem" : "problems"} after this one)`;
  return problem;
}

function describe(error: ErrorObject): SchemaProblem {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (error.keyword === "additionalProperties") {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    const known = Object.keys(propertiesAt(error.parentSchema));
    return {
      path,
      keyPath: keyPath([...path, key]),
      unknownKey: key,
      message: "is not a known key",
      hint: known.length > 0 ? `known keys here: ${known.join(", ")}` : "this section takes no keys in this version",
    };
  }
  let hint = "see the schema in @rampart/core/config.schema.json";
  if (error.keyword === "enum")
    hint = `allowed: ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  if (error.keyword === "const")
    hint = `allowed: ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}`;
  return { path, keyPath: keyPath(path), message: error.message ?? "is invalid", hint };
}

function propertiesAt(schema: unknown): Record<string, unknown> {
  return ((schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}) as Record<
    string,
    unknown
  >;
}

function keyPath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? shownKey(part) : `.${shownKey(part)}`;
  }
  return out;
}

/**
 * A key the user wrote, as messages show it: it may be a pasted token (`<token>: x`, a rule id or
 * package name map's key), and redaction knows only some tokens' shapes, so a key with a long run
 * of token characters (24 or more; 12 or more with a digit or no lower-case letter) is masked.
 * The policy's own keys, rule ids and package names are words with separators and show whole.
 */
export function shownKey(key: string): string {
  for (const run of key.match(/[A-Za-z0-9_+=]+/g) ?? []) {
    if (run.length >= 24 || (run.length >= 12 && (/[0-9]/.test(run) || !/[a-z]/.test(run)))) return maskSecret(key);
  }
  return key;
}
