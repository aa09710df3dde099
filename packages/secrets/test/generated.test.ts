import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { matchText, PREPARED_VERSION, prepareRules } from "../src/match.js";
import { rulesMarkdown } from "../src/rules/doc.js";
import { readTable, rules, runtimeRules } from "../src/rules/index.js";
import { sourceRules } from "../src/rules/sources.js";
import type { RuleSet } from "../src/rules/table.js";
import { nearCases, tokenCases } from "./support/cases.js";
import { tableRuleSet, writeTable } from "./support/table.js";

const pkg = join(import.meta.dirname, "..");

// The runtime table is a build output (scripts/gen-rules.mjs writes dist/rules/table.json and rules.jsonl).
describe("rule table", () => {
  it("is the rule files' rules without their examples", () => {
    expect(rules).toEqual(JSON.parse(JSON.stringify(runtimeRules(sourceRules))));
    expect(rules.some((r) => r.examples !== undefined)).toBe(false);
  });

  it("is used only while it matches the rule files and the engine that prepared it, and is whole", () => {
    const table = writeTable(rules);
    try {
      expect(readTable(table.url)?.count).toBe(rules.length);
      const edit = (file: string, change: (text: string) => string) => {
        const before = readFileSync(file, "utf8");
        writeFileSync(file, change(before));
        return () => writeFileSync(file, before);
      };
      // A rule file or an engine module edited after the table was generated: the table is stale.
      for (const file of [
        join(table.dir, "ai.ts"),
        join(table.dir, "../match.ts"),
        join(table.dir, "../match-keywords.ts"),
      ]) {
        const restore = edit(file, (t) => `${t}\n// edited\n`);
        expect(readTable(table.url), file).toBeUndefined();
        restore();
        expect(readTable(table.url)?.count).toBe(rules.length);
      }
      // One rule line lost, or one too many: not the table of these rules.
      const lines = join(table.dir, "rules.jsonl");
      let restore = edit(lines, (t) => t.slice(0, t.lastIndexOf("\n", t.length - 2) + 1));
      expect(readTable(table.url)).toBeUndefined();
      restore();
      restore = edit(lines, (t) => `${t}{}\n`);
      expect(readTable(table.url)).toBeUndefined();
      restore();
      // As many lines, but another generation's rules (an interrupted build wrote table.json, not
      // rules.jsonl): one rule's pattern differs, so the table's plan would run it where it cannot match.
      restore = edit(lines, (t) => t.replace(/"pattern":"/, '"pattern":"(?:stale)'));
      expect(readFileSync(lines, "latin1").split("\n").length).toBe(rules.length + 1);
      expect(readTable(table.url)).toBeUndefined();
      restore();
      expect(readTable(table.url)?.count).toBe(rules.length);
    } finally {
      table.remove();
    }
  });

  it("is plain ASCII, so it reads as one-byte strings, and gives back every character", () => {
    const table = writeTable(rules);
    try {
      for (const name of ["table.json", "rules.jsonl"]) {
        expect(/[\u0080-\uffff]/.test(readFileSync(join(table.dir, name), "latin1")), name).toBe(false);
      }
      expect(rules.some((r) => /[\u0080-\uffff]/.test(JSON.stringify(r)))).toBe(true);
      expect(readTable(table.url)?.all()).toEqual(rules);
    } finally {
      table.remove();
    }
  });

  it("with its text released (the hooks' snapshot), reads each rule's line from rules.jsonl, and refuses a changed file", () => {
    const text = [...tokenCases, ...nearCases].map(([, make]) => make()).join("\n");
    const expected = matchText(text, { rules: tableRuleSet(rules) }).map((m) => m.ruleId);
    expect(expected.length).toBeGreaterThan(50);
    const table = writeTable(rules);
    const lines = join(table.dir, "rules.jsonl");
    const released = () => {
      const set = readTable(table.url) as (RuleSet & { releaseText(): void }) | undefined;
      if (set === undefined) throw new Error("the table just written was not read back");
      set.releaseText();
      return set;
    };
    try {
      const set = released();
      expect(matchText(text, { rules: set }).map((m) => m.ruleId)).toEqual(expected);
      expect(set.materialized).toBeUndefined(); // the rules it ran, line by line, not all of them
      for (const i of [0, 1, rules.length - 1]) expect(set.rule(i)).toEqual(rules[i]);
      expect(released().all()).toEqual(rules);
      const before = readFileSync(lines, "latin1");
      // Cut short, or of the same size with the line breaks moved: an error, never another rule.
      const at = before.indexOf("\n", before.length >> 1);
      for (const changed of [before.slice(0, at + 1), `${before.slice(0, at - 1)}\n ${before.slice(at + 1)}`]) {
        const [set, whole] = [released(), released()];
        writeFileSync(lines, changed, "latin1");
        const last = rules.length - 1;
        const middle = before.slice(0, at).split("\n").length; // the line after the moved break
        expect(() => set.rule(changed.length < before.length ? last : middle)).toThrow(/rules\.jsonl changed since/);
        expect(() => whole.all()).toThrow(/rules\.jsonl changed since/);
        writeFileSync(lines, before, "latin1");
      }
    } finally {
      table.remove();
    }
  });

  it("indexed, then with its preparation released (the hooks' snapshot), finds the same; an index asked for later is made from the rules", () => {
    const text = [...tokenCases, ...nearCases].map(([, make]) => make()).join("\n");
    const expected = matchText(text, { rules: tableRuleSet(rules) }).map((m) => m.ruleId);
    expect(expected.length).toBeGreaterThan(50);
    const indexed = tableRuleSet(rules) as RuleSet & { releasePrepared(): void };
    expect(matchText("", { rules: indexed })).toEqual([]); // the index made from the preparation
    indexed.releasePrepared();
    expect(indexed.prepared).toBeUndefined();
    expect(matchText(text, { rules: indexed }).map((m) => m.ruleId)).toEqual(expected);
    // Released before any index was made: the index is prepared from the rules, never skipped.
    const bare = tableRuleSet(rules) as RuleSet & { releasePrepared(): void };
    bare.releasePrepared();
    expect(matchText(text, { rules: bare }).map((m) => m.ruleId)).toEqual(expected);
  });

  it("finds the same as the rules prepared at run time", () => {
    const text = [...tokenCases, ...nearCases].map(([, make]) => make()).join("\n");
    const fresh = JSON.parse(JSON.stringify(sourceRules));
    const table = tableRuleSet(rules);
    const ids = matchText(text, { rules: table }).map((m) => m.ruleId);
    expect(ids.length).toBeGreaterThan(50);
    expect(ids).toEqual(matchText(text, { rules: fresh }).map((m) => m.ruleId));
    // Only the rules whose keywords occur were parsed: a hook reads a few of 1,906.
    const few = tableRuleSet(rules);
    expect(matchText("fix: a typo in the readme", { rules: few })).toEqual([]);
    expect(few.materialized).toBeUndefined();
  });

  it("is written by the build next to the compiled rules, and the built package loads it", () => {
    execFileSync(process.execPath, [join(pkg, "scripts/gen-rules.mjs")], { stdio: "pipe" });
    const dist = pathToFileURL(join(pkg, "dist/rules/"));
    const table = readTable(dist);
    expect(table?.all()).toEqual(JSON.parse(JSON.stringify(runtimeRules(sourceRules))));
    // What the engine prepares from the rule files, as the engine prepares it now.
    expect(table?.prepared).toEqual({
      value: JSON.parse(JSON.stringify(prepareRules(rules))),
      version: PREPARED_VERSION,
    });
  });
});

describe("docs/rules.md", () => {
  it("lists every rule as the rule files define it (regenerate: node scripts/gen-rules.mjs --docs)", () => {
    expect(readFileSync(join(pkg, "docs/rules.md"), "utf8")).toBe(rulesMarkdown(sourceRules));
  });
});
