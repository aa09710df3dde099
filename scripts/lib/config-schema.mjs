// From the one source of the policy, packages/core/schema/config.schema.json: the TypeScript types
// (packages/core/src/config-types.ts) and the README's policy reference. scripts/gen-config.mjs
// writes both; test/scripts/config-schema.test.ts renders them again and fails on drift.
// It understands the subset of JSON Schema the policy uses and throws on anything else, so a new
// keyword is a decision, not a silent `unknown`.

export const SCHEMA_FILE = "packages/core/schema/config.schema.json";
export const TYPES_FILE = "packages/core/src/config-types.ts";
export const README_FILE = "README.md";
export const GENERATOR = "scripts/gen-config.mjs";
export const COMMAND = `node ${GENERATOR}`;

/** Type names of the top-level sections. */
const SECTION_TYPE = (key) => `${key[0].toUpperCase()}${key.slice(1)}Policy`;

const ANNOTATIONS = new Set(["$schema", "$id", "title", "description", "default", "examples", "$comment"]);
const UNDERSTOOD = new Set([
  ...ANNOTATIONS,
  "type",
  "properties",
  "additionalProperties",
  "propertyNames",
  "items",
  "required",
  "enum",
  "const",
  "minLength",
  "minimum",
  "pattern",
  "uniqueItems",
]);

function assertUnderstood(schema, where) {
  for (const key of Object.keys(schema)) {
    if (!UNDERSTOOD.has(key))
      throw new Error(`${SCHEMA_FILE}: ${where || "(root)"} uses "${key}", which ${COMMAND} does not translate yet`);
  }
}

const ident = (key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));

function doc(description, indent) {
  if (!description) return "";
  const text = description.replaceAll("*/", "*\\/");
  return `${indent}/** ${text} */\n`;
}

/** The TypeScript type of a schema (inline, for everything but the named sections). */
function tsType(schema, where, indent) {
  assertUnderstood(schema, where);
  if ("const" in schema) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  switch (schema.type) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return `${wrap(tsType(schema.items ?? {}, `${where}[]`, indent))}[]`;
    case "object":
    case undefined:
      if (schema.type === undefined && !schema.properties && schema.additionalProperties === undefined) {
        throw new Error(`${SCHEMA_FILE}: ${where} has no type`);
      }
      return objectType(schema, where, indent);
    default:
      throw new Error(`${SCHEMA_FILE}: ${where} has type ${JSON.stringify(schema.type)}`);
  }
}

const wrap = (t) => (!t.startsWith("{") && t.includes("|") ? `(${t})` : t);

function objectType(schema, where, indent) {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const lines = Object.entries(props).map(
    ([key, sub]) =>
      `${doc(sub.description, inner)}${inner}${ident(key)}${required.has(key) ? "" : "?"}: ${tsType(sub, where ? `${where}.${key}` : key, inner)};`,
  );
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false) {
    if (Object.keys(props).length > 0)
      throw new Error(`${SCHEMA_FILE}: ${where} mixes properties and additionalProperties`);
    lines.push(`${inner}[key: string]: ${extra === true ? "unknown" : tsType(extra, `${where}.*`, inner)};`);
  }
  if (lines.length === 0) return "Record<string, never>";
  return `{\n${lines.join("\n")}\n${indent}}`;
}

/** packages/core/src/config-types.ts for the schema. */
export function renderTypes(schema) {
  assertUnderstood(schema, "");
  const out = [
    `// Generated from ${SCHEMA_FILE} by ${COMMAND}; do not edit.`,
    "// test/scripts/config-schema.test.ts fails when this file and the schema drift.",
    "",
  ];
  const sections = [];
  const top = [];
  for (const [key, sub] of Object.entries(schema.properties)) {
    if (sub.type === "object") {
      const name = SECTION_TYPE(key);
      sections.push(key);
      out.push(`${doc(sub.description, "")}export type ${name} = ${objectType(sub, key, "")};`, "");
      top.push(`${doc(sub.description, "  ")}  ${ident(key)}?: ${name};`);
    } else {
      top.push(`${doc(sub.description, "  ")}  ${ident(key)}?: ${tsType(sub, key, "  ")};`);
    }
  }
  out.push(`${doc(schema.description, "")}export interface RampartPolicyFile {\n${top.join("\n")}\n}`, "");
  out.push(
    "/** The policy as loaded: every section present (empty when the file has none). */",
    "export type RampartConfig = RampartPolicyFile & {",
    "  version: 1;",
    ...sections.map((s) => `  ${ident(s)}: ${SECTION_TYPE(s)};`),
    "};",
    "",
  );
  return out.join("\n");
}

/** The README's policy reference: one table per section (key, type, meaning). */
export function renderReference(schema) {
  const out = [
    `Generated from \`${SCHEMA_FILE}\` (the one source of the policy's types and validation) by \`${COMMAND}\`.`,
    "",
  ];
  const top = Object.entries(schema.properties).filter(([, s]) => s.type !== "object");
  out.push(table(top.map(([key, s]) => [`\`${key}\``, typeText(s), s.description ?? ""])), "");
  for (const [key, sub] of Object.entries(schema.properties)) {
    if (sub.type !== "object") continue;
    out.push(`#### \`${key}\``, "", sub.description ?? "", "");
    const rows = [];
    walk(sub, key, rows);
    out.push(table(rows), "");
  }
  return out.join("\n").trimEnd();
}

function walk(schema, path, rows) {
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const at = `${path}.${key}`;
    const required = (schema.required ?? []).includes(key) ? "(required)" : "";
    const meaning = (description) => [description, required].filter(Boolean).join(" ");
    if (sub.type === "object" && sub.properties && !isSeverityMap(sub)) {
      rows.push([`\`${at}\``, "object", meaning(sub.description)]);
      walk(sub, at, rows);
    } else if (sub.type === "array" && sub.items?.type === "object" && sub.items.properties) {
      rows.push([`\`${at}\``, "list of objects", meaning(sub.description)]);
      walk(sub.items, `${at}[]`, rows);
    } else {
      rows.push([`\`${at}\``, typeText(sub), meaning(sub.description)]);
    }
  }
}

/** An object whose properties are all the same enum (audit id -> severity): one row, keys listed. */
function isSeverityMap(schema) {
  const values = Object.values(schema.properties ?? {});
  return values.length > 3 && values.every((v) => v.enum && JSON.stringify(v.enum) === JSON.stringify(values[0].enum));
}

function typeText(schema) {
  if ("const" in schema) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${v}\``).join(", ");
  if (isSeverityMap(schema)) {
    const keys = Object.keys(schema.properties);
    return `map of ${keys.map((k) => `\`${k}\``).join(", ")} to ${typeText(Object.values(schema.properties)[0])}`;
  }
  switch (schema.type) {
    case "array":
      return `list of ${typeText(schema.items ?? {})}${schema.uniqueItems ? " (unique)" : ""}`;
    case "object":
      if (schema.additionalProperties && schema.additionalProperties !== true) {
        const keys = schema.propertyNames?.pattern ? `keys matching \`${schema.propertyNames.pattern}\`` : "name";
        return `map of ${keys} to ${typeText(schema.additionalProperties)}`;
      }
      return "object";
    case "integer":
      return schema.minimum !== undefined ? `integer >= ${schema.minimum}` : "integer";
    case "string":
      return schema.pattern ? `string matching \`${schema.pattern}\`` : "string";
    default:
      return schema.type ?? "any";
  }
}

function table(rows) {
  const cell = (t) =>
    String(t)
      .replaceAll("|", "\\|")
      .replace(/\s*\n\s*/g, " ");
  return ["| key | type | meaning |", "| --- | --- | --- |", ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join(
    "\n",
  );
}
