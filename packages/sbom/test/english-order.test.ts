import { readFileSync } from "node:fs";
import { parseLockfile } from "@rampart/lockfile/parse";
import { describeWithShared, sharedPath } from "@rampart/test-helpers";
import { describe, expect, it, vi } from "vitest";
import { compareEnglish, englishKey, sortEnglish } from "../src/sbom/english-order.js";
import { buildInventory } from "../src/sbom/inventory.js";

// english-order.ts must order texts exactly as ICU's English (root) collator does: the CycloneDX
// documents' list order (and so their bytes) depends on it.

const icu = new Intl.Collator("en");
const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const PRINTABLE: string[] = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

/** Texts whose key order differs from ICU's, at most `limit` of them (an empty list when they all agree). */
function disagreements(pairs: Iterable<[string, string]>, limit = 5): string[] {
  const out: string[] = [];
  for (const [a, b] of pairs) {
    const ka = englishKey(a) as string;
    const kb = englishKey(b) as string;
    const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
    const byIcu = sign(icu.compare(a, b));
    if (byKey !== byIcu || sign(compareEnglish(a, b)) !== byIcu) {
      out.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: key ${byKey}, ICU ${byIcu}`);
      if (out.length >= limit) break;
    }
  }
  return out;
}

function* allPairs(texts: readonly string[]): Generator<[string, string]> {
  for (const a of texts) for (const b of texts) yield [a, b];
}

/** A small deterministic generator (the same texts on every run). */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

describe("English (ICU root) order without a collator", () => {
  it("sorts ASCII lists of every length by key, in ICU's order, without making a collator", async () => {
    // A fresh copy of the module: this project's files share workers (isolate: false), so another
    // file may already have made the shared copy's collator.
    vi.resetModules();
    const fresh = await import("../src/sbom/english-order.js");
    expect(fresh.collatorMade()).toBe(false);
    const random = seeded(6);
    const word = () =>
      random()
        .toString(36)
        .slice(2, 2 + Math.floor(random() * 9));
    const texts = Array.from(
      { length: 1200 },
      () => `pkg:npm/${word()}@${Math.floor(random() * 20)}.0.0-${random() < 0.3 ? "RC" : "rc"}`,
    );
    for (const n of [2, 10, 499, 500, 1200]) {
      const part = texts.slice(0, n);
      expect(fresh.sortEnglish([...part].reverse(), (t) => t)).toEqual([...part].sort(icu.compare));
      expect(fresh.collatorMade()).toBe(false);
    }
  });

  it("gives every printable ASCII text a key and no other text one", () => {
    for (const ch of PRINTABLE) expect(englishKey(`a${ch}`)).toBeTypeOf("string");
    for (const text of ["a\tb", "a\nb", "\u0000", "a\u007f", "é", "ａ", "a\u0301", "😀"])
      expect(englishKey(text)).toBeUndefined();
  });

  it("orders every pair of printable ASCII characters as ICU does", () => {
    expect(disagreements(allPairs(PRINTABLE))).toEqual([]);
  });

  it("orders texts that differ in length, case and position as ICU does", () => {
    const tails = ["", "A", "-", "aB"];
    const texts = PRINTABLE.flatMap((ch) => tails.flatMap((t) => [ch + t, t + ch]));
    expect(disagreements(allPairs(texts))).toEqual([]);
    // Every triple over the characters a purl, a path or a version is made of.
    const alphabet = ["a", "A", "b", "B", "z", "Z", "0", "9", "-", ".", "_", "@", "/", ":", " ", "~", "$", "%", "+"];
    const triples = alphabet.flatMap((x) => alphabet.flatMap((y) => alphabet.map((z) => x + y + z)));
    expect(disagreements(allPairs(triples.filter((_, i) => i % 13 === 0)))).toEqual([]);
  });

  it("orders random printable ASCII texts as ICU does", () => {
    const random = seeded(18);
    const text = () => {
      let s = "";
      const n = Math.floor(random() * 12);
      for (let i = 0; i < n; i++) s += PRINTABLE[Math.floor(random() * PRINTABLE.length)];
      return s;
    };
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < 20_000; i++) {
      const a = text();
      // Half the pairs share a prefix, so that the later positions and the case level decide.
      pairs.push([a, random() < 0.5 ? text() : a.slice(0, Math.floor(random() * a.length)) + text()]);
    }
    expect(disagreements(pairs)).toEqual([]);
  });

  it("leaves texts with other characters to ICU, in the same list order ICU gives", () => {
    const texts = ["b", "é", "a\tb", "A", "a", "\u0000a", "ab", "Ä", "z", "a b"];
    expect(sortEnglish([...texts], (t) => t)).toEqual([...texts].sort(icu.compare));
    for (const [a, b] of allPairs(texts)) expect(sign(compareEnglish(a, b))).toBe(sign(icu.compare(a, b)));
  });

  it("sorts stably, equal texts keeping their order", () => {
    const items = [
      { t: "b", n: 1 },
      { t: "a", n: 2 },
      { t: "b", n: 3 },
      { t: "A", n: 4 },
      { t: "a", n: 5 },
    ];
    expect(sortEnglish(items, (i) => i.t).map((i) => i.n)).toEqual([2, 5, 4, 1, 3]);
  });
});

interface Fixture {
  dir: string;
  lockfile: string;
}

describeWithShared("fixtures/lockfiles", "English order on the shared lockfiles' SBOM texts", () => {
  const LOCKFILES = "fixtures/lockfiles";
  const index = JSON.parse(readFileSync(sharedPath(LOCKFILES, "index.json"), "utf8")) as Fixture[];
  it.each(index.map((fx) => [fx.dir, fx] as const))(
    "%s: refs, purls, properties and URLs in ICU's order",
    async (_, fx) => {
      const lockfile = await parseLockfile({ path: fx.lockfile, cwd: sharedPath(LOCKFILES, fx.dir) });
      const inv = buildInventory(lockfile, { includeDev: true, projectName: fx.dir });
      const texts = new Set<string>();
      for (const c of [inv.root, ...inv.components]) {
        for (const t of [c.ref, c.name, c.version, c.purl, c.downloadUrl, c.vcsUrl]) if (t) texts.add(t);
        for (const [name, value] of c.properties) texts.add(name).add(value);
        for (const h of c.hashes) texts.add(h.algorithm);
      }
      const list = [...texts];
      expect(list.length).toBeGreaterThan(0);
      const ascii = list.filter((t) => englishKey(t) !== undefined);
      const byIcu = [...ascii].sort(icu.compare);
      // The keys' own order, compared as text: a mismatch shows the first texts out of place.
      const key = new Map(ascii.map((t) => [t, englishKey(t) as string]));
      const byKey = [...ascii].reverse().sort((a, b) => {
        const ka = key.get(a) as string;
        const kb = key.get(b) as string;
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
      expect(byKey.join("\n")).toBe(byIcu.join("\n"));
      expect(sortEnglish([...list], (t) => t)).toEqual([...list].sort(icu.compare));
      // Neighbours in ICU's order are the closest calls: each pair compared both ways.
      const neighbours: Array<[string, string]> = [];
      for (let i = 1; i < byIcu.length; i++)
        neighbours.push([byIcu[i - 1] as string, byIcu[i] as string], [byIcu[i] as string, byIcu[i - 1] as string]);
      expect(disagreements(neighbours)).toEqual([]);
    },
  );
});
