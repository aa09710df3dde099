import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describeWithShared, sharedPath } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { generateSbom, type SbomOptions } from "../src/sbom/generate.js";
import { expectCycloneDxGraphClosed, expectSpdxGraphClosed } from "./graph.js";
import { cycloneDxJsonErrors, spdxErrors } from "./validate.js";
import { xmlWellFormednessError } from "./xml-well-formed.js";

/** 1.5 output is validated on one lockfile of each family (1.6 on all): it is the same code path. XML byte-identity too. */
const SPEC_1_5 = new Set([
  "npm-v3-workspaces-insomnia",
  "pnpm-v9-large-vite",
  "yarn-v1-webpack",
  "yarn-berry-v10-babel",
]);

function unescapeXml(s: string): string {
  return s.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, e: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e] as string,
  );
}

interface Fixture {
  dir: string;
  lockfile: string;
  format: string;
  uniqueNameVersion?: number;
  uniqueResolutions?: number;
  patchResolutions?: number;
  workspaces?: number;
  importers?: number;
}

const LOCKFILES = "fixtures/lockfiles";
const loadIndex = () => JSON.parse(readFileSync(sharedPath(LOCKFILES, "index.json"), "utf8")) as Fixture[];

/**
 * Third-party (and `file:`) components the SBOM must hold, from index.json's unique name@version
 * count. Where the index counts something else, the difference is on purpose:
 * - pnpm-v5.4-vue-core: the index's script cut v5 keys at the first "_" (the peer separator), so two
 *   string_decoder versions became one; the lockfile holds 759 (as the lockfile package's tests say).
 * - yarn-v1-webpack: the index counts the 4 npm-alias entries (string-width-cjs, strip-ansi-cjs,
 *   prettier-2 style) under their alias names; an SBOM resolves an alias to the real package, which
 *   the lockfile already has, so they are the same component: 1397 - 4.
 * - yarn berry: the index counts resolutions; a `patch:` resolution has its base's name@version, so
 *   it is the same component (with a rampart:package:patch property).
 */
const ERRATA: Record<string, number> = { "pnpm-v5.4-vue-core": 759, "yarn-v1-webpack": 1393 };

function expectedComponents(fx: Fixture): number {
  if (ERRATA[fx.dir] !== undefined) return ERRATA[fx.dir] as number;
  if (fx.uniqueNameVersion !== undefined) return fx.uniqueNameVersion;
  return (fx.uniqueResolutions ?? 0) - (fx.patchResolutions ?? 0);
}

/** Workspaces other than the root: npm counts them without the root, pnpm importers and berry workspaces with it. */
function expectedWorkspaces(fx: Fixture): number {
  if (fx.format.startsWith("npm")) return fx.workspaces ?? 0;
  if (fx.format.startsWith("pnpm")) return (fx.importers ?? 1) - 1;
  if (fx.format.startsWith("yarn berry")) return (fx.workspaces ?? 1) - 1;
  return 0;
}

// biome-ignore lint/suspicious/noExplicitAny: the documents are read as plain JSON
type Json = any;
const prop = (c: Json, name: string) => c.properties?.find((p: Json) => p.name === name)?.value;

function once(fx: Fixture, options: Partial<SbomOptions>) {
  return generateSbom({
    cwd: sharedPath("fixtures/lockfiles", fx.dir),
    lockfile: fx.lockfile,
    includeDev: true,
    timestamp: "2024-01-16T00:00:00Z",
    ...options,
  });
}

async function twice(fx: Fixture, options: Partial<SbomOptions>) {
  const [a, b] = [await once(fx, options), await once(fx, options)];
  expect(b.content === a.content, "byte-identical across two runs").toBe(true);
  return a;
}

describeWithShared(LOCKFILES, "real-world lockfiles", () => {
  describe.each(loadIndex().map((fx) => [fx.dir, fx] as const))("%s", (_dir, fx) => {
    it("CycloneDX JSON: schema-valid (1.6 and 1.5), closed graph, the fixture's component count", async () => {
      const r = await twice(fx, { format: "cyclonedx-json" });
      expect(await cycloneDxJsonErrors(r.content, "1.6")).toBeNull();
      const doc = JSON.parse(r.content);
      expectCycloneDxGraphClosed(doc);
      const components: Json[] = doc.components ?? [];
      const workspaces = components.filter((c) => prop(c, "rampart:package:source") === "workspace");
      const links = components.filter((c) => prop(c, "rampart:package:source") === "link");
      expect(components.length - workspaces.length - links.length).toBe(expectedComponents(fx));
      expect(workspaces.length).toBe(expectedWorkspaces(fx));
      // first-party components (and only they) have no purl; everything else is pkg:npm
      for (const c of components) {
        const firstParty = prop(c, "rampart:package:source") !== undefined;
        expect(c.purl === undefined, `${c["bom-ref"]}`).toBe(firstParty);
        if (!firstParty) expect(c.purl).toMatch(/^pkg:npm\//);
      }
      if (fx.format.startsWith("yarn berry")) {
        // only yarn's cache checksums there: never written as tarball hashes
        expect(components.filter((c) => c.hashes)).toEqual([]);
        // each patch: resolution is its base's component, marked as patched
        expect(components.filter((c) => prop(c, "rampart:package:patch") !== undefined).length).toBe(
          fx.patchResolutions,
        );
      }
    });

    // CycloneDX 1.5 on one lockfile per family (declared only there, so nothing shows as skipped).
    if (SPEC_1_5.has(fx.dir)) {
      it("CycloneDX 1.5 JSON: schema-valid", async () => {
        const v15 = await generateSbom({
          cwd: sharedPath("fixtures/lockfiles", fx.dir),
          lockfile: fx.lockfile,
          includeDev: true,
          format: "cyclonedx-json",
          specVersion: "1.5",
          timestamp: "none",
        });
        expect(await cycloneDxJsonErrors(v15.content, "1.5")).toBeNull();
      });
    }

    it("CycloneDX XML: well-formed, the same components as the JSON", async () => {
      // The XML serializer (xmlbuilder2) is slow on big BOMs: byte-identity is checked on one lockfile per family.
      const xml = SPEC_1_5.has(fx.dir)
        ? await twice(fx, { format: "cyclonedx-xml" })
        : await once(fx, { format: "cyclonedx-xml" });
      expect(xmlWellFormednessError(xml.content)).toBeNull();
      // <component type="library" bom-ref="..."> under <components>; the metadata component comes first
      const refs = [...xml.content.matchAll(/<component type="[a-z-]+" bom-ref="([^"]*)"/g)].map((m) =>
        unescapeXml(m[1] as string),
      );
      expect(refs.slice(1).sort()).toEqual(xml.inventory.components.map((c) => c.ref).sort());
      expect(refs[0]).toBe(xml.inventory.root.ref);
    });

    it("SPDX 2.3 JSON: schema-valid, closed relationships, one package per component", async () => {
      const r = await twice(fx, { format: "spdx-json" });
      expect(spdxErrors(r.content)).toBeNull();
      const doc = JSON.parse(r.content);
      expectSpdxGraphClosed(doc);
      expect(doc.packages.length).toBe(r.inventory.components.length + 1);
    });
  });
});

/** The small hand-written lockfiles of every format (packages/lockfile/test/fixtures), on a plain clone too. */
const small = resolve(import.meta.dirname, "../../lockfile/test/fixtures");
describe.each([
  ["npm-v1", "package-lock.json"],
  ["npm-v2", "package-lock.json"],
  ["npm-v3", "package-lock.json"],
  ["pnpm-v5.4", "pnpm-lock.yaml"],
  ["pnpm-v6", "pnpm-lock.yaml"],
  ["pnpm-v9", "pnpm-lock.yaml"],
  ["yarn-v1", "yarn.lock"],
  ["yarn-berry", "yarn.lock"],
] as const)("small %s lockfile", (dir, lockfile) => {
  const make = (format: SbomOptions["format"], includeDev = true) =>
    generateSbom({ cwd: resolve(small, dir), lockfile, includeDev, format, timestamp: "none" });

  it("CycloneDX JSON: schema-valid, closed graph, the four packages with purls, dev ones only when asked", async () => {
    const r = await make("cyclonedx-json");
    expect(await cycloneDxJsonErrors(r.content, "1.6")).toBeNull();
    const doc = JSON.parse(r.content);
    expectCycloneDxGraphClosed(doc);
    expect((doc.components as Json[]).map((c) => c.purl).sort()).toEqual([
      "pkg:npm/debug@4.3.4",
      "pkg:npm/is-number@7.0.0",
      "pkg:npm/ms@2.1.2",
      "pkg:npm/ms@2.1.3",
    ]);
    const prodOnly = JSON.parse((await make("cyclonedx-json", false)).content);
    expect((prodOnly.components as Json[]).map((c) => c.name).sort()).toEqual(["debug", "ms", "ms"]);
    expect((await make("cyclonedx-json")).content).toBe(r.content);
  });

  it("SPDX 2.3 JSON: schema-valid, closed relationships, one package per component and the root", async () => {
    const r = await make("spdx-json");
    expect(spdxErrors(r.content)).toBeNull();
    const doc = JSON.parse(r.content);
    expectSpdxGraphClosed(doc);
    expect(doc.packages.length).toBe(5);
  });
});
