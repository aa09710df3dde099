import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { prng, tempDir } from "@rampart/test-helpers";
// pnpm's own YAML reader (pnpm 10 bundles @zkochan/js-yaml 0.0.11 and loads pnpm-lock.yaml with it).
import jsYaml from "@zkochan/js-yaml";
import { afterEach, describe, expect, it } from "vitest";
import { parseFastYaml } from "../src/parse/fast-yaml.js";
import { parseLockfile } from "../src/parse/index.js";
import { readPnpmYaml } from "../src/parse/pnpm-yaml.js";
import { parseYamlObject } from "../src/parse/yaml.js";
import { plainScalar } from "../src/parse/yaml-scalars.js";

// A plain scalar must mean to rampart what it means to pnpm: `version: 1e3` is 1000 to js-yaml,
// so pnpm installs evil@1000; read as the text '1e3' the edge named no package and evil fell out
// of lockfile check, sbom and deps.

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

/** js-yaml's tree of `doc`, or undefined: it refuses it, or holds a timestamp (a Date: text to rampart). */
function jsYamlReads(doc: string): unknown {
  const hasDate = (v: unknown): boolean =>
    v instanceof Date || (typeof v === "object" && v !== null && Object.values(v).some(hasDate));
  try {
    const value = jsYaml.load(doc) as unknown;
    return hasDate(value) ? undefined : value;
  } catch {
    return undefined; // not a scalar question
  }
}

describe("plain YAML scalars: typed as pnpm's js-yaml types them", () => {
  const inputs = [...SAMPLES, ...generated(4000, 18)];

  it("plainScalar agrees with @zkochan/js-yaml on every sample and on generated near misses", () => {
    let typed = 0;
    for (const s of inputs) {
      const expected = jsYamlReads(`k: ${s}\n`) as { k: unknown } | undefined;
      if (expected === undefined || (typeof expected.k === "string" && expected.k !== s)) continue;
      expect(Object.is(plainScalar(s), expected.k) || plainScalar(s) === expected.k, s).toBe(true);
      if (typeof expected.k !== "string") typed++;
    }
    // The samples exercise every kind: numbers, booleans, nulls.
    expect(typed).toBeGreaterThan(200);
  });

  it("each reader (fast-yaml, pnpm layout, the yaml fallback) gives js-yaml's tree: values, flow values, keys", async () => {
    let compared = 0;
    for (const s of inputs) {
      for (const doc of [`k: ${s}\n`, `m:\n  k: ${s}\n`, `m: {k: ${s}, j: 'x'}\n`, `m:\n  - ${s}\n`, `${s}: x\n`]) {
        const expected = jsYamlReads(doc);
        if (expected === undefined) continue;
        const fast = parseFastYaml(doc);
        const layout = readPnpmYaml(doc);
        // The yaml package's reading, as when the fast readers decline (an anchor forces it here).
        const forced = (await parseYamlObject("x.yaml", `${doc}zz: &a 1\n`).catch(() => undefined)) as
          | Record<string, unknown>
          | undefined;
        if (forced !== undefined) {
          delete forced.zz;
          expect(forced, `yaml fallback: ${doc}`).toEqual(expected);
          compared++;
        }
        if (fast !== undefined) expect(fast, `fast-yaml: ${doc}`).toEqual(expected);
        if (layout !== undefined) expect(layout, `pnpm layout: ${doc}`).toEqual(expected);
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });
});

describe("pnpm-lock.yaml: a version written as a YAML number is the package pnpm installs", () => {
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

  evil@1000:
    resolution: {integrity: sha512-AAAA}

  evil@3:
    resolution: {integrity: sha512-AAAA}

  evil@true:
    resolution: {integrity: sha512-AAAA}

snapshots:

  evil@1000.0.0: {}

  evil@1000: {}

  evil@3: {}

  evil@true: {}
`;

  it.each([
    ["1e3", ""],
    ["1_000", ""],
    ["0x3E8", ""],
    ["1000.0", ""],
    ["0b11", ""],
    ["True", ""],
    // A file the fast readers decline (an anchor): the yaml package reads it the same way.
    ["1e3", "settings: &s {}\n"],
    ["0b11", "settings: &s {}\n"],
    ["1_000", "settings: &s {}\n"],
  ])("version: %s (%j)", async (version, extra) => {
    const tmp = tempDir("rampart-yaml-scalars-");
    cleanups.push(tmp.cleanup);
    const text = lock(version, extra);
    writeFileSync(join(tmp.dir, "pnpm-lock.yaml"), text);
    const pnpmReads = (jsYaml.load(text) as { importers: Record<string, { dependencies: Record<string, unknown> }> })
      .importers["."]?.dependencies.evil as { version: unknown };
    const lockfile = await parseLockfile({ path: "pnpm-lock.yaml", cwd: tmp.dir });
    const edge = lockfile.edges.find((e) => e.from === "importer:.");
    expect(edge?.to).toBe(`evil@${String(pnpmReads.version)}`);
  });

  it.each(["True", "TRUE"])("requiresBuild: %s is an install script (pnpm's js-yaml: true)", async (flag) => {
    const tmp = tempDir("rampart-yaml-scalars-");
    cleanups.push(tmp.cleanup);
    const text = lock("1000.0.0").replace(
      "  evil@1000.0.0:\n    resolution: {integrity: sha512-AAAA}\n",
      `  evil@1000.0.0:\n    resolution: {integrity: sha512-AAAA}\n    requiresBuild: ${flag}\n`,
    );
    expect(text).toContain(`requiresBuild: ${flag}`);
    writeFileSync(join(tmp.dir, "pnpm-lock.yaml"), text);
    const lockfile = await parseLockfile({ path: "pnpm-lock.yaml", cwd: tmp.dir });
    expect(lockfile.packages.find((p) => p.id === "evil@1000.0.0")?.hasInstallScript).toBe(true);
  });
});
