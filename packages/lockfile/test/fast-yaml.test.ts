import { readdirSync } from "node:fs";
import { describeWithShared } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseFastYaml } from "../src/parse/fast-yaml.js";
import { fixturesDir, LOCKFILES, readFixture } from "./fixtures.js";

/** yaml turns `5.4` into a number; the fast reader keeps scalars as written. Compare as strings. */
function normalize(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

describeWithShared(LOCKFILES, "fast YAML reader: same result as the yaml package on the real fixtures", () => {
  const files = readdirSync(fixturesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .flatMap((dir) =>
      ["pnpm-lock.yaml", "pnpm-workspace.yaml", ".yarnrc.yml"]
        .filter((f) => readdirSync(`${fixturesDir}/${dir}`).includes(f))
        .map((f) => [dir, f] as const),
    );
  it.each(files)("%s/%s", (dir, file) => {
    const text = readFixture(dir, file);
    const fast = parseFastYaml(text);
    // Every lockfile must take the fast path; hand-written config may fall back (undefined).
    const mayDecline = file !== "pnpm-lock.yaml" && fast === undefined;
    expect(fast === undefined ? undefined : normalize(fast)).toEqual(mayDecline ? undefined : normalize(parse(text)));
  });
});

describe("fast YAML reader: what it declines", () => {
  it("declines what it does not support, so the yaml package decides", () => {
    for (const text of [
      "a: &x 1\nb: *x\n",
      "a: |\n  text\n",
      "a: 1\na: 2\n",
      "- a\n",
      "a:\n\t- b\n",
      "a: {b: [c}\n",
      "a: 'x\n",
      "--- \na: 1\n",
      "a: b: c\n",
      "a: - b\n",
      "a: ]\n",
    ]) {
      expect(parseFastYaml(text), text).toBeUndefined();
    }
    expect(parseFastYaml("a:\n  - 'x'\n  - y\nb: {c: 'd, e', f: [1, 2]}\n# note\nc:\n")).toEqual({
      a: ["x", "y"],
      b: { c: "d, e", f: ["1", "2"] },
      c: null,
    });
  });
});
