import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RampartError } from "@rampart/core/errors";
import { tempDir } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { generateSbom } from "../src/sbom/generate.js";
import type { SbomFormat } from "../src/sbom/render-core.js";

// A lone surrogate ("\ud800" as a JSON or YAML escape) or a control character in a lockfile's
// strings: no SBOM format can carry it (packageurl-js threw "URI malformed" on a name or version;
// XML got U+FFFD or was no longer well-formed). The run is refused, naming file, line and entry.

const FORMATS: SbomFormat[] = ["cyclonedx-json", "cyclonedx-xml", "spdx-json"];
const SRI = "sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==";
const LONE = "\ud800";

function project(files: Record<string, string>): string {
  const { dir } = tempDir("rampart-sbom-text-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const manifest = JSON.stringify({ name: "app", version: "1.0.0", dependencies: { a: "1.0.0", b: "1.0.0" } });

function npmV3(a: Record<string, string>, key = "node_modules/a"): string {
  return JSON.stringify(
    {
      name: "app",
      version: "1.0.0",
      lockfileVersion: 3,
      packages: {
        "": { name: "app", version: "1.0.0", dependencies: { a: "1.0.0", b: "1.0.0" } },
        [key]: { version: "1.0.0", resolved: "https://registry.npmjs.org/a/-/a-1.0.0.tgz", integrity: SRI, ...a },
        "node_modules/b": { version: "1.0.0", resolved: "https://registry.npmjs.org/b/-/b-1.0.0.tgz", integrity: SRI },
      },
    },
    null,
    2,
  );
}

async function refusal(dir: string, format: SbomFormat): Promise<RampartError> {
  const error = await generateSbom({ cwd: dir, format, timestamp: "none", enrich: false }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, format).toBeInstanceOf(RampartError);
  expect((error as RampartError).code).toBe("SBOM_LOCKFILE_TEXT_INVALID");
  return error as RampartError;
}

describe("lockfile text no SBOM can carry", () => {
  // JSON.stringify writes a lone surrogate as the escape "\ud800", as a hand edit would.
  const lockfiles: Array<[string, string, string, number | undefined]> = [
    ["npm v3", "package-lock.json", npmV3({ version: `1.0.0${LONE}` }), 14],
    [
      "npm v1",
      "package-lock.json",
      JSON.stringify({
        name: "app",
        version: "1.0.0",
        lockfileVersion: 1,
        dependencies: {
          a: { version: `1.0.0${LONE}`, resolved: "https://registry.npmjs.org/a/-/a-1.0.0.tgz", integrity: SRI },
          b: { version: "1.0.0", resolved: "https://registry.npmjs.org/b/-/b-1.0.0.tgz", integrity: SRI },
        },
      }),
      undefined,
    ],
    [
      "pnpm v9",
      "pnpm-lock.yaml",
      [
        "lockfileVersion: '9.0'",
        "",
        "importers:",
        "",
        "  .:",
        "    dependencies:",
        "      a:",
        "        specifier: 1.0.0",
        '        version: "1.0.0\\ud800"',
        "      b:",
        "        specifier: 1.0.0",
        "        version: 1.0.0",
        "",
        "packages:",
        "",
        '  "a@1.0.0\\ud800":',
        `    resolution: {integrity: ${SRI}}`,
        "",
        "  b@1.0.0:",
        `    resolution: {integrity: ${SRI}}`,
        "",
        "snapshots:",
        "",
        '  "a@1.0.0\\ud800": {}',
        "",
        "  b@1.0.0: {}",
        "",
      ].join("\n"),
      16,
    ],
    [
      "yarn v1",
      "yarn.lock",
      [
        "# yarn lockfile v1",
        "",
        "",
        "a@1.0.0:",
        '  version "1.0.0\\ud800"',
        '  resolved "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz"',
        `  integrity ${SRI}`,
        "",
        "b@1.0.0:",
        '  version "1.0.0"',
        '  resolved "https://registry.yarnpkg.com/b/-/b-1.0.0.tgz"',
        `  integrity ${SRI}`,
        "",
      ].join("\n"),
      4,
    ],
    [
      "yarn berry",
      "yarn.lock",
      [
        "__metadata:",
        "  version: 8",
        "  cacheKey: 10c0",
        "",
        '"a@npm:1.0.0":',
        '  version: "1.0.0\\ud800"',
        '  resolution: "a@npm:1.0.0"',
        "  checksum: 10c0/abcd",
        "  languageName: node",
        "  linkType: hard",
        "",
        '"app@workspace:.":',
        "  version: 0.0.0-use.local",
        '  resolution: "app@workspace:."',
        "  dependencies:",
        '    a: "npm:1.0.0"',
        "  languageName: unknown",
        "  linkType: soft",
        "",
      ].join("\n"),
      5,
    ],
  ];

  for (const [label, file, text, line] of lockfiles) {
    it(`${label}: a lone surrogate in a version refuses the run in every format, naming file, line and entry`, async () => {
      const dir = project({ "package.json": manifest, [file]: text });
      for (const format of FORMATS) {
        const error = await refusal(dir, format);
        expect(error.file).toBe(file);
        expect(error.line).toBe(line);
        // The character is named as an escape, never written raw (a terminal would show U+FFFD).
        expect(error.message).toContain("a@1.0.0\\ud800");
        expect(error.message).not.toContain(LONE);
        expect(error.hint).toContain("rampart lockfile check");
      }
    });
  }

  it("refuses such text in a name, a scope, a resolved URL or a licence, not only a version", async () => {
    const cases: Array<[string, string, string]> = [
      ["name", npmV3({}, `node_modules/a${LONE}`), "the name of a\\ud800@1.0.0"],
      ["scope", npmV3({}, `node_modules/@s${LONE}/a`), "the name of @s\\ud800/a@1.0.0"],
      [
        "resolved",
        npmV3({ resolved: `https://registry.npmjs.org/a/-/a-1.0.0.tgz${LONE}` }),
        "the resolved URL of a@1.0.0",
      ],
      ["licence", npmV3({ license: "MIT\u0001" }), "the licence of a@1.0.0 (entry node_modules/a) has \\u0001"],
      ["version U+FFFF", npmV3({ version: "1.0.0\uffff" }), "the version of a@1.0.0\\uffff"],
    ];
    for (const [label, text, message] of cases) {
      const dir = project({ "package.json": manifest, "package-lock.json": text });
      const error = await refusal(dir, "cyclonedx-xml");
      expect(error.message, label).toContain(message);
      expect(error.file, label).toBe("package-lock.json");
    }
  });

  it("names the workspace's package.json when the text comes from it", async () => {
    const dir = project({
      "package.json": JSON.stringify({ name: "app", version: "1.0.0", description: "tab\tok, bell \u0007 not" }),
      "package-lock.json": npmV3({}),
    });
    const error = await generateSbom({ cwd: dir, format: "cyclonedx-xml", timestamp: "none" }).catch((e) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect(error.file).toBe("package.json");
    expect(error.message).toContain("the description of workspace . has \\u0007");
  });

  it("leaves out (and says) an installed package.json's field it cannot carry, and writes everything else", async () => {
    const dir = project({
      "package.json": manifest,
      "package-lock.json": npmV3({}),
      "node_modules/a/package.json": JSON.stringify({
        name: "a",
        version: "1.0.0",
        description: "colour \u001b[31mred",
        author: `Ada ${LONE}`,
        license: "ISC",
      }),
    });
    for (const format of FORMATS) {
      const { content, warnings } = await generateSbom({ cwd: dir, format, timestamp: "none" });
      for (const left of ["\u001b", LONE, "\\u001b", "\\ud800", "colour", "Ada"]) expect(content).not.toContain(left);
      expect(content).toContain("pkg:npm/b@1.0.0");
      expect(content).toContain("ISC");
      expect(warnings).toContain(
        "the installed package.json of a@1.0.0: its description has \\u001b, a character no SBOM can carry: left out",
      );
      expect(warnings).toContain(
        "the installed package.json of a@1.0.0: its author has \\ud800, a character no SBOM can carry: left out",
      );
    }
  });

  it("keeps tabs, line breaks and astral characters (a well-formed surrogate pair)", async () => {
    const dir = project({
      "package.json": manifest,
      "package-lock.json": npmV3({ license: "SEE LICENSE IN 🦄.txt" }),
      "node_modules/a/package.json": JSON.stringify({ name: "a", version: "1.0.0", description: "one\ttwo\nthree" }),
    });
    const { content, warnings } = await generateSbom({ cwd: dir, format: "cyclonedx-json", timestamp: "none" });
    expect(warnings).toEqual([]);
    const doc = JSON.parse(content);
    const a = doc.components.find((c: { name: string }) => c.name === "a");
    expect(a.licenses).toEqual([{ license: { name: "SEE LICENSE IN 🦄.txt" } }]);
    expect(a.description).toBe("one\ttwo\nthree");
  });
});
