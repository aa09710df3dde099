import { describe, expect, it } from "vitest";
import { buildKeywordScanner, compileKeywordAutomaton, packAutomaton, unpackAutomaton } from "../src/match-keywords.js";

const found = (keywords: string[], text: string): string[] =>
  buildKeywordScanner(keywords)
    .scan(text)
    .map((i) => keywords[i] as string)
    .sort();

describe("keyword prefilter (Aho-Corasick)", () => {
  it("finds every keyword that occurs, ignoring ASCII case", () => {
    expect(found(["ghp_", "token", "xoxb-"], "const TOKEN = 'GHP_abc'")).toEqual(["ghp_", "token"]);
  });

  it("finds keywords inside, overlapping and ending inside others", () => {
    const keywords = ["key-", "pubkey-", "xox", "xoxb-", "ox"];
    expect(found(keywords, "pubkey-1 xoxb-2")).toEqual(["key-", "ox", "pubkey-", "xox", "xoxb-"]);
  });

  it("recovers after a partial match (failure links)", () => {
    expect(found(["abcd", "bce"], "abce")).toEqual(["bce"]);
    expect(found(["aab"], "aaab")).toEqual(["aab"]);
  });

  it("treats non-ASCII characters as breaks, never as keyword characters", () => {
    expect(found(["token"], "tok\u00e9n tokén TOKEN")).toEqual(["token"]);
    expect(found(["token"], "to\u212aen")).toEqual([]);
  });

  it("reports each keyword once, however often it occurs", () => {
    const scanner = buildKeywordScanner(["ab"]);
    expect(scanner.scan("ab".repeat(1000))).toEqual([0]);
  });

  it("finds nothing in an empty text or with no keywords", () => {
    expect(found(["x"], "")).toEqual([]);
    expect(found([], "anything")).toEqual([]);
  });

  it("scanAll reports every start position of a keyword, case-insensitively, across UTF-16 text", () => {
    const keywords = ["ey", "key-", "pat"];
    const scanner = buildKeywordScanner(keywords);
    const text = "é KEY-1 they PATH pat eyey";
    const scanned = scanner.scanAll(text);
    expect(scanned.hits.map((i) => keywords[i]).sort()).toEqual(["ey", "key-", "pat"]);
    const starts = (k: string): number[] => [...text.toLowerCase().matchAll(new RegExp(k, "g"))].map((m) => m.index);
    for (const [i, k] of keywords.entries()) expect(scanner.positions(scanned, i, k.length), k).toEqual(starts(k));
  });

  it("records the places of the keywords asked for only, and still reports every keyword", () => {
    // "ey" ends inside "key-": the state after "key" carries both, and only "ey" is placed.
    const keywords = ["ey", "key-", "pat"];
    const scanner = buildKeywordScanner(keywords, undefined, [0]);
    const text = "KEY-1 they PATH pat eyey";
    const scanned = scanner.scanAll(text);
    expect(scanned.hits.map((i) => keywords[i]).sort()).toEqual(["ey", "key-", "pat"]);
    expect(scanner.positions(scanned, 0, 2)).toEqual([1, 8, 20, 22]);
    expect(() => scanner.positions(scanned, 2, 3)).toThrow(/not recorded/);
  });

  it("scans the same from a packed automaton (what the build ships) as from a fresh one", () => {
    const keywords = ["ghp_", "token", "xoxb-", "ox", "key-", "pubkey-", "@", "=="];
    const packed = packAutomaton(compileKeywordAutomaton(keywords));
    const unpacked = unpackAutomaton(packed);
    expect(unpacked?.states).toBe(compileKeywordAutomaton(keywords).states);
    const text = "PubKey-1 xoxB-2 == GHP_x @token ox é \u212a tokén";
    const fresh = buildKeywordScanner(keywords).scanAll(text);
    const shipped = buildKeywordScanner(keywords, unpacked).scanAll(text);
    expect(shipped.hits).toEqual(fresh.hits);
    const scanner = buildKeywordScanner(keywords, unpacked);
    const again = scanner.scanAll(text);
    for (const [i, k] of keywords.entries()) {
      expect(scanner.positions(again, i, k.length), k).toEqual(
        buildKeywordScanner(keywords).positions(fresh, i, k.length),
      );
    }
  });

  it("refuses a packed automaton that is cut, of another version or for other keywords", () => {
    const packed = packAutomaton(compileKeywordAutomaton(["abc", "bcd"]));
    expect(unpackAutomaton(packed.slice(0, packed.length - 8))).toBeUndefined();
    expect(
      unpackAutomaton(Buffer.from([9, 0, 0, 0, ...Buffer.from(packed, "base64").subarray(4)]).toString("base64")),
    ).toBeUndefined();
    expect(unpackAutomaton("")).toBeUndefined();
    expect(() => buildKeywordScanner(["abc"], unpackAutomaton(packed))).toThrow(/for 2 keywords/);
  });
});
