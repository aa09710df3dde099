/**
 * A yes/don't-know check of data against a JSON Schema, for the common case of a valid policy:
 * loading and compiling ajv costs ~100 ms per run, while a valid config.yaml needs none of its
 * error reporting. It walks the schema itself (nothing here repeats the schema's content) and
 * answers true only when the data is certainly valid; anything it does not fully understand
 * (an unknown keyword, a non-primitive enum, Infinity) answers false, and the caller asks ajv,
 * which then also produces the error with its key path. So a true here implies ajv accepts.
 */

type Schema = Record<string, unknown> | boolean;

// Keywords that never affect validity.
const ANNOTATIONS = new Set([
  "$schema",
  "$id",
  "$comment",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

const KNOWN = new Set([
  "type",
  "properties",
  "additionalProperties",
  "propertyNames",
  "items",
  "const",
  "enum",
  "minLength",
  "minimum",
  "pattern",
  "uniqueItems",
  "required",
]);

const patterns = new Map<string, RegExp>();

export function certainlyValid(schema: Schema, data: unknown): boolean {
  if (schema === true) return true;
  if (schema === false || typeof schema !== "object" || schema === null || Array.isArray(schema)) return false;
  for (const key in schema) {
    if (!Object.hasOwn(schema, key) || ANNOTATIONS.has(key)) continue;
    if (!KNOWN.has(key) || !keywordHolds(key, schema[key], schema, data)) return false;
  }
  return true;
}

function keywordHolds(keyword: string, value: unknown, schema: Record<string, unknown>, data: unknown): boolean {
  switch (keyword) {
    case "type":
      return Array.isArray(value) ? value.some((t) => hasType(t, data)) : hasType(value, data);
    case "const":
      return isPrimitive(value) && data === value;
    case "enum":
      return Array.isArray(value) && value.every(isPrimitive) && value.includes(data);
    case "minLength":
      return typeof data !== "string" || (typeof value === "number" && codePoints(data) >= value);
    case "minimum":
      return typeof data !== "number" || (typeof value === "number" && Number.isFinite(data) && data >= value);
    case "pattern":
      return typeof data !== "string" || (typeof value === "string" && regex(value).test(data));
    case "required":
      return (
        !isObject(data) || (Array.isArray(value) && value.every((k) => typeof k === "string" && Object.hasOwn(data, k)))
      );
    case "uniqueItems":
      return !Array.isArray(data) || value !== true || (data.every(isPrimitive) && new Set(data).size === data.length);
    case "items":
      return !Array.isArray(data) || (isSchema(value) && data.every((item) => certainlyValid(value, item)));
    case "properties":
    case "additionalProperties":
    case "propertyNames":
      return !isObject(data) || objectHolds(keyword, value, schema, data);
    default:
      return false;
  }
}

function objectHolds(
  keyword: string,
  value: unknown,
  schema: Record<string, unknown>,
  data: Record<string, unknown>,
): boolean {
  if (!isSchema(value) && !(keyword === "properties" && isObject(value))) return false;
  const properties = isObject(schema.properties) ? schema.properties : {};
  if (keyword === "additionalProperties" && schema.patternProperties !== undefined) return false;
  for (const key of Object.keys(data)) {
    if (keyword === "propertyNames" && !certainlyValid(value as Schema, key)) return false;
    const declared = Object.hasOwn(properties, key);
    if (keyword === "properties" && declared && !certainlyValid(properties[key] as Schema, data[key])) return false;
    if (keyword === "additionalProperties" && !declared && !certainlyValid(value as Schema, data[key])) return false;
  }
  return true;
}

function hasType(type: unknown, data: unknown): boolean {
  switch (type) {
    case "object":
      return isObject(data);
    case "array":
      return Array.isArray(data);
    case "string":
      return typeof data === "string";
    case "boolean":
      return typeof data === "boolean";
    case "null":
      return data === null;
    case "integer":
      return Number.isInteger(data);
    case "number":
      return Number.isFinite(data);
    default:
      return false;
  }
}

function regex(source: string): RegExp {
  let re = patterns.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, "u"); // ajv's default (unicodeRegExp)
    } catch {
      re = /(?!)/; // never matches: ajv reports the schema problem
    }
    patterns.set(source, re);
  }
  return re;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== "object" && typeof value !== "function");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "boolean" || isObject(value);
}
