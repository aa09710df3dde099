import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describeWithShared, prng } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { parseFastYaml } from "../src/parse/fast-yaml.js";
import { parseLockfile } from "../src/parse/index.js";
import { readPnpmYaml } from "../src/parse/pnpm-yaml.js";
import { fixturesDir, LOCKFILES } from "./fixtures.js";

// The pnpm-layout reader must give exactly the generic reader's tree, or decline.

const small = resolve(import.meta.dirname, "fixtures");

function pnpmLockfiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory() && e.name !== "node_modules") out.push(...pnpmLockfiles(path));
    else if (e.name === "pnpm-lock.yaml") out.push(path);
  }
  return out.sort();
}

/** The same document with one line the layout reader declines and fast-yaml reads the same (a trailing space). */
function genericOnly(text: string): string {
  const eol = text.indexOf("\n");
  return `${text.slice(0, eol)} ${text.slice(eol)}`;
}

async function expectSameAsGeneric(path: string) {
  const text = readFileSync(path, "utf8");
  const tree = readPnpmYaml(text);
  expect(tree, "pnpm's own layout is read by the layout reader").toBeDefined();
  expect(tree).toEqual(parseFastYaml(text));
  // The model built from each reader's tree: the same packages, edges, importers, catalogs.
  const slow = genericOnly(text);
  expect(readPnpmYaml(slow)).toBeUndefined();
  expect(parseFastYaml(slow)).toEqual(tree);
  const fast = await parseLockfile({ path: "pnpm-lock.yaml", content: text, cwd: "/" });
  const generic = await parseLockfile({ path: "pnpm-lock.yaml", content: slow, cwd: "/" });
  expect(fast).toEqual(generic);
}

/** Line edits a hand or a tool might make: the reader must decline or agree with fast-yaml. */
const PIECES = [" ", "  ", "\t", "\r", "#", " #", "'", "''", '"', ":", ": ", "- ", "{", "}", "[", "]", ",", "&a", "*a"];
const MORE = ["!t", "|", ">", "---", "...", "~", "null", "true", "?", "\u00a0", "@", "%", "`", "\\", "x: y", "{a: b}"];
const FLOW = [
  "[a, b]",
  "{}",
  "a, b",
  "{a: 'b', c: d}",
  "{a: b c}",
  "{a: b , c: d}",
  "{a: b, a: c}",
  "{a: ~}",
  "{a: x:y}",
];
const ALL = [...PIECES, ...MORE, ...FLOW];

function mutateLines(lines: string[], rand: () => number): string {
  const out = lines.slice();
  const pick = (n: number) => Math.floor(rand() * n);
  for (let k = 1 + pick(3); k > 0; k--) {
    const at = pick(out.length);
    const line = out[at] as string;
    const col = pick(line.length + 1);
    const piece = ALL[pick(ALL.length)] as string;
    const op = pick(5);
    if (op === 0) out[at] = line.slice(0, col) + piece + line.slice(col);
    else if (op === 1) out[at] = line.slice(0, col) + line.slice(col + 1 + pick(3));
    else if (op === 2) out.splice(at, 0, line);
    else if (op === 3) out[at] = (pick(2) ? "  " : "") + line.replace(/^ {0,2}/, pick(2) ? "" : " ");
    else out[at] = line + piece;
  }
  return out.join("\n");
}

function fuzz(path: string, cases: number, seed: number) {
  const lines = readFileSync(path, "utf8").split("\n");
  const rand = prng(seed);
  let accepted = 0;
  for (let c = 0; c < cases; c++) {
    const text = mutateLines(lines, rand);
    const tree = readPnpmYaml(text);
    if (tree === undefined) continue;
    accepted++;
    expect(tree, text.slice(0, 200)).toEqual(parseFastYaml(text));
  }
  // Both branches are exercised: some edits keep pnpm's layout, most do not.
  expect(accepted).toBeGreaterThan(cases / 20);
  expect(accepted).toBeLessThan(cases);
}

describe("pnpm layout reader: the in-repo lockfiles", () => {
  const files = pnpmLockfiles(small);
  it("finds the pnpm fixtures", () => expect(files.length).toBeGreaterThanOrEqual(5));
  it.each(files.map((f) => [f.slice(small.length + 1), f]))("%s: same tree and model as the generic reader", (_, f) =>
    expectSameAsGeneric(f),
  );
  it.each(files.map((f, i) => [f.slice(small.length + 1), f, i] as const))(
    "%s: edited copies are declined or read as fast-yaml reads them",
    (_, f, i) => fuzz(f, 250, 0x9a7e + i),
  );
});

describeWithShared(LOCKFILES, "pnpm layout reader: the shared real-world lockfiles", () => {
  const files = pnpmLockfiles(fixturesDir);
  it.each(files.map((f) => [f.slice(fixturesDir.length + 1), f]))(
    "%s: same tree and model as the generic reader",
    (_, f) => expectSameAsGeneric(f),
  );
  it.each(files.map((f, i) => [f.slice(fixturesDir.length + 1), f, i] as const))(
    "%s: edited copies are declined or read as fast-yaml reads them",
    (_, f, i) => fuzz(f, 40, 0x5eed + i),
  );
});

describe("pnpm layout reader: what it declines", () => {
  it("declines what pnpm does not write, whether or not fast-yaml would read it", () => {
    for (const text of [
      "a:\n    b: c\n", // two levels at once
      "a:\n- b\n", // a sequence at its key's indentation
      "a: b \n", // trailing space
      "a: b\r\nc: d\r\n", // CRLF
      "a:\n  - b: c\n", // a mapping in a sequence
      "a: 1\na: 2\n", // duplicate key
      '"a": b\n', // double-quoted key
      "'it''s': b\n", // escaped quote in a key
      "a:\n\tb: c\n", // tab
      " a: b\n", // odd indentation
      "a:  b\n", // two spaces after the colon
      "a: &x b\n", // anchor
      "a: |\n  text\n", // block scalar
      "--- \na: 1\n",
      "a #b: c\n", // a comment inside a key
      "a: {b: c, b: d}\n", // duplicate flow key
      "a:\n  b:\n    c:\n      d:\n        e:\n          f:\n            g: h\n", // deeper than a lockfile nests
    ]) {
      expect(readPnpmYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it("reads pnpm's scalars and flow mappings as fast-yaml does", () => {
    const text = [
      "lockfileVersion: '9.0'",
      "",
      "packages:",
      "",
      "  '@a/b@1.0.0':",
      "    resolution: {integrity: sha512-AbC+/9==, tarball: https://example.com/b.tgz}",
      "    engines: {node: ^18.0.0 || >=20.0.0, npm: '>=9'}",
      "    cpu: [x64, arm64]",
      "    hasBin: true",
      "    deprecated: 'no: longer # maintained'",
      "    libc: ~",
      "    os: [linux]",
      "    peerDependenciesMeta:",
      "      x:",
      "        optional: true",
      "",
      "  c@2.0.0: {}",
      "",
      "snapshots:",
      "",
      "  c@2.0.0:",
      "    dependencies:",
      "      '@a/b': 1.0.0(x@1.0.0)",
      "    transitivePeerDependencies:",
      "      - x",
      "      - '@y/z'",
      "    optional: false",
      "    name: null",
      "# a comment",
      "",
    ].join("\n");
    const tree = readPnpmYaml(text);
    expect(tree).toBeDefined();
    expect(tree).toEqual(parseFastYaml(text));
    const pkg = ((tree?.packages ?? {}) as Record<string, Record<string, unknown>>)["@a/b@1.0.0"];
    expect(pkg?.engines).toEqual({ node: "^18.0.0 || >=20.0.0", npm: ">=9" });
    expect(pkg?.libc).toBeNull();
    expect(pkg?.deprecated).toBe("no: longer # maintained");
  });
});
