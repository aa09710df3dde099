import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describeWithShared, sharedPath } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import type { SecretRule } from "../src/rule.js";
import { literalPrefix, topLevelAlternation } from "../src/rules/build.js";
import { rules } from "../src/rules/index.js";
import { nearCases, structuralCases, tokenCases } from "./support/cases.js";

// Anchored rules are tried only where a keyword occurs; the same rules run over the whole text
// must find exactly the same (same spans, same order).
const unanchored: SecretRule[] = rules.map((r) => ({ ...r, anchored: false }));
const repo = path.resolve(import.meta.dirname, "../../..");
const CORPUS = "corpora/secrets-dev.jsonl";

function texts(): string[] {
  const out = [...tokenCases, ...nearCases, ...structuralCases].map(([, make]) => make());
  const src = path.join(repo, "packages/secrets/src");
  for (const f of readdirSync(src)) if (f.endsWith(".ts")) out.push(readFileSync(path.join(src, f), "utf8"));
  // Lower-casing "İ" adds a character: positions move, and the engine falls back to a full scan.
  out.push(`İ ${out[0]} İ`);
  return out;
}

function expectSameAsFullScan(all: string[]): number {
  let found = 0;
  for (const text of all) {
    const a = matchText(text);
    expect(a, text.slice(0, 80)).toEqual(matchText(text, { rules: unanchored }));
    found += a.length;
  }
  return found;
}

describe("anchored rules", () => {
  it("find exactly what a scan of the whole text finds", () => {
    expect(expectSameAsFullScan(texts())).toBeGreaterThan(100);
  });

  it("are most of the built-in rules", () => {
    expect(rules.filter((r) => r.anchored).length).toBeGreaterThan(rules.length / 2);
  });

  it("literal prefixes stop at classes, groups and quantified characters", () => {
    expect(literalPrefix("sk_live_[a-z]{24}")).toBe("sk_live_");
    expect(literalPrefix("ya29\\.[A-Za-z]+")).toBe("ya29.");
    expect(literalPrefix("https?://x")).toBe("http");
    expect(literalPrefix("(?:ab|cd)x")).toBe("");
    expect(topLevelAlternation("fo1_[a-z]{3}|fm2_[a-z]{3}")).toBe(true);
    expect(topLevelAlternation("x(?:a|b)[|]\\|")).toBe(false);
  });
});

describeWithShared(CORPUS, "anchored rules on the dev corpus", () => {
  it("find exactly what a scan of the whole text finds, sample by sample", () => {
    const samples = readFileSync(sharedPath(CORPUS), "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line).text as string);
    expect(samples.length).toBeGreaterThan(100);
    expect(expectSameAsFullScan(samples)).toBeGreaterThan(0);
  });
});
