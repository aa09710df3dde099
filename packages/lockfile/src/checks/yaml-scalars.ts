import type { Lockfile } from "../model.js";
import { yamlSource } from "../parse/suspects.js";
import type { FindingSink } from "./rules.js";

/**
 * Plain (unquoted) YAML scalars in a pnpm-lock.yaml that some reader types as a number, a boolean,
 * a null or a date instead of text. pnpm's writer (js-yaml's dump) quotes every such string
 * (`specifier: '1'`, `'1e3':`), so a plain one was not written by pnpm, and the readers disagree on
 * it: pnpm 10 (js-yaml) reads `specifier: 0x3E8` as the number 1000 and `version: 1e3` as 1000,
 * YAML 1.1 reads `on` and `017` and `1:20` as true, 15 and 80, rampart's readers keep the text. A
 * value read one way by rampart and another by the installer names another package than the one
 * judged, so each is a finding (lockfile/ambiguous-scalar) rather than a silent choice.
 *
 * Not reported: lowercase `true`/`false` (a boolean to every reader, as pnpm writes `dev: true`),
 * and the top-level `lockfileVersion:` (pnpm 5 writes `lockfileVersion: 5.4` unquoted).
 */
export interface AmbiguousScalar {
  /** 1-based line. */
  line: number;
  /** The scalar as written. */
  text: string;
  /** What a reader makes of it: "a number", "a boolean", "null", "a date". */
  readAs: string;
  /**
   * Where it is, without line numbers (they move with every unrelated edit): the lines of the
   * block keys that hold it, its own line, its column there and, for places written the same
   * more than once, which of them. Two scalars never share it, and an edit elsewhere keeps it.
   */
  place: string;
}

// What YAML 1.2's core schema, YAML 1.1 and js-yaml (pnpm) type, as plain scalars:
const NULL = "~|null|Null|NULL";
// YAML 1.2 core / js-yaml booleans; YAML 1.1 adds yes/no/on/off/y/n (values only: `n:` and `yes:`
// are real package names, and no reader pnpm uses types a key that way).
const BOOL = "True|TRUE|False|FALSE";
const BOOL_11 = "yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N";
const INT =
  "[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*)" +
  "|[-+]?(?:[0-9][0-9_]*\\.[0-9_]*|\\.[0-9_]+)(?:[eE][-+]?[0-9]+)?" +
  "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\\.[0-9_]*)?[eE][-+]?[0-9]+" +
  "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*" +
  "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)";
const DATE =
  "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?";
const TYPED = `${NULL}|${BOOL}|${INT}|${DATE}`;
// YAML 1.1's float expression also takes a lone `.`, `+.` and an exponent without digits before
// it (`e7`, `.e3`): values only (`.:` is the root importer's key).
const FLOAT_11 = "[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+|[-+]?\\.[0-9_]*";

// A scalar starts after `key: `, after `- ` (a sequence item), at a block key, or inside a flow
// collection after `{`, `[` or `, `; it ends at the line end, a ` #` comment, or (in flow) `,` `]` `}`,
// or (a key) at `:` before a blank or the line end.
// The lookahead turns most positions (names, integrity hashes, flow mappings) away at one character.
const VALUE_START = "(?:: |- |[{[,] ?)(?=[-+.~0-9TFNYOnyoeE])";
const END = "(?=[ ]*(?:\\n|$|[,\\]}]| #))";
const VALUE = new RegExp(`${VALUE_START}(${TYPED}|${BOOL_11}|${FLOAT_11})${END}`, "g");
const KEY = new RegExp(
  `(?:^|\\n)(?:[ ]*- |[ ]*)(?=[-+.~0-9TFN])(${TYPED}):(?= |\\n|$)|[{,] ?(?=[-+.~0-9TFN])(${TYPED}): `,
  "g",
);

const CANONICAL_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?$/;

function readAs(text: string): string {
  if (new RegExp(`^(?:${NULL})$`).test(text)) return "null";
  if (new RegExp(`^(?:${BOOL}|${BOOL_11})$`).test(text)) return "a boolean";
  if (new RegExp(`^(?:${DATE})$`).test(text) && text.includes("-")) return "a date";
  return "a number";
}

/** Where `text` (a pnpm-lock.yaml) has plain scalars a YAML reader would not read as that text. */
export function ambiguousScalars(text: string): AmbiguousScalar[] {
  // A quick way out: almost every lockfile has none of the characters a typed scalar can start
  // with right after a separator, except digits (versions) and `t`/`f` (booleans), which the
  // expressions decide on at once.
  const found = new Map<number, { text: string }>();
  for (const re of [VALUE, KEY]) {
    // V8 runs a regular expression's first execution in its bytecode interpreter and compiles it to
    // machine code from the second: a first run over a whole lockfile that matches nothing would be
    // interpreted from end to end (10x slower). One run on a short text first.
    re.lastIndex = 0;
    re.exec(": x\n");
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const scalar = (m[1] ?? m[2]) as string;
      const at = m.index + m[0].lastIndexOf(scalar);
      if (isLockfileVersion(text, at)) continue;
      // A key is text to every reader (js-yaml String()s a typed key): `5:` stays "5", `1e3:` is "1000".
      if (re === KEY && CANONICAL_NUMBER.test(scalar) && String(Number(scalar)) === scalar) continue;
      found.set(at, { text: scalar });
    }
  }
  if (found.size === 0) return [];
  const offsets = [...found.keys()].sort((a, b) => a - b);
  const out: AmbiguousScalar[] = [];
  // One pass over the lines up to the last scalar (only when there is one): the line number, and
  // the block keys above it (each line less indented than the one below it, as YAML nests them).
  const holders: Array<{ indent: number; text: string }> = [];
  const seen = new Map<string, number>();
  let line = 0;
  let from = 0;
  let lineStart = 0;
  for (const at of offsets) {
    while (from <= at) {
      const end = text.indexOf("\n", from);
      const stop = end < 0 ? text.length : end;
      line++;
      lineStart = from;
      const body = text.slice(from, stop).replace(/\r$/, "");
      const trimmed = body.trimStart();
      if (trimmed !== "" && !trimmed.startsWith("#")) {
        const indent = body.length - trimmed.length;
        while (holders.length > 0 && (holders.at(-1) as { indent: number }).indent >= indent) holders.pop();
        holders.push({ indent, text: trimmed.trimEnd() });
      }
      if (end < 0) {
        from = text.length + 1;
        break;
      }
      from = end + 1;
    }
    const scalar = (found.get(at) as { text: string }).text;
    const where = `${holders.map((h) => h.text).join("\n")}\n${at - lineStart}`;
    const nth = (seen.get(where) ?? 0) + 1;
    seen.set(where, nth);
    out.push({ line, text: scalar, readAs: readAs(scalar), place: nth === 1 ? where : `${where}\n#${nth}` });
  }
  return out;
}

/** `lockfileVersion: 5.4` at the top level: a number pnpm 5 writes, and every reader String()s it. */
function isLockfileVersion(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  return text.startsWith("lockfileVersion: ", lineStart) && at === lineStart + "lockfileVersion: ".length;
}

/**
 * The plain scalars pnpm 10's reader of pnpm-workspace.yaml (js-yaml 4's default schema, as
 * read-yaml-file loads it) types otherwise than the yaml package's YAML 1.2 core schema rampart
 * reads config with: numbers with underscores (`1_000`: 1000 to pnpm, text to rampart), binary
 * `0b11`, a sign before `0x`/`0o`, dates (`2001-12-14`: a Date to pnpm). On everything else the two
 * agree (`1e3` is 1000 to both, `True` true, `~` null, `yes` text).
 */
const DISPUTED = /_|^[-+]?0b|^[-+]0[ox]|^[0-9]{4}-/;

export function disputedScalars(text: string): AmbiguousScalar[] {
  return ambiguousScalars(text).filter((s) => DISPUTED.test(s.text));
}

/** lockfile/ambiguous-scalar for each plain scalar of a pnpm lockfile that YAML readers type differently. */
export function checkYamlScalars(lockfile: Lockfile, sink: FindingSink): void {
  if (lockfile.format !== "pnpm" || !sink.enabled("lockfile/ambiguous-scalar")) return;
  const text = yamlSource(lockfile);
  if (text === undefined) return;
  for (const s of ambiguousScalars(text)) {
    sink.add(
      "lockfile/ambiguous-scalar",
      undefined,
      `unquoted \`${s.text}\` is ${s.readAs} to some YAML readers (pnpm 10's js-yaml, YAML 1.1) and text to others: the entry judged may not be the one installed`,
      // The message names the scalar, not where it is: the fingerprint takes its place too, so a
      // baseline or a dismissed alert for one never covers another written the same.
      { line: s.line, key: s.place, properties: { scalar: s.text, readAs: s.readAs } },
    );
  }
}
