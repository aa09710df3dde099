import { describeWithShared } from "@rampart/test-helpers";
import { expect, it } from "vitest";
import { checkLockfile, parseLockfile } from "../src/index.js";
import { recordedAliasEdges } from "../src/parse/suspects.js";
import { fixturePath, LOCKFILES, loadIndex, readFixture } from "./fixtures.js";

/** Replaces exactly one occurrence, so an edit can never make a case vacuous. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/**
 * Differential: `lockfile check` reads package-lock.json without the edges between packages; the
 * alias edges the reader records instead are the graph's own, and every finding is the same.
 */
async function compare(dir: string, content: string) {
  // v1 nests its tree in `dependencies`; v2 and v3 are read from `packages`: both readers.
  const cwd = fixturePath(dir);
  const full = await parseLockfile({ path: "package-lock.json", content, cwd });
  const lean = await parseLockfile({ path: "package-lock.json", content, cwd, packageEdges: false });
  const aliased = new Set(full.packages.filter((p) => p.aliases !== undefined).map((p) => p.id));
  const fromGraph = full.edges.filter((e) => aliased.has(e.to));
  expect(recordedAliasEdges(full)).toEqual(fromGraph);
  expect(recordedAliasEdges(lean)).toEqual(fromGraph);
  expect(lean.packages).toEqual(full.packages);
  expect(lean.importers).toEqual(full.importers);
  expect(lean.edges.every((e) => e.from.startsWith("importer:"))).toBe(true);
  const a = await checkLockfile(full, {}, { cwd });
  const b = await checkLockfile(lean, {}, { cwd });
  expect(b.findings).toEqual(a.findings);
  return { aliasEdges: fromGraph.length, findings: a.findings };
}

describeWithShared(LOCKFILES, "package-lock.json read without the package graph", () => {
  // Inside the suite: on a clone without ../shared the index is not there and the suite is skipped.
  const NPM = loadIndex()
    .filter((fx) => fx.lockfile === "package-lock.json")
    .map((fx) => fx.dir);

  it.each(NPM)("%s: same alias edges, same findings", async (dir) => {
    await compare(dir, readFixture(dir, "package-lock.json"));
  });

  it("the fixtures' honest aliases are seen (string-width-cjs...), and a fake one is still caught", async () => {
    const dir = "npm-v3-large-nodejs.org";
    const original = readFixture(dir, "package-lock.json");
    expect((await compare(dir, original)).aliasEdges).toBeGreaterThan(2);
    const swapped = edit(
      original,
      `"node_modules/ms": {\n      "version": "2.1.2",\n      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz"`,
      `"node_modules/ms": {\n      "name": "left-pad",\n      "version": "1.3.0",\n      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"`,
    );
    const { findings } = await compare(dir, swapped);
    expect(findings.filter((f) => f.ruleId === "lockfile/name-mismatch")).toMatchObject([
      { properties: { package: "left-pad", declared: "ms" } },
    ]);
  });

  it("npm v1: a package swapped in under a name its dependents require is caught without the graph", async () => {
    const dir = "npm-v1-small-husky";
    const swapped = edit(
      readFixture(dir, "package-lock.json"),
      `"ms": {\n      "version": "2.0.0",\n      "resolved": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz"`,
      `"ms": {\n      "version": "npm:left-pad@1.3.0",\n      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"`,
    );
    const { aliasEdges, findings } = await compare(dir, swapped);
    expect(aliasEdges).toBeGreaterThan(0);
    expect(findings.filter((f) => f.ruleId === "lockfile/name-mismatch")).toMatchObject([
      { properties: { package: "left-pad", declared: "ms" } },
    ]);
  });
});

it("resolves each package's dependencies as Node does, a nested install before the root's, whatever was looked up first", async () => {
  // The root's b is looked up first (by the importer), then a's b, which its own nested copy
  // shadows; `missing` resolves nowhere, for a and again for c.
  const content = JSON.stringify({
    name: "p",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "p", dependencies: { a: "1", b: "2", c: "1" } },
      "node_modules/a": { version: "1.0.0", dependencies: { b: "^1", missing: "1" } },
      "node_modules/a/node_modules/b": { version: "1.0.0" },
      "node_modules/b": { version: "2.0.0" },
      "node_modules/c": { version: "1.0.0", dependencies: { b: "^2", missing: "1" } },
    },
  });
  const lockfile = await parseLockfile({ path: "package-lock.json", content, cwd: import.meta.dirname });
  expect(lockfile.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual([
    "importer:. -> node_modules/a",
    "importer:. -> node_modules/b",
    "importer:. -> node_modules/c",
    "node_modules/a -> node_modules/a/node_modules/b",
    "node_modules/c -> node_modules/b",
  ]);
});
