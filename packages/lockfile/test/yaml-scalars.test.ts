import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { prng, tempDir } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { parseFastYaml } from "../src/parse/fast-yaml.js";
import { parseLockfile } from "../src/parse/index.js";
import { readPnpmYaml } from "../src/parse/pnpm-yaml.js";
import { parseYamlObject } from "../src/parse/yaml.js";

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
