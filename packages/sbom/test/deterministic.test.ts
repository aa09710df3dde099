import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contentUuid, documentText, jsonContentUuid, updateJsonArray } from "../src/sbom/deterministic.js";

/** What the hash is fed, as one text. */
function fed(feed: (hash: { update(data: string): unknown }) => void): string {
  let text = "";
  feed({ update: (data: string) => (text += data) });
  return text;
}

describe("JSON fed to the serial's hash a slice at a time", () => {
  // Lengths around the slice size (and the one-slice case), holes, undefined, nested and non-ASCII items.
  const item = (i: number) => ({ ref: `pkg:npm/p${i}@1.0.0`, n: i, u: undefined, list: [i, "é", undefined] });
  const lists: unknown[][] = [[], [1], ["a\u0001b"]];
  for (const n of [2, 3, 4, 5, 7, 8, 9, 31, 32, 33, 63, 64, 65, 100])
    lists.push(Array.from({ length: n }, (_, i) => item(i)));
  // biome-ignore lint/suspicious/noSparseArray: a hole on purpose
  const holey: unknown[] = [1, , 3, undefined, () => 1, null, "x"];
  lists.push(holey);

  it("is the text JSON.stringify writes for the whole list, whatever the slice size", () => {
    for (const list of lists)
      for (const slice of [1, 2, 3, 32]) expect(fed((h) => updateJsonArray(h, list, slice))).toBe(JSON.stringify(list));
  });

  it("gives a plain object's UUID as contentUuid of its whole JSON text", () => {
    const doc = {
      spdxVersion: "SPDX-2.3",
      skipped: undefined,
      fn: () => 1,
      name: "naïve ✓",
      packages: Array.from({ length: 70 }, (_, i) => item(i)),
      nested: { a: [1, 2], b: undefined },
      relationships: [],
    };
    expect(jsonContentUuid(doc)).toBe(contentUuid(JSON.stringify(doc)));
    expect(jsonContentUuid({})).toBe(contentUuid("{}"));
    expect(jsonContentUuid({ only: undefined })).toBe(contentUuid("{}"));
    // and it is the SHA-256 of that text's UTF-8 bytes
    const digest = createHash("sha256").update(JSON.stringify(doc)).digest("hex");
    expect(jsonContentUuid(doc).replaceAll("-", "").slice(0, 12)).toBe(digest.slice(0, 12));
  });
});

describe("a document's text built from slices", () => {
  it("is JSON.stringify(document, null, 2) and a newline, whatever the array lengths", () => {
    const item = (i: number) => ({
      type: "library",
      name: `p${i}`,
      skip: undefined,
      hashes: [{ alg: "SHA-512", content: "ab" }],
    });
    for (const n of [0, 1, 31, 32, 33, 64, 65, 200]) {
      const doc = {
        $schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
        version: 1,
        none: undefined,
        metadata: { timestamp: "2024-01-16T12:00:00Z", tools: { components: [{ name: "rampart" }] } },
        components: Array.from({ length: n }, (_, i) => item(i)),
        'odd "key"\n': ["x", undefined, () => 1, null],
        dependencies: Array.from({ length: n }, (_, i) => ({
          ref: `r${i}`,
          dependsOn: i % 2 ? undefined : ["a", "b"],
        })),
      };
      expect(documentText(doc)).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    }
    expect(documentText({})).toBe(`${JSON.stringify({}, null, 2)}\n`);
    expect(documentText({ a: undefined })).toBe(`${JSON.stringify({ a: undefined }, null, 2)}\n`);
  });
});
