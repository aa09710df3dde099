import { describe, expect, it } from "vitest";
import { buildKeywordScanner } from "../src/match-keywords.js";

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
});
