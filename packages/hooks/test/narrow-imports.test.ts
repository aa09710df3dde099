import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { narrowedEntries, narrowedMember, narrowedNamed } from "../src/hook/narrow-imports.js";

// The narrowing answers an import with less only when the importer and the barrel have exactly
// the expected shapes; every doubt is `undefined` (the barrel loads as usual).
const dir = mkdtempSync(join(tmpdir(), "rampart-narrow-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return pathToFileURL(path).href;
};

const esBarrel = file(
  "toolkit/index.mjs",
  'import { camelCase } from "./string/camelCase.mjs";\nimport { kebabCase } from "./string/kebabCase.mjs";\nimport { other } from "./other.mjs";\nconst renamed = other;\nexport { camelCase, kebabCase, renamed as alias, other };\n',
);
const cjsBarrel = file(
  "semverish/index.js",
  "'use strict'\nconst parse = require('./functions/parse')\nconst valid = require('./functions/valid')\nconst re = require('./internal/re')\nmodule.exports = {\n  parse,\n  valid,\n  src: re.src,\n}\n",
);

describe("narrowedNamed (import { a } from an ES module barrel)", () => {
  it("re-exports just the imported names from the barrel's own files", () => {
    const parent = file(
      "a.js",
      'import { camelCase, kebabCase as kebab } from "toolkit/compat";\nkebab(camelCase("x"));\n',
    );
    const source = narrowedNamed("toolkit/compat", parent, esBarrel);
    expect(source).toBe(
      `export { camelCase } from ${JSON.stringify(new URL("./string/camelCase.mjs", esBarrel).href)};\n` +
        `export { kebabCase } from ${JSON.stringify(new URL("./string/kebabCase.mjs", esBarrel).href)};\n`,
    );
  });

  it("leaves the barrel alone on any doubt", () => {
    const cases = [
      'import { alias } from "toolkit/compat";\n', // exported under another name
      'import { missing } from "toolkit/compat";\n', // not exported at all
      'import * as t from "toolkit/compat";\n', // a namespace
      'import { camelCase } from "toolkit/compat";\nexport * from "toolkit/compat";\n', // used twice
      'import toolkit from "toolkit/compat";\n', // a default import
    ];
    for (const [i, text] of cases.entries()) {
      expect(narrowedNamed("toolkit/compat", file(`doubt${i}.js`, text), esBarrel), text).toBeUndefined();
    }
  });
});

describe("narrowedMember (import x from a CommonJS barrel, used as x.a)", () => {
  it("default-exports just the members used, each from the file the barrel requires", () => {
    const parent = file(
      "b.js",
      'import semverish from "semverish";\nexport const ok = (v) => semverish.valid(v) !== null;\n',
    );
    expect(narrowedMember("semverish", parent, cjsBarrel)).toBe(
      `import m0 from ${JSON.stringify(new URL("./functions/valid.js", cjsBarrel).href)};\nexport default { "valid": m0 };\n`,
    );
  });

  it("leaves the barrel alone on any doubt", () => {
    const cases = [
      'import s from "semverish";\nexport default s;\n', // the object itself escapes
      'import s from "semverish";\ns.valid("1");\ns["parse"]("1");\n', // computed access
      'import s from "semverish";\ns.src;\n', // a member that is no required file
      'import s from "semverish";\ns.nope("1");\n', // a member the barrel does not export
      'import { valid } from "semverish";\nvalid("1");\n', // not a default import
    ];
    for (const [i, text] of cases.entries()) {
      expect(narrowedMember("semverish", file(`mdoubt${i}.js`, text), cjsBarrel), text).toBeUndefined();
    }
  });
});

describe("narrowedEntries (a barrel whose default export is an object of its files' functions)", () => {
  const rules = file(
    "rules/lib/index.js",
    'import { bodyCase } from "./body-case.js";\nimport { typeEnum } from "./type-enum.js";\nimport { typeCase } from "./type-case.js";\nexport default {\n    "body-case": bodyCase,\n    "type-case": typeCase,\n    "type-enum": typeEnum,\n};\n',
  );

  it("default-exports just the keys asked for, each the same function from the same file", () => {
    expect(narrowedEntries(rules, ["type-enum", "body-case", "type-enum"])).toBe(
      `import { typeEnum as e0 } from ${JSON.stringify(new URL("./type-enum.js", rules).href)};\n` +
        `import { bodyCase as e1 } from ${JSON.stringify(new URL("./body-case.js", rules).href)};\n` +
        'export default { "type-enum": e0, "body-case": e1 };\n',
    );
  });

  it("leaves the barrel alone on any doubt", () => {
    expect(narrowedEntries(rules, ["no-such-rule"])).toBeUndefined(); // lint's error lists every rule
    expect(narrowedEntries(rules, ["type-enum", "__proto__"])).toBeUndefined();
    const shapes = [
      // an entry that is no plain imported binding
      'import { a } from "./a.js";\nexport default {\n    "a": a,\n    "b": (x) => x,\n};\n',
      // a binding the barrel does not import from a file
      'const a = () => [true];\nexport default {\n    "a": a,\n};\n',
      // no default object at all
      'export { a } from "./a.js";\n',
    ];
    for (const [i, text] of shapes.entries()) {
      expect(narrowedEntries(file(`edoubt${i}/index.js`, text), ["a"]), text).toBeUndefined();
    }
  });
});
