import { describe, expect, it } from "vitest";
import { mergePackageJson, unmergePackageJson } from "../src/package-json.js";

const wants = { devDependencies: { husky: "9.1.7", rampart: "0.1.0" }, scripts: { prepare: "husky" } };

describe("mergePackageJson", () => {
  it("keeps a 4-space indent, the key order, and puts new keys last", () => {
    const text = '{\n    "name": "x",\n    "scripts": {\n        "test": "vitest"\n    },\n    "license": "MIT"\n}\n';
    const { text: out } = mergePackageJson(text, wants);
    expect(out).toBe(
      '{\n    "name": "x",\n    "scripts": {\n        "test": "vitest",\n        "prepare": "husky"\n    },\n    "license": "MIT",\n    "devDependencies": {\n        "husky": "9.1.7",\n        "rampart": "0.1.0"\n    }\n}\n',
    );
  });

  it("keeps tabs, CRLF line endings and a missing final newline", () => {
    const text = '{\r\n\t"name": "x"\r\n}';
    const { text: out } = mergePackageJson(text, wants);
    expect(out.startsWith('{\r\n\t"name": "x",\r\n\t"devDependencies": {\r\n\t\t"husky"')).toBe(true);
    expect(out.endsWith("}")).toBe(true);
    expect(out.includes("\n") && !/[^\r]\n/.test(out)).toBe(true);
  });

  it("keeps a sorted dependency map sorted and leaves an unsorted one in its order", () => {
    const sorted = mergePackageJson('{"devDependencies":{"a":"1","zod":"2"}}', wants).text;
    expect(Object.keys(JSON.parse(sorted).devDependencies)).toEqual(["a", "husky", "rampart", "zod"]);
    const unsorted = mergePackageJson('{"devDependencies":{"zod":"2","a":"1"}}', wants).text;
    expect(Object.keys(JSON.parse(unsorted).devDependencies)).toEqual(["zod", "a", "husky", "rampart"]);
  });

  it("never changes a version the user pinned, and reports it", () => {
    const { text, edits } = mergePackageJson('{"devDependencies":{"husky":"9.0.0"}}\n', wants);
    expect(JSON.parse(text).devDependencies.husky).toBe("9.0.0");
    expect(edits.keptDevDependencies).toEqual({ husky: "9.0.0" });
    expect(edits.addedDevDependencies).toEqual({ rampart: "0.1.0" });
  });

  it("extends another prepare script instead of replacing it, once", () => {
    const first = mergePackageJson('{"scripts":{"prepare":"npm run build"}}\n', wants);
    expect(JSON.parse(first.text).scripts.prepare).toBe("npm run build && husky");
    const second = mergePackageJson(first.text, wants);
    expect(second.text).toBe(first.text);
  });

  it("is idempotent, and unmerge gives back the original bytes", () => {
    const original = '{\n  "name": "x",\n  "scripts": {\n    "prepare": "tsc"\n  }\n}\n';
    const once = mergePackageJson(original, wants);
    expect(mergePackageJson(once.text, wants).text).toBe(once.text);
    expect(unmergePackageJson(once.text, once.edits)).toBe(original);
  });

  it("unmerge leaves a dependency the user changed since", () => {
    const once = mergePackageJson('{"name":"x"}\n', wants);
    const edited = once.text.replace('"husky": "9.1.7"', '"husky": "9.2.0"');
    expect(JSON.parse(unmergePackageJson(edited, once.edits)).devDependencies).toEqual({ husky: "9.2.0" });
  });
});
