import { describe, expect, it } from "vitest";
import { binaryView, findRuns, findRunsFast, longLinesOfBytes, ViewScratch } from "../src/binary-view.js";
import { contextFor } from "../src/classify.js";
import { matchText, shortestMatchOf } from "../src/match.js";
import { shortestRead } from "../src/match-anchors.js";
import { expandExample } from "../src/rules/examples.js";
import { sourceRules } from "../src/rules/sources.js";
import { longLines } from "../src/scanner.js";
import { prepareScanner } from "../src/setup.js";
import { Rand } from "./support/secrets.js";

// Binary content is read as its strings (binary-view.ts): runs of text bytes, and of UTF-16LE
// text, long enough to hold a match; the rest becomes a NUL. These check the pieces against what
// they stand for: the JavaScript loop, a read of the bytes one to one, the patterns' matches.

/** Random bytes: mostly text letters and zeros (so that runs of both kinds occur), some others. */
function noise(seed: number, length: number): Buffer {
  const r = new Rand(seed);
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    const p = r.next() % 100;
    out[i] = p < 25 ? 0 : p < 70 ? 0x41 + (r.next() % 26) : p < 75 ? 0x0a : p < 78 ? 0x0d : r.next() % 256;
  }
  return out;
}

const runsOf = (f: { runs: Int32Array; count: number }) => [...f.runs.subarray(0, f.count)];

describe("the strings of binary content", () => {
  it("the WebAssembly loop finds the runs the JavaScript loop finds, in order, across its chunks", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const bytes = noise(seed, new Rand(seed).next() % 400);
      for (const shortest of [1, 2, 3, 7]) {
        const js = runsOf(findRuns(bytes, shortest, new Int32Array(4)));
        expect(runsOf(findRunsFast(bytes, shortest, new Int32Array(4))), `seed ${seed}, shortest ${shortest}`).toEqual(
          js,
        );
      }
    }
    // Over 1 MiB: more than one chunk, and more runs than the module holds at once.
    const big = noise(7, (1 << 20) + 4099);
    expect(runsOf(findRunsFast(big, 2, new Int32Array(4)))).toEqual(runsOf(findRuns(big, 2, new Int32Array(4))));
  });

  it("the WebAssembly loop's 64-byte blocks (passed whole when they end no run) find the JavaScript loop's runs", () => {
    // Machine code: random bytes, with text runs and UTF-16LE runs of every length up to past a
    // block's, at every alignment, so that runs open across blocks, end at a block's first or last
    // byte, or fill a block; the shortest lengths around what a block holds (64 bytes, 32 pairs).
    for (let seed = 1; seed <= 120; seed++) {
      const r = new Rand(seed);
      const bytes = Buffer.alloc(64 + (r.next() % 1500));
      for (let i = 0; i < bytes.length; ) {
        const kind = r.next() % 8;
        const length = 1 + (r.next() % (kind === 0 ? 140 : 12));
        for (let j = 0; j < length && i < bytes.length; j++) {
          if (kind <= 1)
            bytes[i++] = 0x20 + (r.next() % 0x5f); // text
          else if (kind === 2) {
            bytes[i++] = 0x41 + (r.next() % 26); // UTF-16LE: a text byte, a zero
            if (i < bytes.length) bytes[i++] = 0;
          } else if (kind === 3) bytes[i++] = [0x09, 0x0a, 0x0d, 0xa0, 0][r.next() % 5] as number;
          else bytes[i++] = r.next() % 256;
        }
      }
      for (const shortest of [1, 2, 3, 7, 8, 16, 31, 32, 33, 63, 64, 65, 100]) {
        expect(runsOf(findRunsFast(bytes, shortest, new Int32Array(4))), `seed ${seed}, shortest ${shortest}`).toEqual(
          runsOf(findRuns(bytes, shortest, new Int32Array(4))),
        );
      }
    }
  });

  it("the view is its runs in order of where they start, each after a NUL (NUL, line feed, NUL where a line feed was left out)", () => {
    // The view as its definition reads, from the JavaScript loop's runs, against binaryView's.
    const reference = (bytes: Buffer, shortest: number): string => {
      const found = findRuns(bytes, shortest, new Int32Array(4));
      const runs: Array<[number, number, number]> = [];
      for (let k = 0; k < found.count; k += 3)
        runs.push([found.runs[k] as number, found.runs[k + 1] as number, found.runs[k + 2] as number]);
      runs.sort((x, y) => x[0] - y[0]);
      const feedIn = (from: number, to: number) => from < to && bytes.subarray(from, to).includes(0x0a);
      let view = "";
      let end = 0;
      for (const [j, [start, chars, step]] of runs.entries()) {
        if (j > 0 || start > 0) view += feedIn(end, start) ? "\0\n\0" : "\0";
        for (let c = 0; c < chars; c++) view += String.fromCharCode(bytes[start + c * step] as number);
        end = Math.max(end, start + chars * step);
      }
      if (end < bytes.length || (runs.length === 0 && bytes.length > 0))
        view += feedIn(end, bytes.length) ? "\0\n\0" : "\0";
      return view;
    };
    for (let seed = 1; seed <= 60; seed++) {
      const r = new Rand(seed);
      const bytes = Buffer.alloc(r.next() % 3000);
      for (let i = 0; i < bytes.length; ) {
        const kind = r.next() % 6;
        // Text runs up to past 256 bytes (copied whole, not byte by byte), UTF-16LE runs, line feeds, noise.
        const length = 1 + (r.next() % (kind === 0 ? 400 : 10));
        for (let j = 0; j < length && i < bytes.length; j++) {
          if (kind <= 1) bytes[i++] = 0x20 + (r.next() % 0x5f);
          else if (kind === 2) {
            bytes[i++] = 0x61 + (r.next() % 26);
            if (i < bytes.length) bytes[i++] = 0;
          } else if (kind === 3) bytes[i++] = 0x0a;
          else bytes[i++] = r.next() % 256;
        }
      }
      // Shortest 1: a text run of one character inside a UTF-16LE run puts runs out of start order.
      for (const shortest of [1, 2, 7, 40]) {
        const view = binaryView(bytes, shortest, new ViewScratch());
        expect(view.text, `seed ${seed}, shortest ${shortest}`).toBe(reference(bytes, shortest));
        expect(Buffer.from(view.bytes).toString("latin1")).toBe(view.text);
        view.release();
      }
    }
  });

  it("keeps runs of text and of UTF-16LE text at least as long as the shortest match, each where it is in the bytes", () => {
    const key = "token_abcdef0123";
    const bytes = Buffer.concat([
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 0, 0, 0xff, 0x0a, 0x90]),
      Buffer.from("ab\n"), // too short, with a line feed
      Buffer.from([0x01]),
      Buffer.from(key, "utf16le"),
      Buffer.from([0, 0, 0xc3, 0x0a]),
      Buffer.from(key, "latin1"),
      Buffer.from([0x02]),
    ]);
    const view = binaryView(bytes, 7, new ViewScratch());
    // The line feed before the ASCII key is text: it belongs to the key's run.
    expect(view.text).toBe(`\0\n\0${key}\0\n${key}\0`);
    const wideAt = view.text.indexOf(key);
    const asciiAt = view.text.lastIndexOf(key);
    // The UTF-16LE key starts at byte 15, line 3 (line feeds at 9 and 13), column 15 - 14 + 1.
    expect(view.place(wideAt)).toEqual({ offset: 15, line: 3, column: 2 });
    expect(view.place(wideAt + 2)).toEqual({ offset: 19, line: 3, column: 6 });
    const asciiOffset = bytes.indexOf(key, 0, "latin1");
    expect(view.place(asciiAt)).toEqual({ offset: asciiOffset, line: 4, column: 1 });
    // Spans of the bytes map onto the view: a run's part, the run whole, nothing.
    expect(view.spans([[asciiOffset + 2, asciiOffset + 5]])).toEqual([[asciiAt + 2, asciiAt + 5]]);
    expect(view.spans([[0, bytes.length]])).toEqual([[0, view.text.length - 1]]);
    expect(view.spans([[0, 9]])).toEqual([]);
  });

  it("judges long lines as a read of the bytes one to one does", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = new Rand(seed);
      const parts: Buffer[] = [];
      for (let k = 0; k < 8; k++) {
        const b = noise(seed * 31 + k, 1500 + (r.next() % 3000));
        // Long stretches without line feeds, some cut by CRs.
        for (let i = 0; i < b.length; i++) if (b[i] === 0x0a && r.next() % 4 > 0) b[i] = 0x41;
        parts.push(b);
      }
      const bytes = Buffer.concat(parts);
      expect(longLinesOfBytes(bytes), `seed ${seed}`).toEqual(longLines(bytes.toString("latin1")));
    }
  });

  it("reads the fewest characters a pattern's match reads, lookarounds included", () => {
    expect(shortestRead("ghp_[A-Za-z0-9]{36}")).toBe(40);
    expect(shortestRead("a|bc")).toBe(1);
    expect(shortestRead("(?<x>ab){2,3}c?")).toBe(4);
    expect(shortestRead("\\u0041\\x41\\cA\\012")).toBe(4);
    expect(shortestRead("(?<=(?<![a-z])[a-f0-9]{32})-us[0-9]{1,2}")).toBe(32);
    expect(shortestRead("(?=[a-z]{9})[a-z]{3}")).toBe(9);
    expect(shortestRead("(?!abcdef)x\\b")).toBe(1);
    expect(shortestRead("(a)\\1|(?:a(?<=xyza)|b)")).toBe(1);
    expect(shortestRead("a{,3}")).toBe(5); // not a quantifier: five characters
    expect(shortestRead("(unclosed")).toBe(0);
    // The built-in rules: no shorter than 2 (their keywords are), and the set's is its least rule's.
    const least = Math.min(...sourceRules.map((r) => shortestRead(r.pattern, r.flags)));
    expect(least).toBeGreaterThanOrEqual(2);
    expect(shortestMatchOf(sourceRules)).toBe(least);
  });

  it("finds every rule's secret examples inside a binary where a read of its bytes one to one finds them", async () => {
    const scanner = await prepareScanner(undefined, { cwd: ".", baseline: false, rules: sourceRules });
    const file = "bin/tool";
    const head = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0x90, 0xff, 0]);
    const tail = Buffer.from([0, 0xc3, 0x01, 0]);
    const missed: string[] = [];
    let compared = 0;
    for (const rule of sourceRules) {
      for (const [i, template] of (rule.examples?.secret ?? []).entries()) {
        const example = expandExample(template, i + 1);
        const content = Buffer.concat([head, Buffer.from(example, "utf8"), tail]);
        const latin1 = content.toString("latin1");
        const long = longLines(latin1);
        const want = matchText(latin1, {
          rules: sourceRules,
          context: contextFor(file),
          ...(long.length > 0 ? { generated: long } : {}),
        }).map((m) => `${m.ruleId} ${m.line}:${m.column}`);
        const before = scanner.findings.length;
        await scanner.scan({ file, content });
        const got = scanner.findings
          .slice(before)
          .filter((f) => f.ruleId !== "file-binary")
          .map((f) => `${f.ruleId} ${f.line}:${f.column}`);
        compared += want.length;
        for (const w of want) if (!got.includes(w)) missed.push(`${rule.id} example ${i}: ${w}`);
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(missed).toEqual([]);
  });
});
