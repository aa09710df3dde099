import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  COMMAND,
  GENERATOR,
  README_FILE,
  renderReference,
  renderTypes,
  SCHEMA_FILE,
  TYPES_FILE,
} from "../../scripts/lib/config-schema.mjs";
import { splice } from "../../scripts/lib/generated-docs.mjs";
import { repoRoot } from "../helpers/src/index.js";

// config.schema.json is the one source of the policy: its types and the README's reference are
// generated from it, and no package keeps its own copy of a section's type.
const read = (file: string) => readFileSync(join(repoRoot, file), "utf8");
const schema = JSON.parse(read(SCHEMA_FILE));
/** The generated section types (SecretsPolicy, ...): no package may declare its own under these names. */
const sectionTypes = new Set(
  Object.keys(schema.properties)
    .filter((k) => schema.properties[k].type === "object")
    .map((k) => `${k[0]?.toUpperCase()}${k.slice(1)}Policy`),
);

function sources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : [],
  );
}

describe("the policy schema as the single source", () => {
  it(`${TYPES_FILE} is generated from the schema (regenerate: ${COMMAND})`, () => {
    expect(read(TYPES_FILE)).toBe(renderTypes(schema));
  });

  it(`${README_FILE}'s policy reference is generated from the schema (regenerate: ${COMMAND})`, () => {
    const text = read(README_FILE);
    const expected = splice(text, "config-reference", renderReference(schema), GENERATOR);
    expect(expected, "README.md lacks the config-reference markers").toEqual(expect.any(String));
    expect(text).toBe(expected);
    for (const section of Object.keys(schema.properties).filter((k) => schema.properties[k].type === "object")) {
      expect(text).toContain(`#### \`${section}\``);
    }
  });

  it("has no hand-kept copy of a section's type and no `as never` cast of a policy", () => {
    const copies: string[] = [];
    const casts: string[] = [];
    for (const pkg of readdirSync(join(repoRoot, "packages"))) {
      for (const file of sources(`packages/${pkg}/src`)) {
        if (file === TYPES_FILE) continue;
        const text = read(file);
        for (const m of text.matchAll(/\b(?:interface|type)\s+(\w+Policy)\s*(?:=\s*\{|\{)/g)) {
          if (sectionTypes.has(m[1] as string)) copies.push(`${file}: ${m[1]}`);
        }
        for (const m of text.matchAll(/\b(?:config\.\w+|policy)[^;\n]*\bas never\b/g)) casts.push(`${file}: ${m[0]}`);
      }
    }
    expect(copies).toEqual([]);
    expect(casts).toEqual([]);
  });
});
