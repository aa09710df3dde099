import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { RampartError } from "@rampart/core";
import { describeWithShared, prng } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { parseLockfile } from "../src/index.js";
import { fixturePath, LOCKFILES, loadIndex, readFixture } from "./fixtures.js";

const small = resolve(import.meta.dirname, "fixtures");

const MUTATIONS = ["truncate", "flip", "delete-line", "duplicate-line"] as const;

function mutate(text: string, kind: (typeof MUTATIONS)[number], rand: () => number): string {
  const at = Math.floor(rand() * text.length);
  if (kind === "truncate") return text.slice(0, at);
  if (kind === "flip") {
    const chars = ['"', "{", "}", ":", " ", "\n", "@", "(", ",", "-", "x", "\t", "'"];
    return text.slice(0, at) + chars[Math.floor(rand() * chars.length)] + text.slice(at + 1);
  }
  const start = text.lastIndexOf("\n", at) + 1;
  const end = text.indexOf("\n", at);
  const line = text.slice(start, end < 0 ? text.length : end + 1);
  return kind === "delete-line"
    ? text.slice(0, start) + text.slice(start + line.length)
    : text.slice(0, start) + line + line + text.slice(start + line.length);
}

const CASES_PER_FIXTURE = 17; // 12 fixtures under 1 MB: 204 cases

describeWithShared(LOCKFILES, "fuzz: mutated real-world fixtures parse or fail with RampartError", () => {
  let rejected = 0;
  // The two largest npm files add nothing the smaller ones of the same version do not exercise.
  const fixtures = loadIndex().filter((fx) => fx.bytes < 1_000_000);

  it.each(fixtures.map((fx, i) => [fx.dir, fx.lockfile, i] as const))("%s", async (dir, file, i) => {
    const original = readFixture(dir, file);
    const rand = prng(0x5eed + i);
    for (let c = 0; c < CASES_PER_FIXTURE; c++) {
      const kind = MUTATIONS[c % MUTATIONS.length] as (typeof MUTATIONS)[number];
      const content = mutate(original, kind, rand);
      try {
        await parseLockfile({ path: file, content, cwd: fixturePath(dir) });
      } catch (error) {
        if (!(error instanceof RampartError))
          throw new Error(`case ${c} (${kind}) threw ${String(error)}`, { cause: error });
        expect(error.code).toBe("LOCKFILE_PARSE_FAILED");
        expect(error.location).toContain(file);
        rejected++;
      }
    }
  });

  it("rejected a fair share of the mutations (the fuzzing exercised the error paths)", () => {
    expect(rejected).toBeGreaterThan(fixtures.length * 2);
  });
});

describe("parse errors", () => {
  it("reports the line of a truncated JSON lockfile and of invalid YAML", async () => {
    const json = readFileSync(resolve(small, "npm-v3/package-lock.json"), "utf8");
    const cut = json.slice(0, json.indexOf("node_modules/is-number"));
    expect(cut.length).toBeGreaterThan(100);
    const error = await parseLockfile({
      path: "package-lock.json",
      content: cut,
      cwd: resolve(small, "npm-v3"),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).line).toBe(cut.split("\n").length);
    const yaml = "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: {a: [\n";
    const yamlError = await parseLockfile({ path: "pnpm-lock.yaml", content: yaml, cwd: "/" }).catch((e: unknown) => e);
    expect((yamlError as RampartError).code).toBe("LOCKFILE_PARSE_FAILED");
    expect((yamlError as RampartError).line).toBeGreaterThan(1);
  });

  it("survives adversarial nesting and alias bombs without crashing", async () => {
    const deep = `lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: ${"[".repeat(100_000)}\n`;
    const bomb = `lockfileVersion: '9.0'\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`;
    const json = `{"lockfileVersion": 3, "packages": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    for (const [path, content] of [
      ["pnpm-lock.yaml", deep],
      ["pnpm-lock.yaml", bomb],
      ["package-lock.json", json],
    ] as const) {
      const error = await parseLockfile({ path, content, cwd: "/nonexistent-dir" }).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(RampartError);
    }
  });

  it("rejects unknown versions and a v1 lockfile without its package.json", async () => {
    const bad = [
      ["package-lock.json", '{"lockfileVersion": 7, "packages": {}}', /lockfileVersion 7/],
      ["pnpm-lock.yaml", "lockfileVersion: '11.0'\n", /lockfileVersion "11.0"/],
      ["yarn.lock", "__metadata:\n  version: 99\n", /__metadata.version "99"/],
      ["yarn.lock", "something: else\n", /not a yarn.lock/],
      [
        "package-lock.json",
        '{"lockfileVersion": 1, "dependencies": {}}',
        /package.json beside the lockfile is missing/,
      ],
      // A second copy of an entry could show rampart one resolution and yarn another.
      [
        "yarn.lock",
        '# yarn lockfile v1\n\nms@^2:\n  version "2.0.0"\n\nms@^2:\n  version "2.1.3"\n',
        /yarn.lock:6: duplicate key ms@\^2/,
      ],
      [
        "yarn.lock",
        '# yarn lockfile v1\n\nms@^2, ms@2:\n  version "2.0.0"\n\n"ms@^2":\n  version "2.1.3"\n',
        /ms@\^2 appears in two entries/,
      ],
      [
        "yarn.lock",
        '__metadata:\n  version: 8\n\n"ms@npm:^2":\n  version: 2.0.0\n  resolution: "ms@npm:2.0.0"\n  resolution: "ms@npm:2.1.3"\n',
        /yarn.lock:7: duplicate key resolution/,
      ],
    ] as const;
    for (const [path, content, message] of bad) {
      const error = await parseLockfile({ path, content, cwd: "/nonexistent-dir" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RampartError);
      // How the CLI prints it: the location once, then the message.
      expect(`${(error as RampartError).location}: ${(error as RampartError).message}`).toMatch(message);
    }
  });
});
