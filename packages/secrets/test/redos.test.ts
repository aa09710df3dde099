import { describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import type { SecretRule } from "../src/rule.js";
import { rules } from "../src/rules/index.js";
import { Rand } from "./support/secrets.js";

/**
 * Catastrophic backtracking guard: every rule runs over megabyte inputs built from the characters
 * its own pattern accepts. A linear pattern takes milliseconds; an exponential or quadratic one
 * takes seconds to hours. The bound is generous so this never becomes a timing test.
 */
const SIZE = 1 << 20;
const BOUND_MS = 2000;
const CANDIDATES = [
  ..." !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\t\n",
];

/** The bracketed character classes of a RegExp source. */
function classesOf(source: string): RegExp[] {
  const out: RegExp[] = [];
  for (let i = 0; i < source.length; i++) {
    if (source[i] === "\\") {
      i++;
      continue;
    }
    if (source[i] !== "[") continue;
    let j = i + 1;
    while (j < source.length && source[j] !== "]") j += source[j] === "\\" ? 2 : 1;
    out.push(new RegExp(`^${source.slice(i, j + 1)}$`));
    i = j;
  }
  return out;
}

/** Characters the pattern's classes accept, most widely accepted first. */
function acceptedChars(rule: SecretRule): string[] {
  const classes = classesOf(rule.pattern);
  const scored = CANDIDATES.map((c) => [c, classes.filter((re) => re.test(c)).length] as const);
  return scored
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([c]) => c);
}

function fill(unit: string, size = SIZE): string {
  return unit.repeat(Math.ceil(size / Math.max(1, unit.length))).slice(0, size);
}

function adversarialInputs(rule: SecretRule): Array<[string, string]> {
  const kw = rule.keywords[0] ?? "";
  const chars = acceptedChars(rule);
  const wide = chars[0] ?? "a";
  const rand = new Rand(rule.id.length * 31 + 7);
  const alphabet = chars.join("") + kw;
  return [
    ["keyword + run of its widest character", kw + fill(wide)],
    ["keyword, separator and near-miss values, repeated", fill(`${kw}=${fill(chars.join(""), 64)} `)],
    ["keyword repeated", fill(kw || wide)],
    // A random 4 KiB block repeated: random enough to trip backtracking, cheap to build.
    ["random mix of accepted characters", kw + fill(rand.of(alphabet || "a", 4096))],
  ];
}

/** Runs the rule's own regex to the end of the input; returns elapsed milliseconds. */
function timeRule(rule: SecretRule, input: string): number {
  const re = new RegExp(rule.pattern, `gd${rule.flags ?? ""}`);
  // V8 interprets a regex on its first run and compiles it after; the engine reuses compiled
  // regexes across files, so time the compiled form.
  re.exec(`warm ${rule.keywords[0] ?? ""}`);
  re.lastIndex = 0;
  const started = performance.now();
  for (let m = re.exec(input); m !== null; m = re.exec(input)) {
    if (m[0].length === 0) re.lastIndex++;
  }
  return performance.now() - started;
}

describe("ReDoS: every rule is linear on megabyte adversarial inputs", () => {
  it.each(rules.map((r) => [r.id, r] as const))("%s", (_id, rule) => {
    for (const [label, input] of adversarialInputs(rule)) {
      const ms = timeRule(rule, input);
      expect(ms, `${rule.id}: ${label} took ${ms.toFixed(0)} ms`).toBeLessThan(BOUND_MS);
    }
  });

  it("the whole engine stays bounded on a megabyte of keyword soup", () => {
    const soup = fill([...new Set(rules.flatMap((r) => r.keywords))].join(" = "));
    const started = performance.now();
    matchText(soup);
    expect(performance.now() - started).toBeLessThan(BOUND_MS * 5);
  });
});
