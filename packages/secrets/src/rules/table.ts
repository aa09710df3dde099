import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { SecretRule } from "../rule.js";

/**
 * The built-in rules as the engine loads them. The rule files (sources.ts and the files it
 * imports) are the source of truth; the build writes them (scripts/gen-rules.mjs) to two files
 * next to this module: `rules.jsonl`, one rule per line without its examples, and `table.json`,
 * what the engine prepares from them (match.ts prepareRules: the keyword prefilter's automaton,
 * which rules each keyword selects, where each rule is tried). A pre-commit hook then reads
 * both (~1 MB, no JSON.parse of the rules) and parses only the rules whose keywords occur in
 * the text it scans: a commit message or a few staged files select a few dozen of 1,906.
 * The table is used only while it matches the compiled rule files (a hash of them); a missing or
 * stale table (a `tsc -b` without the generator, the tests running the sources) means the rules
 * are loaded from the rule files themselves and prepared at run time.
 */
export interface RuleTable {
  /** ruleFilesHash() of the rule files the table was generated from. */
  hash: string;
  /** How many rules rules.jsonl holds. */
  count: number;
  /**
   * SHA-256 of rules.jsonl as written with this table: a rules.jsonl from another generation (an
   * interrupted build, a partial copy) whose line count happens to match is not these rules, and
   * the table's keyword plan would run its rules where their matches are not.
   */
  rulesHash: string;
  /** The engine's preparation of these rules (match.ts PreparedRules, as JSON) and its version. */
  prepared: unknown;
  preparedVersion: number;
}

/** A rule list the engine reads one rule at a time. */
export interface RuleSet {
  readonly count: number;
  /** Rule `i`, parsed on first use (the same object on every call). */
  rule(i: number): SecretRule;
  /** Every rule, in order (the same array on every call). */
  all(): SecretRule[];
  /** The array all() returned, if it was called: the engine recognises it as this set. */
  readonly materialized: SecretRule[] | undefined;
  /** What the engine prepared from these rules at build time (match.ts checks the version). */
  readonly prepared?: { value: unknown; version: number };
}

const here = new URL(".", import.meta.url);

/**
 * SHA-256 over what the table is made from, in name order: this folder's rule modules (every
 * .js/.ts file but index and table) and the engine modules that prepare them (match, its anchors
 * and keywords, in the folder above): a build that recompiles either without regenerating the
 * table leaves it unused, never wrong.
 */
export function ruleFilesHash(dir: URL = here): string {
  const hash = createHash("sha256");
  const code = (n: string) => /\.(?:js|ts)$/.test(n) && !/\.d\.ts$/.test(n);
  const rules = readdirSync(dir).filter((n) => code(n) && !/^(?:index|table)\.(?:js|ts)$/.test(n));
  const engine = readdirSync(new URL("..", dir)).filter((n) => code(n) && /^match(?:-anchors|-keywords)?\./.test(n));
  if (engine.length !== 3) throw new Error(`the engine modules next to ${dir.pathname} are not all there`);
  for (const name of [...rules.sort(), ...engine.sort().map((n) => `../${n}`)])
    hash
      .update(`${name}\0`)
      .update(readFileSync(new URL(name, dir)))
      .update("\0");
  return hash.digest("hex");
}

/** The rules as the runtime uses them: examples are for tests and docs, not for scanning. */
export function runtimeRules(source: readonly SecretRule[]): SecretRule[] {
  return source.map(({ examples: _examples, ...rule }) => rule);
}

/**
 * JSON with every character outside ASCII escaped: the files are then read as one-byte strings
 * (latin1), which costs a copy where UTF-8 with a few non-ASCII characters costs a decode into
 * a two-byte string twice the size.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The table files' contents for these rules (what gen-rules.mjs writes). */
export function tableFiles(
  hash: string,
  rules: readonly SecretRule[],
  prepared: unknown,
  preparedVersion: number,
): { "table.json": string; "rules.jsonl": string } {
  const lines = rules.map((r) => `${asciiJson(r)}\n`).join("");
  const table: RuleTable = { hash, count: rules.length, rulesHash: linesHash(lines), prepared, preparedVersion };
  return { "table.json": asciiJson(table), "rules.jsonl": lines };
}

/** rules.jsonl's digest (its text is ASCII: one byte per character). */
function linesHash(lines: string): string {
  return createHash("sha256").update(lines, "latin1").digest("hex");
}

class TableRules implements RuleSet {
  readonly count: number;
  #prepared: { value: unknown; version: number } | undefined;
  #parsed: Array<SecretRule | undefined>;
  #all: SecretRule[] | undefined;
  /** rules.jsonl's text; undefined once released (releaseText), when rules are read from the file. */
  #lines: string | undefined;
  /** rules.jsonl, open while its text is released and a rule has been read from it. */
  #fd: number | undefined;
  constructor(
    table: RuleTable,
    lines: string,
    private readonly starts: Int32Array,
    private readonly file: URL,
  ) {
    this.count = table.count;
    this.#prepared = { value: table.prepared, version: table.preparedVersion };
    this.#parsed = new Array(table.count);
    this.#lines = lines;
  }
  rule(i: number): SecretRule {
    let rule = this.#parsed[i];
    if (rule === undefined) {
      if (!(i >= 0 && i < this.count)) throw new RangeError(`no rule ${i} of ${this.count}`);
      rule = JSON.parse(this.#line(i)) as SecretRule;
      this.#parsed[i] = rule;
    }
    return rule;
  }
  all(): SecretRule[] {
    if (this.#all === undefined && this.#lines === undefined) {
      const lines = readFileSync(this.file, "latin1");
      if (lines.length !== this.starts[this.count]) throw this.#changed();
      for (let i = 1; i <= this.count; i++)
        if (lines.charCodeAt((this.starts[i] as number) - 1) !== 0x0a) throw this.#changed();
      this.#lines = lines;
    }
    this.#all ??= Array.from({ length: this.count }, (_, i) => this.rule(i));
    return this.#all;
  }
  get materialized(): SecretRule[] | undefined {
    return this.#all;
  }

  /** The build's preparation, until released (releasePrepared). */
  get prepared(): { value: unknown; version: number } | undefined {
    return this.#prepared;
  }

  /**
   * Drops the build's preparation (table.json's keyword plan and packed automaton) once the engine
   * has made its index of it (match.ts prepareBuiltinIndex): a later index of these rules, if
   * ever asked for, is prepared from the rules themselves.
   */
  releasePrepared(): void {
    this.#prepared = undefined;
  }

  /**
   * Drops rules.jsonl's text (~1 MB) from memory: each rule is then read from the file, its line
   * alone, when first used. For the hooks' startup snapshot (the CLI's hook-snapshot.ts), whose
   * blob would otherwise carry the text to every commit, where a scan reads a few dozen lines.
   * The file must still be the one the table was checked against: the snapshot runs only while
   * its size and time are unchanged, and a read that finds another size or a line not where the
   * table says is an error, never another rule.
   */
  releaseText(): void {
    this.#lines = undefined;
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  /** Rule i's line, without its newline. */
  #line(i: number): string {
    const start = this.starts[i] as number;
    const end = (this.starts[i + 1] as number) - 1;
    if (this.#lines !== undefined) return this.#lines.slice(start, end);
    if (this.#fd === undefined) {
      const fd = openSync(this.file, "r");
      if (fstatSync(fd).size !== this.starts[this.count]) {
        closeSync(fd);
        throw this.#changed();
      }
      this.#fd = fd;
    }
    // From the byte before the line (the previous line's newline) to its own newline.
    const from = i === 0 ? start : start - 1;
    const bytes = Buffer.allocUnsafe(end + 1 - from);
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(this.#fd, bytes, got, bytes.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    if (got !== bytes.length || bytes[bytes.length - 1] !== 0x0a || (i > 0 && bytes[0] !== 0x0a)) throw this.#changed();
    return bytes.toString("latin1", start - from, bytes.length - 1);
  }

  #changed(): Error {
    return new Error(`${fileURLToPath(this.file)} changed since its rule table was read: run the build again`);
  }
}

/**
 * Drops the built-in rules' text from memory when it came from the build's table (see
 * TableRules.releaseText): the hooks' startup snapshot calls it as its heap is written.
 */
export function releaseBuiltinText(): void {
  if (builtin instanceof TableRules) builtin.releaseText();
}

/** Drops the built-in rules' preparation when it came from the build's table (TableRules.releasePrepared). */
export function releaseBuiltinPrepared(): void {
  if (builtin instanceof TableRules) builtin.releasePrepared();
}

/** A rule array as a RuleSet (the rule files' rules, when there is no fresh table). */
export class ArrayRules implements RuleSet {
  constructor(private readonly rules: readonly SecretRule[]) {}
  get count(): number {
    return this.rules.length;
  }
  rule(i: number): SecretRule {
    const rule = this.rules[i];
    if (rule === undefined) throw new RangeError(`no rule ${i} of ${this.rules.length}`);
    return rule;
  }
  all(): SecretRule[] {
    return this.rules as SecretRule[];
  }
  get materialized(): SecretRule[] {
    return this.rules as SecretRule[];
  }
}

/**
 * Rule sets one after another, as one list: the engine runs each with its own preparation (the
 * built-in table's, and a repository's .gitleaks.toml rules prepared at run time).
 */
export class RuleChain implements RuleSet {
  #all: SecretRule[] | undefined;
  constructor(readonly parts: readonly RuleSet[]) {}
  get count(): number {
    return this.parts.reduce((n, p) => n + p.count, 0);
  }
  rule(i: number): SecretRule {
    let at = i;
    for (const part of this.parts) {
      if (at >= 0 && at < part.count) return part.rule(at);
      at -= part.count;
    }
    throw new RangeError(`no rule ${i} of ${this.count}`);
  }
  all(): SecretRule[] {
    this.#all ??= this.parts.flatMap((p) => p.all());
    return this.#all;
  }
  get materialized(): SecretRule[] | undefined {
    return this.#all;
  }
}

/**
 * The table in `dir` when it was generated from the rule files beside it, with the rules.jsonl
 * beside it, and is whole; else undefined (the rules are then read from the rule files).
 */
export function readTable(dir: URL = here): RuleSet | undefined {
  try {
    const table = JSON.parse(readFileSync(new URL("table.json", dir), "latin1")) as RuleTable;
    if (table.hash !== ruleFilesHash(dir)) return undefined;
    const lines = readFileSync(new URL("rules.jsonl", dir), "latin1");
    // Not the rules this table was made with (~0.7 ms for 1 MB): the rule files are read instead.
    if (typeof table.rulesHash !== "string" || table.rulesHash !== linesHash(lines)) return undefined;
    // Where each line starts, and one past the last line's end: one rule per line, no more, no less.
    const starts = new Int32Array(table.count + 1);
    let at = 0;
    for (let i = 0; i < table.count; i++) {
      const end = lines.indexOf("\n", at);
      if (end < 0) return undefined;
      at = end + 1;
      starts[i + 1] = at;
    }
    if (at !== lines.length) return undefined;
    return new TableRules(table, lines, starts, new URL("rules.jsonl", dir));
  } catch {
    return undefined;
  }
}

/** The built-in rules: from the build's table when it is fresh, else from the rule files. */
export const builtin: RuleSet = readTable() ?? new ArrayRules(runtimeRules((await import("./sources.js")).sourceRules));
