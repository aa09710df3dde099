import { readFileSync } from "node:fs";
import { parseLockfile } from "@rampart/lockfile/parse";
import { describeWithShared, sharedPath } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { inEnglishOrder, renderCycloneDx, renderWithLibrary } from "../src/sbom/cyclonedx.js";
import { renderCycloneDxDirect, writesDirectly } from "../src/sbom/cyclonedx-json.js";
import { buildInventory, type Inventory, type InventoryComponent } from "../src/sbom/inventory.js";
import { handBuiltLockfile } from "./hand-built.js";

// The direct CycloneDX JSON writer must write exactly the bytes the library's serializer writes.

const META = { tool: { name: "rampart", version: "0.1.0" }, timestamp: new Date("2024-01-16T00:00:00Z") };
const VERSIONS = ["1.6", "1.5"] as const;

function expectSameBytes(inv: Inventory, meta: typeof META | { tool: typeof META.tool } = META) {
  for (const version of VERSIONS) {
    expect(writesDirectly(inv, "json", version)).toBe(true);
    const direct = renderCycloneDxDirect(inv, meta, "json", version);
    const library = renderWithLibrary(inv, meta, "json", version);
    // Compared as text: a mismatch shows as a readable diff of the first differing lines.
    if (direct !== library) expect(direct).toBe(library);
  }
}

function component(ref: string, extra: Partial<InventoryComponent> = {}): InventoryComponent {
  return {
    ref,
    name: ref,
    firstParty: false,
    source: "registry",
    scope: "required",
    hashes: [],
    properties: [],
    ...extra,
  };
}

describe("CycloneDX JSON written directly", () => {
  it("is the library's bytes for the hand-built lockfile, with and without dev packages and a timestamp", () => {
    for (const includeDev of [false, true]) {
      const inv = buildInventory(handBuiltLockfile(), { includeDev, projectName: "app" });
      expectSameBytes(inv);
      expectSameBytes(inv, { tool: META.tool });
    }
  });

  it("is the library's bytes for the edge cases of each field", () => {
    const root = component("workspace:.", { name: "@acme/app", version: "", firstParty: true, license: "MIT" });
    const hex = (c: string, n: number) => c.repeat(n);
    const components = [
      // scoped name, every optional field, hashes out of order (and one the spec's pattern refuses)
      component("pkg:npm/%40b/z@1.0.0", {
        name: "@b/z",
        version: "1.0.0",
        purl: "pkg:npm/%40b/z@1.0.0",
        scope: "optional",
        author: "A. Author <a@example.org>",
        description: 'ünïcode, "quotes" and \\ backslashes\n',
        hashes: [
          { algorithm: "SHA-512", hex: hex("c", 128) },
          { algorithm: "SHA-1", hex: hex("B", 40) },
          { algorithm: "SHA-256", hex: "not-hex" },
          { algorithm: "SHA-1", hex: hex("a", 40) },
        ],
        downloadUrl: "https://registry.example/@b/z/-/z 1.0.0[1]{x}<y>'q'\"d\".tgz",
        vcsUrl: "git+ssh://git@github.com/b/z.git#0123",
        license: "(MIT OR Apache-2.0)",
        properties: [
          ["rampart:z", "2"],
          ["rampart:a", "b"],
          ["rampart:a", "a"],
          ["Rampart:A", "x"],
        ],
      }),
      // no version, a licence that is neither an SPDX id nor an expression, a deprecated id
      component("link:packages/x", { name: "x", source: "link", firstParty: true, license: "SEE LICENSE IN x.txt" }),
      component("pkg:npm/a@2", { name: "a", version: "2", purl: "pkg:npm/a@2", license: "GPL-2.0", scope: "excluded" }),
      component("pkg:npm/A@1", { name: "A", version: "1", license: "mit", downloadUrl: "https://r.example/A.tgz" }),
      component("pkg:npm/_u@1", { name: "_u", version: "1", vcsUrl: "https://github.com/u/u" }),
      component("pkg:npm/%40a/b@1", { name: "@a/b", version: "1", hashes: [{ algorithm: "SHA-1", hex: "zz" }] }),
      // hash values at and around the spec's lengths (32, 40, 64, 96, 128 hex digits), one with a line break
      ...[hex("d", 63), `${hex("d", 63)}\n`, hex("E", 96), hex("f", 129), "", hex("0", 32), `${hex("1", 39)}g`].map(
        (value, i) =>
          component(`pkg:npm/h${i}@1`, { name: `h${i}`, version: "1", hashes: [{ algorithm: "SHA-256", hex: value }] }),
      ),
    ];
    const dependencies = new Map<string, Map<string, "prod" | "dev" | "optional" | "peer">>([
      [
        "workspace:.",
        new Map([
          ["pkg:npm/a@2", "prod"],
          ["pkg:npm/%40b/z@1.0.0", "dev"],
          ["pkg:npm/A@1", "prod"],
        ]),
      ],
      // a self-edge and an edge to a ref that is not a component: both left out
      [
        "pkg:npm/a@2",
        new Map([
          ["pkg:npm/a@2", "prod"],
          ["pkg:npm/missing@1", "prod"],
          ["link:packages/x", "peer"],
        ]),
      ],
      ["pkg:npm/_u@1", new Map()],
    ]);
    expectSameBytes({ root, components, dependencies, warnings: [] });
  });

  it("leaves repeated refs, XML and 1.4 to the library", () => {
    const root = component("workspace:.", { name: "app" });
    const inv: Inventory = {
      root,
      components: [component("pkg:npm/a@1"), component("pkg:npm/a@1")],
      dependencies: new Map(),
      warnings: [],
    };
    expect(writesDirectly(inv, "json", "1.6")).toBe(false);
    const ok: Inventory = { ...inv, components: [component("pkg:npm/a@1")] };
    expect(writesDirectly(ok, "xml", "1.6")).toBe(false);
    expect(writesDirectly(ok, "json", "1.4")).toBe(false);
    // The library renames the repeated ref (randomly): both components are still there.
    expect(JSON.parse(renderCycloneDx(inv, META, "json", "1.6")).components).toHaveLength(2);
  });

  it("gives the library English's order only while it serializes, and puts localeCompare back", () => {
    const builtIn = String.prototype.localeCompare;
    // Swedish (a locale named in the call) keeps its own order inside: z before ö; English's is ö before z.
    expect(inEnglishOrder(() => ["z", "\u00f6"].sort((a, b) => a.localeCompare(b, "sv")))).toEqual(["z", "\u00f6"]);
    expect(inEnglishOrder(() => String.prototype.localeCompare)).not.toBe(builtIn);
    expect(String.prototype.localeCompare).toBe(builtIn);
    expect(() =>
      inEnglishOrder(() => {
        throw new Error("serializer failed");
      }),
    ).toThrow("serializer failed");
    expect(String.prototype.localeCompare).toBe(builtIn);
  });
});

interface Fixture {
  dir: string;
  lockfile: string;
}

const LOCKFILES = "fixtures/lockfiles";

describeWithShared(LOCKFILES, "CycloneDX JSON written directly, on every real-world lockfile", () => {
  const index = JSON.parse(readFileSync(sharedPath(LOCKFILES, "index.json"), "utf8")) as Fixture[];
  it.each(index.map((fx) => [fx.dir, fx] as const))("%s: the library's bytes", async (_dir, fx) => {
    const lockfile = await parseLockfile({ path: fx.lockfile, cwd: sharedPath(LOCKFILES, fx.dir) });
    for (const includeDev of [false, true])
      expectSameBytes(buildInventory(lockfile, { includeDev, projectName: fx.dir }));
  });
});
