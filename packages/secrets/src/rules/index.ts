import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { STARTS_VERSION } from "../match-anchors.js";
import type { SecretRule } from "../rule.js";

/**
 * The built-in rules. The rule files (sources.ts and the files it imports) are the source of
 * truth; the build writes them, with the keyword prefilter's automaton precomputed, to
 * `table.json` next to this module (scripts/gen-rules.mjs), because one JSON.parse costs a
 * pre-commit hook ~2 ms where loading 20 rule modules and compiling the automaton costs ~50 ms.
 * The table is used only while it matches the compiled rule files (a hash of them); a missing or
 * stale table (a `tsc -b` without the generator, the tests running the sources) means the rules
 * are loaded from the rule files themselves. Order matters only for ties: when two rules find the
 * same span with the same confidence, the earlier one is reported, so self-identifying formats
 * come first.
 */
export interface RuleTable {
  /** ruleFilesHash() of the rule files the table was generated from. */
  hash: string;
  rules: SecretRule[];
  /**
   * The keyword prefilter's automaton: `keywords` one per line, `packed` the automaton for them
   * (match-keywords.ts packAutomaton).
   */
  automaton: { keywords: string; packed: string };
  /**
   * Where each rule is tried (match.ts planKeywords, from match-anchors.ts's reading of the
   * patterns): per rule, the indices in `automaton.keywords` of the keywords every match starts
   * at (null: the whole text), the characters a match may start with before one, and the
   * keywords on whose lines every match lies (null: none known).
   */
  plan?: { anchors: Array<number[] | null>; leads: Array<string | null>; lines: Array<number[] | null> };
  /** The reading's version the plan comes from (STARTS_VERSION). */
  startsVersion?: number;
}

const here = new URL(".", import.meta.url);

/** SHA-256 over this folder's rule modules (every .js/.ts file but this one), in name order. */
export function ruleFilesHash(dir: URL = here): string {
  const hash = createHash("sha256");
  const names = readdirSync(dir)
    .filter((n) => /\.(?:js|ts)$/.test(n) && !/\.d\.ts$/.test(n) && !/^index\.(?:js|ts)$/.test(n))
    .sort();
  for (const name of names)
    hash
      .update(`${name}\0`)
      .update(readFileSync(new URL(name, dir)))
      .update("\0");
  return hash.digest("hex");
}

/** The table in `dir` when it was generated from the rule files beside it, else undefined. */
export function readTable(dir: URL = here): RuleTable | undefined {
  try {
    const table = JSON.parse(readFileSync(new URL("table.json", dir), "utf8")) as RuleTable;
    return table.hash === ruleFilesHash(dir) ? table : undefined;
  } catch {
    return undefined;
  }
}

/** The rules as the runtime uses them: examples are for tests and docs, not for scanning. */
export function runtimeRules(source: readonly SecretRule[]): SecretRule[] {
  return source.map(({ examples: _examples, ...rule }) => rule);
}

const table = readTable();

export const rules: SecretRule[] = table?.rules ?? runtimeRules((await import("./sources.js")).sourceRules);

/** Where each built-in rule is tried, when the table carries it from the current reading. */
export const builtinPlan: RuleTable["plan"] = table?.startsVersion === STARTS_VERSION ? table.plan : undefined;

/** The keyword prefilter's automaton for these rules when the table carries it (`keywords` says for which). */
export const keywordAutomaton: RuleTable["automaton"] | undefined = table?.automaton;
