import { describe, expect, it } from "vitest";
import { getConfigSchema } from "../src/config-schema.js";
import { loadAjv2020 } from "../src/lazy.js";
import { certainlyValid } from "../src/schema-quick.js";

// certainlyValid lets a valid policy skip ajv, so it must never say yes where ajv says no. This
// builds a policy using every key of the real schema, then mutates each value and key, and
// compares with ajv compiled as config-schema.ts compiles it.
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node = Record<string, unknown>;

const schema = getConfigSchema();
const ajv = new (loadAjv2020())({ allErrors: true, verbose: true, strict: false, logger: false }).compile(schema);

// Strings that match the schema's patterns (checked below by ajv accepting the sample).
const PATTERN_SAMPLES: Record<string, string> = {
  "^[0-9a-f]{40}([0-9a-f]{24})?$": "0123456789abcdef0123456789abcdef01234567",
  "^[0-9a-f]{64}$": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  "^lockfile/[a-z-]+$": "lockfile/weak-integrity",
  "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "2026-01-31",
  "^(SRC|MAT|BLD|ART)-[0-9]+$": "MAT-5",
  "^https?://": "https://osv.example.test",
};

function sample(node: Node): Json {
  if ("const" in node) return node.const as Json;
  if (Array.isArray(node.enum)) return node.enum[0] as Json;
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (type === "object") {
    const out: Record<string, Json> = {};
    for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Node>))
      out[key] = sample(child);
    if (typeof node.additionalProperties === "object") {
      const names = node.propertyNames as Node | undefined;
      const key = typeof names?.pattern === "string" ? (PATTERN_SAMPLES[names.pattern] as string) : "extra-key";
      out[key] = sample(node.additionalProperties as Node);
    }
    return out;
  }
  if (type === "array") return [sample(node.items as Node)];
  if (type === "string" && typeof node.pattern === "string") {
    const value = PATTERN_SAMPLES[node.pattern];
    if (value === undefined) throw new Error(`sample: add a value matching ${node.pattern} to PATTERN_SAMPLES`);
    return value;
  }
  if (type === "string") return "value";
  if (type === "integer" || type === "number") return Math.max(Number(node.minimum ?? 1), 1);
  if (type === "boolean") return true;
  if (node.properties === undefined && Object.keys(node).every((k) => k === "description")) return "anything";
  throw new Error(`sample: no rule for ${JSON.stringify(node).slice(0, 80)}`);
}

const REPLACEMENTS: Json[] = [null, true, false, 0, -1, 1.5, 7, "", "x", "ｘ😀", [], [1, 1], ["a", "a"], {}, { k: 1 }];

/** Every variant of `value` with one node replaced, or one unknown key added to one object. */
function* mutations(value: Json): Generator<Json> {
  for (const r of REPLACEMENTS) yield r;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries())
      for (const m of mutations(item)) yield value.map((v, j) => (j === i ? m : v));
    yield [...value, ...value];
  } else if (value !== null && typeof value === "object") {
    yield { ...value, "not-a-key": 1 };
    for (const [key, child] of Object.entries(value)) for (const m of mutations(child)) yield { ...value, [key]: m };
  }
}

describe("certainlyValid", () => {
  const full = sample(schema);

  it("accepts a policy that uses every key, as ajv does", () => {
    expect(ajv(full), JSON.stringify(ajv.errors)).toBe(true);
    expect(certainlyValid(schema, full)).toBe(true);
    expect(certainlyValid(schema, { version: 1 })).toBe(true);
    expect(certainlyValid(schema, {})).toBe(true);
  });

  it("never accepts what ajv rejects, over every one-node mutation of that policy", () => {
    let quickYes = 0;
    let ajvNo = 0;
    for (const variant of mutations(full)) {
      const valid = ajv(variant);
      if (!valid) ajvNo++;
      if (certainlyValid(schema, variant)) {
        quickYes++;
        expect(valid, JSON.stringify(variant)).toBe(true);
      }
    }
    // Both outcomes occur (about 80 and 1,000 on the schema of this writing), so the comparison means something.
    expect(quickYes).toBeGreaterThan(50);
    expect(ajvNo).toBeGreaterThan(100);
  });

  it("answers no (and leaves it to ajv) for keywords and values it does not model", () => {
    expect(certainlyValid({ $ref: "#/x" }, 1)).toBe(false);
    expect(certainlyValid({ enum: [{ a: 1 }] }, { a: 1 })).toBe(false);
    expect(certainlyValid({ type: "integer" }, Number.POSITIVE_INFINITY)).toBe(false);
    expect(certainlyValid({ minLength: 2 }, "😀")).toBe(false);
    expect(certainlyValid({ pattern: "(" }, "x")).toBe(false);
    expect(certainlyValid(false, 1)).toBe(false);
  });
});
