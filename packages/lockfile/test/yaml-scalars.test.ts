import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeWithShared, prng, tempDir } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkLockfile } from "../src/checks/check.js";
import { ambiguousScalars } from "../src/checks/yaml-scalars.js";
import { parseFastYaml } from "../src/parse/fast-yaml.js";
import { parseLockfile } from "../src/parse/index.js";
import { readPnpmYaml } from "../src/parse/pnpm-yaml.js";
import { parseYamlObject } from "../src/parse/yaml.js";
import { type FixtureIndex, fixturesDir, LOCKFILES } from "./fixtures.js";

// A plain scalar must mean the same to every reader of pnpm-lock.yaml here, and what pnpm 12 reads
// in a version: the text (`version: 1e3` is evil@1e3 to pnpm 12; pnpm 10's js-yaml makes 1000 of
// it and fails at install: 'reference.startsWith is not a function'). The fast readers kept the
// text; the yaml fallback (any file they decline: an anchor, a comment after a tab) made numbers
// of 1e3, 0x3E8, 1000.0 and booleans of True, so the same edge named another package.

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const SAMPLES = [
  ...["1e3", "1E3", "1e+3", "1.5e-3", "0x10", "0X10", "-0x10", "+0x1f", "0o17", "-0o17", "0b11", "0b", "0x", "0o"],
  ...["1.0", "1.", ".5", "+1", "-1", "+0", "-0", "0", "00", "01", "09", "0_1", "1_000", "1_", "_1", "1__0"],
  ...[".inf", "-.inf", "+.Inf", ".INF", ".nan", ".NaN", ".NAN", "-.nan", ".Nan", "..5", "._5", "1_.5"],
  ...["true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "null", "Null", "NULL", "nULL", "~", "~~"],
  ...["1.2.3", "4.17.21", "1.0.0-beta.1", "0.0.1", "1e3x", "12abc", "1-2", "+", "-1.5", "1.5.", "9".repeat(400)],
  ...["yes", "no", "on", "off", "y", "n", "0b102", "0o8", "0xg", "1e", "1e-", ".e3", "-.5e3", "1.2e3.4"],
];

/** Text made of the characters numbers, booleans and nulls are written with: many near misses. */
function generated(count: number, seed: number): string[] {
  const rand = prng(seed);
  const alphabet = "0123456789+-._xobeEinfaNTtrulsFLU~";
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = "";
    for (let n = 1 + Math.floor(rand() * 6); n > 0; n--) s += alphabet[Math.floor(rand() * alphabet.length)];
    out.push(s);
  }
  return out;
}

/** What the fast readers make of a plain scalar: true/false, null/~, else the text. */
function fastReading(s: string): unknown {
  return s === "true" ? true : s === "false" ? false : s === "null" || s === "~" ? null : s;
}

describe("plain YAML scalars: every reader reads them alike", () => {
  const inputs = [...SAMPLES, ...generated(4000, 18)];

  it("fast-yaml, the pnpm layout reader and the yaml fallback give one tree: values, flow values, items, keys", async () => {
    let compared = 0;
    for (const s of inputs) {
      const value = parseFastYaml(`k: ${s}\n`);
      if (value !== undefined) expect(value.k, s).toEqual(fastReading(s));
      for (const doc of [`k: ${s}\n`, `m:\n  k: ${s}\n`, `m: {k: ${s}, j: 'x'}\n`, `m:\n  - ${s}\n`, `${s}: x\n`]) {
        // A `~` key: "~" to the fast readers, "null" from the yaml package (no npm name is either).
        if (s === "~" && doc.startsWith("~:")) continue;
        const fast = parseFastYaml(doc);
        if (fast === undefined) continue;
        const layout = readPnpmYaml(doc);
        if (layout !== undefined) expect(layout, `pnpm layout: ${doc}`).toEqual(fast);
        // The yaml package's reading, as when the fast readers decline (an anchor forces it here).
        const forced = (await parseYamlObject("x.yaml", `${doc}zz: &a 1\n`).catch(() => undefined)) as
          | Record<string, unknown>
          | undefined;
        if (forced === undefined) continue;
        delete forced.zz;
        expect(forced, `yaml fallback: ${doc}`).toEqual(fast);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });
});

describe("pnpm-lock.yaml: a number-like version is the text pnpm 12 installs, in every reader", () => {
  const lock = (version: string, extra = "") => `lockfileVersion: '9.0'
${extra}
importers:

  .:
    dependencies:
      evil:
        specifier: ^1000.0.0
        version: ${version}

packages:

  evil@1000.0.0:
    resolution: {integrity: sha512-AAAA}

  evil@${version}:
    resolution: {integrity: sha512-AAAA}

  evil@1000:
    resolution: {integrity: sha512-AAAA}

snapshots:

  evil@1000.0.0: {}

  evil@${version}: {}

  evil@1000: {}
`;

  // With an anchor the fast readers decline the file: the yaml package reads it.
  it.each(
    ["1e3", "1_000", "0x3E8", "1000.0", "0o1750", "True", "true"].flatMap((v) => [
      [v, ""],
      [v, "settings: &s {}\n"],
    ]),
  )("version: %s (%j)", async (version, extra) => {
    const tmp = tempDir("rampart-yaml-scalars-");
    cleanups.push(tmp.cleanup);
    writeFileSync(join(tmp.dir, "pnpm-lock.yaml"), lock(version, extra));
    const lockfile = await parseLockfile({ path: "pnpm-lock.yaml", cwd: tmp.dir });
    const edge = lockfile.edges.find((e) => e.from === "importer:.");
    expect(edge?.to).toBe(`evil@${version}`);
  });

  it.each(["True", "TRUE"])("requiresBuild: %s is an install script (pnpm 10 and 12: true)", async (flag) => {
    const tmp = tempDir("rampart-yaml-scalars-");
    cleanups.push(tmp.cleanup);
    const text = lock("1e3").replace(
      "  evil@1000.0.0:\n    resolution: {integrity: sha512-AAAA}\n",
      `  evil@1000.0.0:\n    resolution: {integrity: sha512-AAAA}\n    requiresBuild: ${flag}\n`,
    );
    expect(text).toContain(`requiresBuild: ${flag}`);
    writeFileSync(join(tmp.dir, "pnpm-lock.yaml"), text);
    const lockfile = await parseLockfile({ path: "pnpm-lock.yaml", cwd: tmp.dir });
    expect(lockfile.packages.find((p) => p.id === "evil@1000.0.0")?.hasInstallScript).toBe(true);
  });
});

// pnpm writes every string a YAML reader would type quoted (`specifier: '1'`); a plain one was not
// pnpm's, and pnpm 10 (js-yaml: `specifier: 0x3E8` is 1000, checked with pnpm 10.34.8's frozen
// install), pnpm 12 and rampart (the text) and YAML 1.1 (`on`, `017`) disagree on it. The check reports it.
describe("lockfile/ambiguous-scalar: plain scalars YAML readers type differently", () => {
  // What pnpm's js-yaml (or YAML 1.1, for keys) types and the yaml package's 1.2 core schema does
  // not: underscores anywhere (1__0, 0o_1), binary 0b11, a sign before 0x/0o, sexagesimal 1:20,
  // dates. Reported; the yaml package is no oracle for them.
  const JS_YAML_ONLY = /_|^[-+]?0b|^[-+]0[ox]|:|^[0-9]{4}-/;
  const inputs = [...SAMPLES, ...generated(3000, 7).map((s) => s.replace(/:+$/, "")), "1:20", "2001-12-14", "y", "N"];
  /** What the yaml package makes of a plain scalar, by YAML 1.1 and by 1.2's core schema; undefined: not a plain scalar. */
  function typed(doc: string, pick: (data: Record<string, unknown>) => unknown, s: string, keys = false) {
    const read = (options: object) => {
      try {
        return pick(parse(doc, { ...options, logLevel: "silent" }) as Record<string, unknown>);
      } catch {
        return undefined;
      }
    };
    if (read({ schema: "failsafe" }) !== s) return undefined;
    const readings = keys
      ? [read({ schema: "core", mapAsMap: true })]
      : [read({ version: "1.1" }), read({ schema: "core" })];
    return readings.some((v) => v !== s && !(typeof v === "boolean" && String(v) === s));
  }

  it("every value the yaml package types by YAML 1.1 or 1.2 is reported; what it reads as text is not (but for what only js-yaml types)", () => {
    let reported = 0;
    for (const s of inputs) {
      for (const [doc, pick] of [
        [`k: ${s}\n`, (d: Record<string, unknown>) => d.k],
        [`m:\n  - ${s}\n`, (d: Record<string, unknown>) => (d.m as unknown[] | undefined)?.[0]],
        [`m: {k: ${s}}\n`, (d: Record<string, unknown>) => (d.m as Record<string, unknown> | undefined)?.k],
      ] as const) {
        const expected = typed(doc, pick, s);
        if (expected === undefined) continue;
        const found = ambiguousScalars(doc);
        if (expected) reported++;
        if (!expected && JS_YAML_ONLY.test(s)) continue;
        expect({ doc, found: found.map((f) => f.text) }).toEqual({ doc, found: expected ? [s] : [] });
      }
    }
    expect(reported).toBeGreaterThan(300);
  });

  it("keys: what 1.2's core schema types (pnpm's js-yaml makes `0x3E8:` the package 1000); YAML 1.1's words are package names (n, yes)", () => {
    let reported = 0;
    for (const s of inputs) {
      const doc = `m:\n  ${s}: x\n`;
      // A key is text to every reader (js-yaml String()s it): only one whose text changes counts.
      const expected = typed(
        doc,
        (d) => {
          const m = d instanceof Map ? d.get("m") : (d as Record<string, unknown>).m;
          const key = m instanceof Map ? [...m.keys()][0] : Object.keys((m as Record<string, unknown>) ?? {})[0];
          return key === undefined ? undefined : String(key);
        },
        s,
        true,
      );
      if (expected === undefined || (!expected && JS_YAML_ONLY.test(s))) continue;
      if (expected) reported++;
      expect({ doc, found: ambiguousScalars(doc).map((f) => f.text) }).toEqual({ doc, found: expected ? [s] : [] });
    }
    expect(reported).toBeGreaterThan(50);
    expect(ambiguousScalars("importers:\n  .:\n    dependencies:\n      n: 9.2.0\n      yes: 1.0.0\n")).toEqual([]);
  });

  it("lowercase true/false and pnpm 5's `lockfileVersion: 5.4` are what pnpm writes: not reported", () => {
    expect(
      ambiguousScalars("lockfileVersion: 5.4\npackages:\n  /a/1.0.0:\n    dev: true\n    optional: false\n"),
    ).toEqual([]);
    expect(ambiguousScalars("x:\n  lockfileVersion: 5.4\n")).toMatchObject([
      { line: 2, text: "5.4", readAs: "a number" },
    ]);
  });

  describeWithShared(LOCKFILES, "on the shared pnpm lockfiles", () => {
    const pnpm = (JSON.parse(readFileSync(join(fixturesDir, "index.json"), "utf8")) as FixtureIndex[]).filter((f) =>
      f.format.startsWith("pnpm"),
    );

    it("pnpm's own lockfiles have none", async () => {
      expect(pnpm.length).toBeGreaterThan(3);
      for (const f of pnpm) {
        const lockfile = await parseLockfile({ path: f.lockfile, cwd: join(fixturesDir, f.dir) });
        const result = await checkLockfile(lockfile, {}, { cwd: join(fixturesDir, f.dir), skipDrift: true });
        expect({ dir: f.dir, found: result.findings.filter((x) => x.ruleId === "lockfile/ambiguous-scalar") }).toEqual({
          dir: f.dir,
          found: [],
        });
      }
    });

    it.each(["1e3", "0x3E8", "True", "~", "NULL", "017"])(
      "a version written `%s` is an error at its line",
      async (scalar) => {
        const f = pnpm.find((x) => x.format.startsWith("pnpm") && x.dir.includes("v9")) as FixtureIndex;
        const text = readFileSync(join(fixturesDir, f.dir, f.lockfile), "utf8");
        const at = text.search(/\n {8}version: [0-9]/);
        expect(at).toBeGreaterThan(0);
        const line = text.slice(0, at + 1).split("\n").length;
        const end = text.indexOf("\n", at + 1);
        const edited = `${text.slice(0, at + 1)}        version: ${scalar}${text.slice(end)}`;
        const lockfile = await parseLockfile({ path: f.lockfile, content: edited, cwd: join(fixturesDir, f.dir) });
        const result = await checkLockfile(lockfile, {}, { cwd: join(fixturesDir, f.dir), skipDrift: true });
        expect(result.findings.filter((x) => x.ruleId === "lockfile/ambiguous-scalar")).toMatchObject([
          { severity: "error", line, properties: { scalar } },
        ]);
        expect(result.ok).toBe(false);
      },
    );

    // Each finding's fingerprint is what a baseline, a suppression or a dismissed code-scanning
    // alert names: the message quotes only the scalar, so two places written alike shared one, and
    // accepting one accepted every other `1e3` the lockfile has or gets.
    it("two places written alike have distinct fingerprints, which an edit elsewhere keeps", async () => {
      const f = pnpm.find((x) => x.dir === "pnpm-v9-vue-core") as FixtureIndex;
      const text = readFileSync(join(fixturesDir, f.dir, f.lockfile), "utf8");
      const lines = text.split("\n");
      const specifiers = lines.flatMap((l, i) => (/^ {6}specifier: \^/.test(l) ? [i] : [])).slice(0, 2);
      const versions = lines.flatMap((l, i) => (/^ {8}version: [0-9]/.test(l) ? [i] : [])).slice(0, 2);
      expect(specifiers.length + versions.length).toBe(4);
      for (const i of specifiers) lines[i] = "      specifier: 1e3";
      for (const i of versions) lines[i] = "        version: 1e3";
      // The same flow mapping twice on one line, and the same block written twice under one key.
      const flow = lines.findIndex((l) => /^ {4}resolution: \{integrity: /.test(l));
      lines[flow] = (lines[flow] as string).replace(/\}$/, ", os: [0x10, 0x10]}");
      const fingerprints = async (edited: string[]) => {
        const lockfile = await parseLockfile({
          path: f.lockfile,
          content: edited.join("\n"),
          cwd: join(fixturesDir, f.dir),
        });
        const result = await checkLockfile(lockfile, {}, { cwd: join(fixturesDir, f.dir), skipDrift: true });
        return result.findings.filter((x) => x.ruleId === "lockfile/ambiguous-scalar").map((x) => x.fingerprint);
      };
      const before = await fingerprints(lines);
      expect(before.length).toBe(6);
      expect(new Set(before).size).toBe(6);
      // Lines added above every one of them (a catalog entry) and below: the same fingerprints.
      const catalog = lines.indexOf("  default:");
      expect(catalog).toBeGreaterThan(0);
      const moved = [
        ...lines.slice(0, catalog + 1),
        "    aaa-added:",
        "      specifier: ^1.0.0",
        "      version: 1.0.0",
        ...lines.slice(catalog + 1),
        "",
      ];
      expect(await fingerprints(moved)).toEqual(before);
    });
  });
});
