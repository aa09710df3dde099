import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { keywordList } from "../src/match.js";
import {
  buildKeywordScanner,
  compileKeywordAutomaton,
  packAutomaton,
  type Scanned,
  toTextPlaces,
  unpackAutomaton,
} from "../src/match-keywords.js";
import { rules } from "../src/rules/index.js";

const found = (keywords: string[], text: string): string[] =>
  buildKeywordScanner(keywords)
    .scan(text)
    .map((i) => keywords[i] as string)
    .sort();

describe("keyword prefilter (Aho-Corasick)", () => {
  it("a scanner holds nothing a scan writes until its first scan (the hooks' snapshot carries it built)", () => {
    // In a process of its own (the built modules), where nothing else allocates or frees buffers.
    const dist = join(import.meta.dirname, "../dist");
    const script = `
      const { compileKeywordAutomaton, buildKeywordScanner } = await import(${JSON.stringify(pathToFileURL(join(dist, "match-keywords.js")).href)});
      const { keywordList } = await import(${JSON.stringify(pathToFileURL(join(dist, "match.js")).href)});
      const { rules } = await import(${JSON.stringify(pathToFileURL(join(dist, "rules/index.js")).href)});
      const keywords = keywordList(rules);
      const automaton = compileKeywordAutomaton(keywords);
      const buffers = () => process.memoryUsage().arrayBuffers;
      const before = buffers();
      const scanner = buildKeywordScanner(keywords, automaton);
      const built = buffers();
      const hits = scanner.scan("const TOKEN = 'x'").map((k) => keywords[k]);
      console.log(JSON.stringify({ states: automaton.states, made: built - before, scanned: buffers() - built, hits }));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
    ) as { states: number; made: number; scanned: number; hits: string[] };
    const table = 4 * (out.states + 1) * 64; // the DFA table: a row per state, a power-of-two width
    expect(table).toBeGreaterThan(4 * 2 ** 20);
    expect(out.made).toBeLessThan(2 ** 20);
    expect(out.hits).toContain("token");
    expect(out.scanned).toBeGreaterThanOrEqual(table);
  });

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
    for (const [i, k] of keywords.entries()) expect([...scanner.positions(scanned, i, k.length)], k).toEqual(starts(k));
  });

  it("records the places of the keywords asked for only, and still reports every keyword", () => {
    // "ey" ends inside "key-": the state after "key" carries both, and only "ey" is placed.
    const keywords = ["ey", "key-", "pat"];
    const scanner = buildKeywordScanner(keywords, undefined, [0]);
    const text = "KEY-1 they PATH pat eyey";
    const scanned = scanner.scanAll(text);
    expect(scanned.hits.map((i) => keywords[i]).sort()).toEqual(["ey", "key-", "pat"]);
    expect([...scanner.positions(scanned, 0, 2)]).toEqual([1, 8, 20, 22]);
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
      expect([...scanner.positions(again, i, k.length)], k).toEqual([
        ...buildKeywordScanner(keywords).positions(fresh, i, k.length),
      ]);
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

// The WebAssembly byte loop (match-wasm.ts) walks four parts of its input at once, a chunk at a
// time, each part from a head start; whatever the input's length and wherever keywords fall on
// those seams, it must find what the JavaScript loop finds in the same bytes read as Latin-1.
describe("keyword pass over bytes", () => {
  const keywords = keywordList(rules);
  const lengths = keywords.map((k) => k.length);
  const scanner = buildKeywordScanner(keywords);
  const asText = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1");
  /** Hits (sorted) and places of every keyword, from one pass. */
  const seen = (s: Scanned) => {
    const hits = [...s.hits].sort((a, b) => a - b);
    return { hits, places: hits.map((k) => [...scanner.positions(s, k, lengths[k] as number)]) };
  };
  let seed = 7;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  /** Bytes of keywords in random case, cut keywords, noise, high bytes and line ends. */
  function bytesOf(length: number): Buffer {
    const out = Buffer.alloc(length);
    let i = 0;
    while (i < length) {
      const kind = rand(4);
      let piece: string;
      if (kind === 0) piece = keywords[rand(keywords.length)] as string;
      else if (kind === 1) piece = (keywords[rand(keywords.length)] as string).slice(1);
      else if (kind === 2) piece = String.fromCharCode(...Array.from({ length: 1 + rand(6) }, () => rand(256)));
      else piece = " \n"[rand(2)] as string;
      if (rand(2) === 0) piece = piece.toUpperCase();
      i += out.write(piece, i, "latin1");
    }
    return out;
  }

  it("finds what the text loop finds, at every length around the seams", () => {
    const sizes = [0, 1, 2, 35, 36, 37, 255, 256, 257, 258, 259, 300, 1023, 1024, 1025, 4099, 65_537];
    for (let n = 0; n < 40; n++) sizes.push(1 + rand(20_000));
    for (const size of sizes) {
      const bytes = bytesOf(size);
      expect(seen(scanner.scanBytes(bytes)), `${size} bytes`).toEqual(seen(scanner.scanAll(asText(bytes))));
    }
  });

  it("finds the longest keyword at every place across a seam between parts", () => {
    const long = keywords.reduce((a, k) => (k.length > a.length ? k : a), "");
    // 400 bytes: four parts of 100; each part but the first starts early, by one keyword less one.
    for (let at = 100 - long.length - 1; at <= 101; at++) {
      const bytes = Buffer.alloc(400, "-");
      bytes.write(long, at, "latin1");
      const text = asText(bytes);
      expect(seen(scanner.scanBytes(bytes)), `at ${at}`).toEqual(seen(scanner.scanAll(text)));
      expect(scanner.scanBytes(bytes).hits).toContain(keywords.indexOf(long));
    }
  });

  it("finds keywords that straddle the parts and the chunks of a large input", () => {
    // Over a chunk (1 MiB), with a keyword across each quarter of each chunk and across chunks.
    const size = (1 << 20) * 2 + 12_345;
    const bytes = bytesOf(size);
    const long = keywords.reduce((a, k) => (k.length > a.length ? k : a), "");
    for (const chunk of [0, 1 << 20, 2 << 20]) {
      for (let q = 1; q < 4; q++) {
        const seam = chunk + Math.ceil(((1 << 20) * q) / 4);
        for (const k of [long, "token", "ey"]) {
          const at = seam - Math.floor(k.length / 2);
          if (at + k.length <= size) bytes.write(k.toUpperCase(), at, "latin1");
        }
      }
    }
    // Compared as JSON: a structural diff of 600,000 places is slow, and a mismatch still shows.
    const overBytes = JSON.stringify(seen(scanner.scanBytes(bytes)));
    expect(overBytes.length).toBeGreaterThan(1_000_000);
    expect(overBytes === JSON.stringify(seen(scanner.scanAll(asText(bytes))))).toBe(true);
  });

  it("over UTF-8 bytes, puts places where they are in the decoded text", () => {
    // Characters of one to four bytes (a pair in the text), before, between and after keywords,
    // within and across 4 KiB blocks (ASCII blocks are passed over whole).
    const wide = ["é", "日", "😀", "\u0080", "\uffff", "x", "\n"];
    for (let n = 0; n < 30; n++) {
      const parts: string[] = [];
      const length = rand(3) === 0 ? 6000 + rand(6000) : 1 + rand(300);
      let size = 0;
      while (size < length) {
        const piece = rand(3) === 0 ? (keywords[rand(keywords.length)] as string) : (wide[rand(wide.length)] as string);
        parts.push(rand(2) === 0 ? piece.toUpperCase() : piece);
        size += piece.length;
      }
      const text = parts.join("");
      const scanned = scanner.scanBytes(Buffer.from(text, "utf8"));
      toTextPlaces(scanned, Buffer.from(text, "utf8"));
      expect(seen(scanned), text.slice(0, 60)).toEqual(seen(scanner.scanAll(text)));
    }
  });

  it("reads bytes from 128 up as no keyword character", () => {
    const bytes = Buffer.from("tok\u00e9n t\u00f6ken TOKEN \u00ff\u0080token", "latin1");
    const scanned = scanner.scanBytes(bytes);
    const token = keywords.indexOf("token");
    expect([...scanner.positions(scanned, token, 5)]).toEqual([12, 20]);
  });
});
