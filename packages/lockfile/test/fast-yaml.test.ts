import { readdirSync } from "node:fs";
import { describeWithShared } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseFastYaml } from "../src/parse/fast-yaml.js";
import { parseLockfile } from "../src/parse/index.js";
import { readPnpmYaml } from "../src/parse/pnpm-yaml.js";
import { parseYamlTyped } from "../src/parse/yaml.js";
import { parseYarnSyntax } from "../src/parse/yarn-syntax.js";
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

/** A pnpm-lock v9 whose root depends on foo@1.0.0, up to and with foo's package entry. */
const FOO_LOCKFILE_HEAD = [
  "lockfileVersion: '9.0'",
  "",
  "importers:",
  "",
  "  .:",
  "    dependencies:",
  "      foo:",
  "        specifier: ^1.0.0",
  "        version: 1.0.0",
  "",
  "packages:",
  "",
  "  foo@1.0.0:",
  `    resolution: {integrity: sha512-${"A".repeat(86)}==}`,
  "",
];

// pnpm reads its lockfile with js-yaml, and yarn berry's fallback and other tools with YAML 1.1
// loaders: a plain `<<` key merges the mapping (or alias, or list of them) it holds into its
// parent. Read as a literal key, a package or dependency edge written under one is hidden from
// `lockfile check` and `sbom` while the package manager installs it.
describe("YAML merge keys (`<<`)", () => {
  const lockfile = [
    ...FOO_LOCKFILE_HEAD,
    "  <<: {evil@6.6.6: {resolution: {tarball: 'http://evil.example/evil.tgz'}}}",
    "",
    "  <<:",
    "    bad@1.0.0:",
    "      resolution: {tarball: 'http://evil.example/bad.tgz'}",
    "",
    "snapshots:",
    "",
    "  foo@1.0.0:",
    "    <<: {dependencies: {evil: 6.6.6}}",
    "",
    "  evil@6.6.6: {}",
    "",
    "  bad@1.0.0: {}",
    "",
  ].join("\n");

  it("are merged as the package manager merges them, never read as a key named '<<'", async () => {
    expect(parseFastYaml(lockfile)).toBeUndefined();
    expect(parseFastYaml("a: {<<: {b: c}}\n")).toBeUndefined();
    expect(parseFastYaml("a:\n  <<: {b: c}\n")).toBeUndefined();
    // Quoted, it is an ordinary key (js-yaml and yaml agree).
    expect(parseFastYaml("a:\n  '<<': {b: c}\n")).toEqual({ a: { "<<": { b: "c" } } });
    const model = await parseLockfile({ path: "pnpm-lock.yaml", content: lockfile, cwd: "/" });
    const ids = model.packages.map((p) => p.id).sort();
    expect(ids).toEqual(["bad@1.0.0", "evil@6.6.6", "foo@1.0.0"]);
    const evil = model.packages.find((p) => p.id === "evil@6.6.6");
    expect(evil?.resolved).toBe("http://evil.example/evil.tgz");
    // foo's merged dependency is an edge: evil is reachable, not an orphan.
    expect(model.edges.some((e) => e.from === "foo@1.0.0" && e.to === "evil@6.6.6")).toBe(true);
  });
});

// YAML starts a comment at a '#' after any white space, a tab too: `evil: 6.6.6\t# pinned` is the
// edge `evil -> 6.6.6` to pnpm's js-yaml; read as the version "6.6.6\t# pinned" it resolved to
// nothing, and evil (installed, with its bin) was left out of the SBOM as unreachable. A '#'
// after a blank inside a key (`evil #x: 1`) makes the rest of the line a comment too.
describe("comments after a tab, and '#' in a key", () => {
  it("are read as YAML reads them (declined to the yaml package), never as part of a scalar", async () => {
    for (const text of [
      "a:\n  b: 1\t#x\n",
      "a:\n  - b\t#x\n",
      "a: {b: c\t#x}\n",
      "a:\n  evil\t#x: 1\n",
      "a:\n  evil #x: 1\n",
      // YAML drops white space before a key's ':' (`evil :` is the key evil) and reads a BOM as no character.
      "a:\n  evil :\n    b: 1\n",
      "a:\n  evil\t: 1\n",
      "\ufeffa: 1\n",
      // A tag or an anchor before a key is not part of it.
      "a:\n  !!str ms@2.1.3:\n    b: 1\n",
      "a:\n  &x dev: false\n",
    ]) {
      expect(parseFastYaml(text), JSON.stringify(text)).toBeUndefined();
      expect(readPnpmYaml(text), JSON.stringify(text)).toBeUndefined();
    }
    expect(await edgeToEvil("    dependencies:\n      evil: 6.6.6\t# pinned")).toBe(true);
  });
});

// A carriage return alone is a line break to YAML (1.2 §5.4) and to pnpm's js-yaml: a line
// `    dependencies:\r      evil: 6.6.6` is a mapping and its entry. Read as one line (a key
// "dependencies:\r      evil"), the edge to evil was hidden; the `yaml` package refused some
// such texts and read others as one line too.
describe("a carriage return alone", () => {
  it("breaks the line, in every reader", async () => {
    expect(readPnpmYaml("a:\n  foo:\r    evil: 1\n")).toBeUndefined();
    expect(parseFastYaml("a:\n  foo:\r    evil: 1\n")).toEqual({ a: { foo: { evil: "1" } } });
    expect(parseFastYaml("a:\r  b: c\r\n  d: e\r")).toEqual({ a: { b: "c", d: "e" } });
    expect(await parseYamlTyped("x.yaml", "a:\n  - x\r  - evil\n")).toEqual({ a: ["x", "evil"] });
    expect(await parseYamlTyped("x.yaml", "a:\n  foo: 1\r  evil: {b: 2}\n")).toEqual({ a: { foo: 1, evil: { b: 2 } } });
    expect(await edgeToEvil("    dependencies:\r      evil: 6.6.6")).toBe(true);
  });
});

describe("a carriage return alone in yarn.lock", () => {
  // yarn v1's tokenizer breaks lines at '\n' and at '\r' alone, as YAML does for berry's fallback.
  it("breaks the line: the dependency under it is an edge, not part of a key", () => {
    const classic = ["foo@^1.0.0:", '  version "1.0.0"', '  dependencies:\r    evil "^6.6.6"', ""].join("\n");
    const doc = parseYarnSyntax("yarn.lock", classic, "classic");
    expect(doc.root["foo@^1.0.0"]).toEqual({ version: "1.0.0", dependencies: { evil: "^6.6.6" } });
    const berry = ['"foo@npm:^1.0.0":', "  version: 1.0.0", '  dependencies:\r    evil: "npm:^6.6.6"', ""].join("\n");
    expect(parseYarnSyntax("yarn.lock", berry, "berry").root["foo@npm:^1.0.0"]).toEqual({
      version: "1.0.0",
      dependencies: { evil: "npm:^6.6.6" },
    });
  });
});

/**
 * Whether pnpm-lock v9 text whose foo@1.0.0 snapshot lists its dependencies as `dependencies`
 * (one or more lines) gives the model an edge from foo to evil@6.6.6.
 */
async function edgeToEvil(dependencies: string): Promise<boolean> {
  const lockfile = [
    ...FOO_LOCKFILE_HEAD,
    "  evil@6.6.6:",
    `    resolution: {integrity: sha512-${"B".repeat(86)}==}`,
    "    hasBin: true",
    "",
    "snapshots:",
    "",
    "  foo@1.0.0:",
    dependencies,
    "",
    "  evil@6.6.6: {}",
    "",
  ].join("\n");
  const model = await parseLockfile({ path: "pnpm-lock.yaml", content: lockfile, cwd: "/" });
  return model.edges.some((e) => e.from === "foo@1.0.0" && e.to === "evil@6.6.6");
}
