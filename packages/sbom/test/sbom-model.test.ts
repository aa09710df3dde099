import { describe, expect, it } from "vitest";
import { renderSbom } from "../src/sbom/render.js";
import { expectCycloneDxGraphClosed, expectSpdxGraphClosed } from "./graph.js";
import { GIT_SHA, handBuiltLockfile, SHA1_B, SHA512_A } from "./hand-built.js";
import { cycloneDxJsonErrors, parseXml, spdxErrors } from "./validate.js";

const when = new Date("2024-01-16T12:00:00Z");
const base = { projectName: "demo", includeDev: false, timestamp: when } as const;

function cdx(extra: Partial<Parameters<typeof renderSbom>[1]> = {}) {
  const r = renderSbom(handBuiltLockfile(), { ...base, format: "cyclonedx-json", ...extra });
  return { ...r, doc: JSON.parse(r.content) };
}
// biome-ignore lint/suspicious/noExplicitAny: documents are read as plain JSON in these tests
type Json = any;
const byName = (doc: Json, name: string): Json[] =>
  doc.components.filter((c: Json) => (c.group ? `${c.group}/${c.name}` : c.name) === name);

describe("CycloneDX identity", () => {
  it("gives one component per name@version with canonical purls", () => {
    const { doc } = cdx();
    expect(byName(doc, "@babel/core")).toHaveLength(1);
    expect(byName(doc, "@babel/core")[0].purl).toBe("pkg:npm/%40babel/core@7.24.0");
    // the alias string-width-cjs is the real string-width, once
    expect(
      doc.components
        .filter((c: { name: string }) => c.name.startsWith("string-width"))
        .map((c: { purl: string }) => c.purl),
    ).toEqual(["pkg:npm/string-width@4.2.3"]);
    expect(byName(doc, "grpc-reflection-js")[0].purl).toBe(
      `pkg:npm/grpc-reflection-js@0.3.0?vcs_url=${encodeURIComponent(`git+ssh://git@github.com/redhoyasa/grpc-reflection-js.git#${GIT_SHA}`)}`,
    );
    expect(byName(doc, "tarred")[0].purl).toBe(
      `pkg:npm/tarred@2.0.0?download_url=${encodeURIComponent(`https://codeload.github.com/acme/tarred/tar.gz/${GIT_SHA}`)}`,
    );
    expect(byName(doc, "internal")[0].purl).toBe(
      `pkg:npm/internal@3.1.0?repository_url=${encodeURIComponent("https://npm.acme.example/repository/npm/")}`,
    );
  });

  it("marks workspace and file: packages first-party, without a purl", () => {
    const { doc } = cdx();
    expect(doc.metadata.component).toMatchObject({ name: "app", version: "1.0.0", "bom-ref": "workspace:." });
    expect(doc.metadata.component.purl).toBeUndefined();
    const lib = byName(doc, "@acme/lib")[0];
    expect(lib).toMatchObject({ "bom-ref": "workspace:packages/lib" });
    expect(lib.purl).toBeUndefined();
    const local = byName(doc, "local-thing")[0];
    expect(local.purl).toBeUndefined();
    expect(local.properties).toContainEqual({ name: "rampart:package:source", value: "file" });
  });

  it("writes lockfile integrity as hex on the component and its distribution reference", () => {
    const { doc } = cdx();
    const core = byName(doc, "@babel/core")[0];
    expect(core.hashes).toEqual([{ alg: "SHA-512", content: SHA512_A }]);
    expect(core.externalReferences).toEqual([
      {
        type: "distribution",
        url: "https://registry.npmjs.org/@babel/core/-/core-7.24.0.tgz",
        hashes: [{ alg: "SHA-512", content: SHA512_A }],
      },
    ]);
    expect(byName(doc, "foo")[0].hashes).toEqual([{ alg: "SHA-1", content: SHA1_B }]);
  });

  it("takes yarn classic's #sha1 URL fragment as a SHA-1 hash and leaves it out of the download URL", () => {
    const lock = handBuiltLockfile();
    lock.packages.push({
      ...lock.packages[2]!,
      id: "node_modules/yarnish",
      name: "yarnish",
      resolved: `https://registry.yarnpkg.com/yarnish/-/yarnish-1.0.0.tgz#${"D".repeat(40)}`,
      integrity: [lock.packages[0]!.integrity[0]!],
    });
    const doc = JSON.parse(renderSbom(lock, { ...base, format: "cyclonedx-json" }).content);
    const c = byName(doc, "yarnish")[0];
    expect(c.hashes).toEqual([
      { alg: "SHA-1", content: "d".repeat(40) },
      { alg: "SHA-512", content: SHA512_A },
    ]);
    expect(c.externalReferences[0].url).toBe("https://registry.yarnpkg.com/yarnish/-/yarnish-1.0.0.tgz");
    expect(c.purl).toBe("pkg:npm/yarnish@1.0.0");
  });

  it("never labels a yarn berry cache checksum as the tarball hash", () => {
    const lock = handBuiltLockfile();
    const core = lock.packages[0]!;
    core.integrity = [
      { algorithm: "sha512", hex: "c".repeat(128), raw: `10/${"c".repeat(128)}`, subject: "yarn-cache" },
    ];
    lock.packages.splice(1, 1);
    lock.edges = lock.edges.filter((e) => e.to !== "node_modules/foo/node_modules/@babel/core");
    const doc = JSON.parse(renderSbom(lock, { ...base, format: "cyclonedx-json" }).content);
    const c = byName(doc, "@babel/core")[0];
    expect(c.hashes).toBeUndefined();
    expect(c.externalReferences[0].hashes).toBeUndefined();
    expect(c.properties).toContainEqual({ name: "rampart:yarn:cache-checksum", value: `10/${"c".repeat(128)}` });
  });

  it("writes licences as SPDX ids or expressions, and keeps unknown ones as names", () => {
    const { doc } = cdx();
    expect(byName(doc, "@babel/core")[0].licenses).toEqual([{ license: { id: "MIT" } }]);
    expect(byName(doc, "foo")[0].licenses).toEqual([{ expression: "(MIT OR Apache-2.0)" }]);
    expect(byName(doc, "fsevents")[0].licenses).toEqual([{ license: { id: "MIT" } }]);
    expect(byName(doc, "internal")[0].licenses).toEqual([{ license: { name: "SEE LICENSE IN LICENSE.txt" } }]);
  });
});

describe("CycloneDX graph and scopes", () => {
  it("leaves dev-only packages out unless asked, then marks them excluded", () => {
    expect(byName(cdx().doc, "vitest")).toEqual([]);
    const { doc } = cdx({ includeDev: true });
    expect(byName(doc, "vitest")[0].scope).toBe("excluded");
    expect(byName(doc, "fsevents")[0].scope).toBe("optional");
    expect(byName(doc, "foo")[0].scope).toBe("required");
    // string-width is reached from the workspace (prod) and from vitest (dev): prod wins
    expect(byName(doc, "string-width")[0].scope).toBe("required");
  });

  it("closes the graph: every edge names a component", () => {
    for (const includeDev of [false, true]) {
      const { doc } = cdx({ includeDev });
      expectCycloneDxGraphClosed(doc);
      const root = doc.dependencies.find((d: { ref: string }) => d.ref === "workspace:.");
      expect(root.dependsOn).toContain("workspace:packages/lib");
      expect(root.dependsOn).toContain("pkg:npm/%40babel/core@7.24.0");
    }
  });

  it("emits one workspace and its transitive closure with --workspace", () => {
    const { doc } = cdx({ workspace: "@acme/lib" });
    expect(doc.metadata.component).toMatchObject({ group: "@acme", name: "lib", "bom-ref": "workspace:packages/lib" });
    expect(doc.components.map((c: { name: string }) => c.name).sort()).toEqual([
      "grpc-reflection-js",
      "internal",
      "string-width",
      "tarred",
    ]);
    expectCycloneDxGraphClosed(doc);
    expect(cdx({ workspace: "packages/lib" }).content).toBe(cdx({ workspace: "@acme/lib" }).content);
    expect(() => cdx({ workspace: "nope" })).toThrow(expect.objectContaining({ code: "SBOM_WORKSPACE_NOT_FOUND" }));
  });

  it("names a nameless root with a placeholder and warns", () => {
    const lock = handBuiltLockfile();
    delete lock.importers[0]!.name;
    const r = renderSbom(lock, { ...base, format: "cyclonedx-json" });
    expect(JSON.parse(r.content).metadata.component.name).toBe("unnamed:demo");
    expect(r.warnings).toEqual([expect.stringContaining('has no name: the SBOM calls it "unnamed:demo"')]);
  });
});

describe("determinism and validity", () => {
  it("gives the same bytes for the same input, a content-derived serial and the given timestamp", () => {
    const a = cdx().content;
    expect(cdx().content).toBe(a);
    const doc = JSON.parse(a);
    expect(doc.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(doc.metadata.timestamp).toBe("2024-01-16T12:00:00.000Z");
    expect(cdx({ includeDev: true }).doc.serialNumber).not.toBe(doc.serialNumber);
    expect(a.endsWith("}\n")).toBe(true);
  });

  it.each(["1.6", "1.5", "1.4"])("validates against the CycloneDX %s JSON schema", async (specVersion) => {
    const { content, doc } = cdx({ includeDev: true, specVersion });
    expect(doc.specVersion).toBe(specVersion);
    expect(await cycloneDxJsonErrors(content, specVersion)).toBeNull();
  });

  it("writes well-formed XML with the same components", () => {
    const xml = renderSbom(handBuiltLockfile(), { ...base, format: "cyclonedx-xml", includeDev: true }).content;
    const bom = parseXml(xml).bom as { components: { component: Array<{ "@bom-ref": string }> } };
    const json = cdx({ includeDev: true }).doc;
    expect(bom.components.component.map((c) => c["@bom-ref"]).sort()).toEqual(
      json.components.map((c: { "bom-ref": string }) => c["bom-ref"]).sort(),
    );
  });

  it("writes SPDX 2.3 that validates, with dev and optional relationships", () => {
    const r = renderSbom(handBuiltLockfile(), { ...base, format: "spdx-json", includeDev: true });
    expect(spdxErrors(r.content)).toBeNull();
    const doc = JSON.parse(r.content);
    expectSpdxGraphClosed(doc);
    const types = new Set(doc.relationships.map((x: { relationshipType: string }) => x.relationshipType));
    expect(types).toEqual(new Set(["DESCRIBES", "DEPENDS_ON", "DEV_DEPENDENCY_OF", "OPTIONAL_DEPENDENCY_OF"]));
    const internal = doc.packages.find((p: { name: string }) => p.name === "internal");
    expect(internal.licenseDeclared).toBe("LicenseRef-SEE-LICENSE-IN-LICENSE.txt");
    expect(doc.hasExtractedLicensingInfos).toContainEqual(
      expect.objectContaining({ extractedText: "SEE LICENSE IN LICENSE.txt" }),
    );
    expect(doc.packages.find((p: { name: string }) => p.name === "grpc-reflection-js").downloadLocation).toBe(
      `git+ssh://git@github.com/redhoyasa/grpc-reflection-js.git@${GIT_SHA}`,
    );
    expect(renderSbom(handBuiltLockfile(), { ...base, format: "spdx-json", includeDev: true }).content).toBe(r.content);
  });
});

describe("the validators themselves", () => {
  it("reject a broken hash and an unknown SPDX field (so a passing validation means something)", async () => {
    const doc = cdx().doc;
    doc.components[1].hashes = [{ alg: "SHA-512", content: "not-hex" }];
    expect(await cycloneDxJsonErrors(JSON.stringify(doc), "1.6")).not.toBeNull();
    const spdx = JSON.parse(renderSbom(handBuiltLockfile(), { ...base, format: "spdx-json" }).content);
    spdx.packages[0].scope = "required";
    expect(spdxErrors(JSON.stringify(spdx))).not.toBeNull();
    for (const bad of [
      "<bom><components></bom>",
      "<a><b></a></b>",
      '<a x="1" x="2"/>',
      "<a>&bogus;</a>",
      "<a/><b/>",
      "<a>x < y</a>",
    ]) {
      expect(() => parseXml(bad), bad).toThrow(/not well-formed/);
    }
    const ok = parseXml('<?xml version="1.0"?>\n<a x="&amp;"><!-- c --><b>t &lt; u</b><![CDATA[<raw>]]></a>\n');
    // xmlbuilder2's object form: attributes under "@", comments under "!", CDATA under "$".
    expect(ok).toEqual({ a: { "@x": "&amp;", "!": " c ", b: "t &lt; u", $: "<raw>" } });
  });
});

describe("credentials in lockfile URLs", () => {
  // Assembled at runtime; what an SBOM is published with must never hold them.
  const token = `ghp_${"Qw3r".repeat(9)}`;
  const password = ["Sx", "9fT2", "kL7p", "Vb4n"].join("");
  function leaky(): ReturnType<typeof handBuiltLockfile> {
    const lockfile = handBuiltLockfile();
    for (const p of lockfile.packages) {
      if (p.name === "grpc-reflection-js")
        p.resolved = `git+https://x-access-token:${token}@github.com/redhoyasa/grpc-reflection-js.git#${GIT_SHA}`;
      if (p.name === "tarred") p.resolved = `https://codeload.github.com/acme/tarred/tar.gz/${GIT_SHA}?token=${token}`;
      if (p.name === "internal")
        p.resolved = `https://ci:${password}@npm.acme.example/repository/npm/internal/-/internal-3.1.0.tgz`;
    }
    return lockfile;
  }

  it("are removed from purls, external references and downloadLocation; the documents still validate", async () => {
    for (const format of ["cyclonedx-json", "cyclonedx-xml", "spdx-json"] as const) {
      const { content } = renderSbom(leaky(), { ...base, format });
      expect(content, format).not.toContain(token.slice(4, 12));
      expect(content, format).not.toContain(password.slice(0, 8));
      expect(content, format).toContain("npm.acme.example/repository/npm/internal/-/internal-3.1.0.tgz");
    }
    const doc = JSON.parse(renderSbom(leaky(), { ...base, format: "cyclonedx-json" }).content);
    expect(byName(doc, "grpc-reflection-js")[0].purl).toBe(
      `pkg:npm/grpc-reflection-js@0.3.0?vcs_url=${encodeURIComponent(`git+https://github.com/redhoyasa/grpc-reflection-js.git#${GIT_SHA}`)}`,
    );
    expect(await cycloneDxJsonErrors(JSON.stringify(doc), "1.6")).toBeNull();
    const spdx = renderSbom(leaky(), { ...base, format: "spdx-json" }).content;
    expect(spdxErrors(spdx)).toBeNull();
    expect(spdx).toContain(`"downloadLocation": "https://codeload.github.com/acme/tarred/tar.gz/${GIT_SHA}"`);
  });
});
